import { describe, expect, it } from 'vitest';
import { loadSave, SAVE_KEY, SAVE_VERSION, writeSave } from '../../../src/state/save.ts';
import { MemoryStorage } from '../helpers.ts';

const save = {
  scenarioId: 'tutorial',
  phase: 'investigating' as const,
  elapsedMs: 1234,
  actions: [{ type: 'hint' as const, at: 5, index: 0 }],
};

describe('save', () => {
  it('reads back what it wrote', () => {
    const storage = new MemoryStorage();
    writeSave(storage, save);
    expect(loadSave(storage, 1)).toEqual({ kind: 'ok', save: { version: SAVE_VERSION, ...save } });
  });

  it('reads an open-ended change log query written as null as one with no start', () => {
    const storage = new MemoryStorage();
    const query = { type: 'query', at: 1, tool: 'changes', query: '', matched: 0, shownIds: [] };
    storage.setItem(
      SAVE_KEY,
      JSON.stringify({
        ...save,
        version: SAVE_VERSION,
        actions: [{ ...query, scope: { startMs: null, endMs: 9 } }],
      }),
    );
    const loaded = loadSave(storage, 1);
    expect(loaded.kind === 'ok' && loaded.save.actions).toEqual([{ ...query, scope: { endMs: 9 } }]);
  });

  it('migrates a version 1 save to the evidence vocabulary', () => {
    const storage = new MemoryStorage();
    const v1 = {
      version: 1,
      scenarioId: 'tutorial',
      phase: 'investigating',
      elapsedMs: 10,
      actions: [
        {
          type: 'query',
          at: 1,
          tool: 'logs',
          service: 'cart',
          filter: 'TypeError',
          matched: 1,
          shownIds: [42],
        },
        {
          type: 'pin',
          at: 2,
          evidence: { kind: 'log', id: 42, service: 'cart', tsMs: 1, line: 'TypeError' },
        },
        { type: 'unpin', at: 3, id: 42 },
      ],
    };
    storage.setItem(SAVE_KEY, JSON.stringify(v1));
    const loaded = loadSave(storage, 1);
    expect(loaded.kind === 'ok' && loaded.save.actions).toEqual([
      {
        type: 'query',
        at: 1,
        tool: 'logs',
        query: '{service="cart"} |= "TypeError"',
        scope: { service: 'cart' },
        matched: 1,
        shownIds: ['log:42'],
      },
      {
        type: 'pin',
        at: 2,
        evidence: { kind: 'log', ref: 'log:42', id: 42, service: 'cart', tsMs: 1, line: 'TypeError' },
      },
      { type: 'unpin', at: 3, ref: 'log:42' },
    ]);
  });

  it('finds nothing in empty storage', () => {
    expect(loadSave(new MemoryStorage(), 1)).toEqual({ kind: 'none' });
  });

  const corrupt: { name: string; raw: string; reason: RegExp }[] = [
    { name: 'truncated JSON', raw: '{"version":1,"scenarioId":', reason: /^it is not valid JSON/ },
    { name: 'a save from another version', raw: '{"version":99}', reason: /another version of 2AM \(99\)/ },
    {
      name: 'an action of an unknown kind',
      raw: JSON.stringify({ version: SAVE_VERSION, ...save, actions: [{ type: 'teleport', at: 1 }] }),
      reason: /^actions\.0\.type/,
    },
  ];
  for (const c of corrupt) {
    it(`sets aside ${c.name} and says why`, () => {
      const storage = new MemoryStorage();
      storage.setItem(SAVE_KEY, c.raw);
      const loaded = loadSave(storage, 777);
      expect(loaded.kind).toBe('corrupt');
      if (loaded.kind !== 'corrupt') return;
      expect(loaded.reason).toMatch(c.reason);
      expect(loaded.setAsideKey).toBe(`${SAVE_KEY}.corrupt.777`);
      expect(storage.getItem(`${SAVE_KEY}.corrupt.777`)).toBe(c.raw);
      expect(storage.getItem(SAVE_KEY)).toBeNull();
    });
  }
});
