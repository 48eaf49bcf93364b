import { describe, expect, it } from 'vitest';
import { VARIANTS_PLAYED_KEY } from '../../../src/state/play/variantChoice.ts';
import { recordPlay } from '../../../src/state/progress.ts';
import { loadSave } from '../../../src/state/save.ts';
import { inThread, startSession } from '../../../src/state/session.ts';
import { scopeLogsTo } from '../../../src/ui/logs/runLogs.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText, worldReady } from '../helpers.ts';

const sources = [{ file: 'scenarios/tutorial.yaml', text: scenarioText('tutorial.yaml') }];

describe('session', () => {
  it('plays the scenario as written first, then a variant not given yet, and resumes that variant', async () => {
    const storage = new MemoryStorage();
    const opened: (number | undefined)[] = [];
    // A real host that also notes which variant each play asked for.
    class NotingHost extends WorldHost {
      override open(...args: Parameters<WorldHost['open']>) {
        opened.push(args[1]);
        return super.open(...args);
      }
    }
    const first = startSession({ host: inThread(new NotingHost(sources)), storage, now: () => 0 });
    await first.ready;
    first.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(first);

    first.send({ type: 'back to menu' });
    first.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(first);
    const saved = loadSave(storage, 0);
    expect(saved.kind === 'ok' && saved.save.variant).toBe(1);

    const second = startSession({ host: inThread(new NotingHost(sources)), storage, now: () => 0 });
    await second.ready;
    await worldReady(second);
    expect(opened).toEqual([undefined, 1, 1]);
    // Only variant numbers are kept in the player's storage, never an answer.
    expect(JSON.parse(storage.getItem(VARIANTS_PLAYED_KEY)!)).toEqual({ tutorial: [0, 1] });
  });

  it('continues from the play count of plays made before variants were recorded', async () => {
    const storage = new MemoryStorage();
    recordPlay(storage, { scenarioId: 'tutorial', total: 70, diagnosed: true }, 0);
    recordPlay(storage, { scenarioId: 'tutorial', total: 80, diagnosed: true }, 0);
    const session = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await session.ready;
    session.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(session);
    const saved = loadSave(storage, 0);
    expect(saved.kind === 'ok' && saved.save.variant).toBe(2);
  });

  it('saves an investigation as it goes and restores it in a new session', async () => {
    const storage = new MemoryStorage();
    let clock = 0;
    const first = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => clock });
    await first.ready;
    expect(first.store.getState().catalog.map((c) => c.id)).toEqual(['tutorial']);
    first.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(first);
    first.send({ type: 'begin' });
    clock = 60_000;
    await first.searchLogs({ service: 'cart', contains: 'TypeError' });
    const line = first.store.getState().logView.result!.lines[0]!;
    first.act({
      type: 'pin',
      evidence: {
        kind: 'log',
        ref: `log:${line.id}`,
        id: line.id,
        service: 'cart',
        tsMs: line.tsMs,
        line: line.line,
      },
    });

    // The change log reaches back before the incident window: its open start must save and read back.
    await first.runTool({ tool: 'changes' });

    const saved = loadSave(storage, 0);
    expect(saved.kind).toBe('ok');

    const second = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => clock });
    await second.ready;
    expect(second.store.getState().phase).toBe('investigating');
    expect(second.store.getState().actions).toEqual(first.store.getState().actions);
    expect(second.elapsed()).toBe(60_000);

    // The debrief asks the world again what a recorded query showed; it shows the same items.
    await worldReady(second);
    const queries = second.store.getState().actions.filter((a) => a.type === 'query');
    expect(queries.map((q) => q.tool)).toEqual(['logs', 'changes']);
    for (const q of queries) {
      const again = await second.showAgain(q);
      expect(again.ok ? again.items.map((i) => i.evidence.ref) : []).toEqual(q.shownIds);
    }
  });

  it('does not show lines logged after the incident clock', async () => {
    const clock = 0;
    const session = startSession({
      host: inThread(new WorldHost(sources)),
      storage: new MemoryStorage(),
      now: () => clock,
    });
    await session.ready;
    session.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(session);
    session.send({ type: 'begin' });
    await session.searchLogs({ service: undefined, contains: '' });
    const newest = session.store.getState().logView.result!.lines[0]!;
    expect(newest.tsMs).toBeLessThanOrEqual(Date.parse('2026-10-25T02:05:00Z'));
  });
});

describe('a saved log that names what the scenario does not have', () => {
  it('is set aside whole, reported, and the library opens', async () => {
    const storage = new MemoryStorage();
    const first = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await first.ready;
    first.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(first);
    first.send({ type: 'begin' });
    // Edited by hand: a link from a service the tutorial does not have.
    const saved = JSON.parse(storage.getItem('twoam.investigation')!);
    saved.actions.push({
      type: 'link',
      at: 5,
      id: 'l9',
      from: 'service:mainframe',
      to: 'service:web',
      evidence: [],
    });
    storage.setItem('twoam.investigation', JSON.stringify(saved));

    const second = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await second.ready;
    await new Promise<void>((resolve) => {
      if (second.store.getState().notice) return resolve();
      const stop = second.store.subscribe(
        (s) => s.notice,
        (n) => {
          if (!n) return;
          stop();
          resolve();
        },
      );
    });
    const state = second.store.getState();
    expect(state.phase).toBe('menu');
    expect(state.notice).toContain('link "l9": from: no service "mainframe"');
    expect(storage.getItem('twoam.investigation')).toBeNull();
    const kept = [...storage.items.keys()].filter((k) => k.startsWith('twoam.investigation.corrupt.'));
    expect(kept).toHaveLength(1);
    expect(storage.getItem(kept[0]!)).toContain('service:mainframe');
  });
});

describe('queries the page runs for the trainee', () => {
  it('are recorded but not counted as questions asked', async () => {
    const session = startSession({
      host: inThread(new WorldHost(sources)),
      storage: new MemoryStorage(),
      now: () => 0,
    });
    await session.ready;
    session.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(session);
    session.send({ type: 'begin' });
    await session.runTool({ tool: 'inbox' }, undefined, true);
    await session.runTool({ tool: 'changes' }, undefined, true);
    const browsed = session.store.getState();
    expect(browsed.actions.filter((a) => a.type === 'query').length).toBe(2);
    expect(browsed.notebook.queries).toBe(0);
    await session.runTool({ tool: 'changes', query: 'cart' });
    expect(session.store.getState().notebook.queries).toBe(1);
  });

  it('count a re-run caused by scoping from the map as browsing, and a query typed as asked', async () => {
    const session = startSession({
      host: inThread(new WorldHost(sources)),
      storage: new MemoryStorage(),
      now: () => 0,
    });
    await session.ready;
    session.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(session);
    session.send({ type: 'begin' });
    await scopeLogsTo(session, 'cart');
    const scoped = session.store.getState();
    const recorded = scoped.actions.filter((a) => a.type === 'query');
    expect(recorded.map((a) => a.type === 'query' && [a.tool, a.query, a.browse])).toEqual([
      ['logs', '{service="cart"}', true],
    ]);
    expect(scoped.notebook.queries).toBe(0);
    await session.exploreLogs('{service="cart"} |= "TypeError"');
    expect(session.store.getState().notebook.queries).toBe(1);
  });
});
