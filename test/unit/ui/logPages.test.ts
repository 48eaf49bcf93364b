import { describe, expect, it } from 'vitest';
import type { LogPage } from '../../../src/engine/views/logExplore.ts';
import type { ListedLine } from '../../../src/ui/logs/logPages.ts';
import { LogPages, PAGE_ROWS } from '../../../src/ui/logs/logPages.ts';

const TOTAL = 1000;
function line(i: number): ListedLine {
  return {
    evidence: {
      kind: 'log',
      ref: `log:${TOTAL - i}`,
      id: TOTAL - i,
      service: 'web',
      tsMs: i,
      line: `line ${i}`,
    },
    row: { labels: { service: 'web' }, level: 'info' },
  };
}
/** Rows as the world answers them: line `i` of the result is log id TOTAL - i. */
async function read(from: number, to: number): Promise<LogPage> {
  const lines = Array.from({ length: Math.min(to, TOTAL) - from }, (_, k) => line(from + k));
  return { from, items: lines.map((l) => l.evidence), rows: lines.map((l) => l.row) };
}

function pages(): { pages: LogPages; recorded: [number, number][]; reads: number[] } {
  const recorded: [number, number][] = [];
  const reads: number[] = [];
  const p = new LogPages(
    TOTAL,
    Array.from({ length: 50 }, (_, i) => line(i)),
    (from, to) => {
      reads.push(from);
      return read(from, to);
    },
    (page) => recorded.push([page.from, page.from + page.items.length]),
    () => {},
  );
  return { pages: p, recorded, reads };
}

describe('the pages of a log result', () => {
  it('has the query’s own lines at once and reads each other page once', async () => {
    const { pages: p, reads } = pages();
    expect(p.lineAt(49)?.evidence.ref).toBe('log:951');
    expect(p.lineAt(450)).toBe(undefined);
    p.want(440, 480);
    p.want(430, 470);
    await Promise.resolve();
    await Promise.resolve();
    expect(reads).toEqual([2 * PAGE_ROWS]);
    expect(p.lineAt(450)?.evidence.ref).toBe('log:550');
  });

  it('records rows rested on only when no query showed them, and only those read', async () => {
    const { pages: p, recorded } = pages();
    p.saw(0, 30);
    expect(recorded).toEqual([]);
    p.want(40, 80);
    await new Promise((r) => setTimeout(r, 0));
    p.saw(40, 70);
    p.saw(40, 70);
    expect(recorded).toEqual([[50, 70]]);
    p.saw(600, 601);
    expect(recorded).toEqual([[50, 70]]);
  });

  it('reads nothing more once closed', () => {
    const { pages: p, reads } = pages();
    p.close();
    p.want(500, 520);
    expect(reads).toEqual([]);
  });
});
