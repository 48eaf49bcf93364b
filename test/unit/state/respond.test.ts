import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { inThread, startSession } from '../../../src/state/session.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText, worldReady } from '../helpers.ts';

/** The tutorial offering a rollback (the fix) and a restart, whatever its file offers. */
function tutorialText(): string {
  const doc = parseDocument(scenarioText('tutorial.yaml'));
  doc.set('mitigations', [
    {
      id: 'rollback-cart',
      kind: 'rollback',
      label: 'Roll back cart to 2.4.0',
      event: 'deploy-cart-2-4-1',
      cost: '4m',
    },
    { id: 'restart-cart', kind: 'restart', label: 'Restart cart', service: 'cart', cost: '3m' },
  ]);
  doc.setIn(['solution', 'mitigations'], ['rollback-cart']);
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
    const result = await first.mitigate('rollback-cart');
    // The Changes tool sees one more change on the clock, so an open tab lists it.
    expect(first.changesSoFar()).toBe(changes + 1);
    expect('doneMs' in result && result.doneMs - before).toBe(4 * 60_000);
    expect(first.nowMs() - before).toBe(4 * 60_000);
    expect(await rolledBack(first)).toEqual(['mitigation-rollback-cart']);
    // Applying it twice is refused by the rules: it is recorded once.
    await first.mitigate('rollback-cart');
    expect(first.store.getState().actions.filter((a) => a.type === 'mitigate')).toHaveLength(1);
    expect(await first.mitigate('reboot-everything')).toEqual({
      error: 'no mitigation "reboot-everything"; the scenario offers rollback-cart, restart-cart',
    });

    clock = 200_000;
    const second = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => clock });
    await second.ready;
    await worldReady(second);
    // The clock resumes where the save left it: the time of the mitigation plus what it took.
    expect(second.nowMs()).toBe(before + 4 * 60_000);
    expect(await rolledBack(second)).toEqual(['mitigation-rollback-cart']);
    const effects = await second.judgeResponse();
    expect(effects.map((e) => [e.mitigation, e.outcome])).toEqual([['rollback-cart', 'cleared']]);
  });
});
