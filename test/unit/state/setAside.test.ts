import { describe, expect, it } from 'vitest';
import { loadProgress, PROGRESS_KEY, progressNotice, recordPlay } from '../../../src/state/progress.ts';
import type { KeyValueStorage } from '../../../src/state/save.ts';
import { loadSave, SAVE_KEY, saveNotice, writeSave } from '../../../src/state/save.ts';
import { clearSetAside, SET_ASIDE_KEEP, setAsideKeys } from '../../../src/state/setAside.ts';

/** Web Storage with a quota in characters, as a browser's: a write past it throws QuotaExceededError. */
class QuotaStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  constructor(private readonly quota: number) {}
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    let used = key.length + value.length;
    for (const [k, v] of this.items) if (k !== key) used += k.length + v.length;
    if (used > this.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** Storage the browser refuses altogether (disabled in the settings, or a sandboxed frame). */
const refusing: KeyValueStorage = {
  getItem: () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  setItem: () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  removeItem: () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
};

const older = JSON.stringify({ version: 99, scenarioId: 'tutorial', filler: 'x'.repeat(600) });

describe('an unreadable save', () => {
  it('too big to copy aside under the quota is reported and removed, and loading does not throw', () => {
    const storage = new QuotaStorage(1000);
    storage.items.set(SAVE_KEY, older);
    const loaded = loadSave(storage, 5);
    expect(loaded).toEqual({ kind: 'corrupt', reason: 'it was written by another version of 2AM (99)' });
    expect(storage.items.has(SAVE_KEY)).toBe(false);
    expect(saveNotice(loaded as Extract<typeof loaded, { kind: 'corrupt' }>)).toBe(
      "Your saved investigation could not be read because it was written by another version of 2AM (99). No copy could be kept (this browser's storage is full or refused it), and a new game starts.",
    );
    // The next load starts a new game, with nothing left to report.
    expect(loadSave(storage, 6)).toEqual({ kind: 'none' });
  });

  it('makes room by removing older set-aside copies, newest kept', () => {
    const storage = new QuotaStorage(1700);
    storage.items.set(`${SAVE_KEY}.corrupt.1`, older);
    storage.items.set(SAVE_KEY, older);
    const loaded = loadSave(storage, 2);
    expect(loaded).toEqual({
      kind: 'corrupt',
      reason: 'it was written by another version of 2AM (99)',
      setAsideKey: `${SAVE_KEY}.corrupt.2`,
    });
    expect([...storage.items.keys()]).toEqual([`${SAVE_KEY}.corrupt.2`]);
  });

  it(`keeps at most ${SET_ASIDE_KEEP} set-aside copies of a record`, () => {
    const storage = new QuotaStorage(1_000_000);
    for (let t = 1; t <= 6; t++) {
      storage.items.set(SAVE_KEY, `not json ${t}`);
      loadSave(storage, t * 10);
    }
    expect(setAsideKeys(storage, SAVE_KEY)).toEqual([40, 50, 60].map((t) => `${SAVE_KEY}.corrupt.${t}`));
    expect(storage.items.get(`${SAVE_KEY}.corrupt.60`)).toBe('not json 6');
  });

  it('in a storage the browser refuses is reported, and nothing throws', () => {
    const loaded = loadSave(refusing, 1);
    expect(loaded).toEqual({
      kind: 'corrupt',
      reason: "this browser's storage cannot be read (The operation is insecure.)",
    });
    expect(
      writeSave(refusing, { scenarioId: 'tutorial', phase: 'briefing', actions: [], elapsedMs: 0 }),
    ).toBe(false);
    expect(loadProgress(refusing, 1).kind).toBe('corrupt');
    expect(recordPlay(refusing, { scenarioId: 'tutorial', total: 80, diagnosed: true }, 1).progress).toEqual({
      tutorial: { bestScore: 80, completed: true, plays: 1 },
    });
  });

  it('writing a save past the quota answers false instead of throwing', () => {
    const storage = new QuotaStorage(100);
    const big = { scenarioId: 'x'.repeat(200), phase: 'briefing' as const, actions: [], elapsedMs: 0 };
    expect(writeSave(storage, big)).toBe(false);
    expect(storage.items.size).toBe(0);
  });
});

describe('an unreadable progress record', () => {
  it('too big to copy aside is reported, and the play is still counted in memory', () => {
    const storage = new QuotaStorage(700);
    storage.items.set(PROGRESS_KEY, older);
    const recorded = recordPlay(storage, { scenarioId: 'tutorial', total: 60, diagnosed: false }, 3);
    expect(recorded).toEqual({
      kind: 'corrupt',
      progress: { tutorial: { bestScore: 60, completed: false, plays: 1 } },
      reason: 'it was written by another version of 2AM (99)',
    });
    expect(progressNotice(recorded as Extract<typeof recorded, { kind: 'corrupt' }>)).toBe(
      "Your scores and completed scenarios could not be read because it was written by another version of 2AM (99). No copy could be kept (this browser's storage is full or refused it), and counting starts again.",
    );
  });
});

describe('clearing set-aside copies', () => {
  it('removes every copy of the records named, and nothing else', () => {
    const storage = new QuotaStorage(1_000_000);
    storage.items.set(`${SAVE_KEY}.corrupt.1`, 'a');
    storage.items.set(`${PROGRESS_KEY}.corrupt.2`, 'b');
    storage.items.set(SAVE_KEY, 'kept');
    storage.items.set('other', 'kept');
    expect(clearSetAside(storage, [SAVE_KEY, PROGRESS_KEY])).toBe(2);
    expect([...storage.items.keys()]).toEqual([SAVE_KEY, 'other']);
  });
});
