import { describe, expect, it } from 'vitest';
import { loadSave, SAVE_KEY, writeSave } from '../../../src/state/save.ts';
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
    expect(loadSave(storage, 1)).toEqual({ kind: 'ok', save: { version: 1, ...save } });
  });

  it('finds nothing in empty storage', () => {
    expect(loadSave(new MemoryStorage(), 1)).toEqual({ kind: 'none' });
  });

  const corrupt: { name: string; raw: string; reason: RegExp }[] = [
    { name: 'truncated JSON', raw: '{"version":1,"scenarioId":', reason: /^it is not valid JSON/ },
    { name: 'a save from another version', raw: '{"version":99}', reason: /another version of 2AM \(99\)/ },
    {
      name: 'an action of an unknown kind',
      raw: JSON.stringify({ version: 1, ...save, actions: [{ type: 'teleport', at: 1 }] }),
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
      expect(storage.getItem(loaded.setAsideKey)).toBe(c.raw);
      expect(storage.getItem(SAVE_KEY)).toBeNull();
    });
  }
});
