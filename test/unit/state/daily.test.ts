import { describe, expect, it } from 'vitest';
import { VARIANTS_OFFERED } from '../../../src/engine/scenario/variantAnswer.ts';
import type { DailyResult } from '../../../src/state/daily.ts';
import {
  DAILY_KEY,
  dailyIncident,
  dailyOfSave,
  loadDaily,
  recordDaily,
  shareCard,
  startDaily,
} from '../../../src/state/daily.ts';
import { MemoryStorage } from '../helpers.ts';

const IDS = ['tutorial', 'catalog-restarts', 'aftershock', 'pool-last-year', 'month-end', 'slow-third'];
const DAY = 86_400_000;
const MORNING = Date.UTC(2026, 11, 7, 0, 5);

describe('dailyIncident', () => {
  it('gives the same incident all UTC day, whatever the catalog order', () => {
    const a = dailyIncident(MORNING, IDS);
    const b = dailyIncident(MORNING + 23 * 3_600_000, [...IDS].reverse());
    expect(a).toEqual(b);
    expect(a).toMatchObject({ day: '2026-12-07', number: 341 });
  });

  it('never gives the tutorial, and a variant every scenario is checked on', () => {
    const picked = new Set<string>();
    for (let d = 0; d < 120; d++) {
      const incident = dailyIncident(MORNING + d * DAY, IDS)!;
      expect(incident.scenarioId).not.toBe('tutorial');
      expect(incident.variant).toBeGreaterThanOrEqual(0);
      expect(incident.variant).toBeLessThan(VARIANTS_OFFERED);
      picked.add(incident.scenarioId);
    }
    // Over four months every scenario takes its turn.
    expect([...picked].sort()).toEqual(IDS.filter((id) => id !== 'tutorial').sort());
  });

  it('gives nothing without a scenario to give', () => {
    expect(dailyIncident(MORNING, ['tutorial'])).toBeUndefined();
    expect(dailyIncident(Number.NaN, IDS)).toBeUndefined();
  });
});

describe('the daily record', () => {
  const result: DailyResult = {
    total: 82,
    grade: 'A',
    minutes: 23,
    tools: ['metrics', 'logs'],
    parts: [1, 0.5, 0.2, 0],
  };

  it('keeps the first result of a day', () => {
    const storage = new MemoryStorage();
    expect(recordDaily(storage, '2026-12-07', result)).toEqual(result);
    expect(recordDaily(storage, '2026-12-07', { ...result, total: 99 })).toEqual(result);
    expect(loadDaily(storage).results['2026-12-07']).toEqual(result);
  });

  it('knows a restored play as the day’s only when it is the one started last', () => {
    const storage = new MemoryStorage();
    const incident = dailyIncident(MORNING, IDS)!;
    startDaily(storage, incident);
    expect(dailyOfSave(storage, incident.scenarioId, incident.variant)).toEqual(incident);
    expect(dailyOfSave(storage, incident.scenarioId, incident.variant + 1)).toBeUndefined();
  });

  it('reads an unreadable record as empty', () => {
    const storage = new MemoryStorage();
    storage.setItem(DAILY_KEY, '{"results": 3');
    expect(loadDaily(storage)).toEqual({ results: {} });
  });
});

describe('shareCard', () => {
  it('tells the day, score, grade, time, parts and tools, in the tools’ usual order', () => {
    const card = shareCard(
      { day: '2026-12-07', number: 341 },
      { total: 82, grade: 'A', minutes: 23, tools: ['metrics', 'logs'], parts: [1, 0.5, 0.2, 0] },
    );
    expect(card).toBe('2AM daily #341 · 2026-12-07\n82/100 · grade A · 23 min\n🟩🟨🟧⬛\n📜 logs 📈 metrics');
  });
});
