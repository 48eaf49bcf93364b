import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { inThread, startSession } from '../../../src/state/session.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText, worldReady } from '../helpers.ts';

/** The tutorial weighing a rollback (the fix, 4 minutes) and a restart, whatever its file says. */
function tutorialText(): string {
  const doc = parseDocument(scenarioText('tutorial.yaml'));
  doc.set('mitigations', {
    'rollback:deploy-cart-2-4-1': { right: true, cost: '4m' },
    'restart:cart': { cost: '3m' },
  });
  return doc.toString();
}

const sources = [{ file: 'scenarios/tutorial.yaml', text: tutorialText() }];

const rolledBack = async (session: ReturnType<typeof startSession>) => {
  const changes = await session.runTool({ tool: 'changes', query: 'roll back' });
  return changes.ok ? changes.items.map((i) => (i.evidence.kind === 'change' ? i.evidence.eventId : '')) : [];
};

describe('responding in a session', () => {
  it('applies a mitigation now, moves the clock on by its cost, and a reload replays it at the same moment', async () => {
    const storage = new MemoryStorage();
    let clock = 0;
    const first = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => clock });
    await first.ready;
    first.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(first);
    first.send({ type: 'begin' });
    clock = 90_000;
    const before = first.nowMs();
    const changes = first.changesSoFar();
    const result = await first.mitigate('rollback:deploy-cart-2-4-1');
    // The Changes tool sees one more change on the clock, so an open tab lists it.
    expect(first.changesSoFar()).toBe(changes + 1);
    expect('doneMs' in result && result.doneMs - before).toBe(4 * 60_000);
    expect(first.nowMs() - before).toBe(4 * 60_000);
    expect(await rolledBack(first)).toEqual(['mitigation-rollback-deploy-cart-2-4-1']);
    // Applying it twice is refused by the rules: it is recorded once.
    await first.mitigate('rollback:deploy-cart-2-4-1');
    expect(first.store.getState().actions.filter((a) => a.type === 'mitigate')).toHaveLength(1);
    // An action the system does not have is refused, and changes nothing.
    const actionsBefore = first.store.getState().actions.length;
    expect(await first.mitigate('reboot:everything')).toEqual({
      error: 'no action "reboot:everything" on this system',
    });
    expect(first.store.getState().actions).toHaveLength(actionsBefore);
    expect(first.changesSoFar()).toBe(changes + 1);

    clock = 200_000;
    const second = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => clock });
    await second.ready;
    await worldReady(second);
    // The clock resumes where the save left it: the time of the mitigation plus what it took.
    expect(second.nowMs()).toBe(before + 4 * 60_000);
    expect(await rolledBack(second)).toEqual(['mitigation-rollback-deploy-cart-2-4-1']);
    const effects = await second.judgeResponse();
    expect(effects.map((e) => [e.mitigation, e.outcome])).toEqual([
      ['rollback:deploy-cart-2-4-1', 'cleared'],
    ]);
  });
});
