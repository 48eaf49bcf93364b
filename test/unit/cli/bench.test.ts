import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { benchCommand, doubledWindow } from '../../../src/cli/bench.ts';
import {
  FULL_SCAN_QUERY,
  LABEL_FILTER_QUERY,
  measureQueries,
  RANGE_QUERY,
  RIPGREP,
} from '../../../src/cli/benchQueries.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';

/** Runs `twoam bench --json` in this process on a small scenario and returns what it printed. */
async function bench(): Promise<{
  code: number;
  json: Record<string, Record<string, unknown>>;
  err: string;
}> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await benchCommand(
    { runs: '1', scenario: 'scenarios/tutorial.yaml' },
    { json: true, out: (t) => out.push(t), err: (t) => err.push(t) },
  );
  return { code, json: JSON.parse(out.join('\n')), err: err.join('\n') };
}

const number = expect.any(Number);

describe('twoam bench --json', async () => {
  // Timings are never asserted: only the shape of the report and the counts behind it.
  const { code, json, err } = await bench();

  it('keeps the generation figures', () => {
    expect(err).toBe('');
    expect(Object.keys(json.generate!).sort()).toEqual(
      [
        'cpuMs',
        'heapBytes',
        'heapBytesPerLogLine',
        'linesPerSecond',
        'logLines',
        'ms',
        'runsMs',
        'samples',
        'series',
        'spans',
        'threads',
        'traces',
        'writerStartMs',
      ].sort(),
    );
    // Two threads by default: a second one writes the plain log lines.
    expect(json.generate!.threads).toBe(2);
    expect(json.budgets).toEqual({ ms: 1000, heapBytesPerLogLine: 200 });
  });

  it('times the scenario over three days, its text kept for its own window, against its own window', () => {
    expect(json.longWindow).toMatchObject({
      start: '2026-10-22T02:30:00Z',
      end: '2026-10-25T02:30:00Z',
      retention: '1h30m',
      ms: number,
      cpuMs: number,
      timeRatio: number,
      // Three days over the tutorial's hour and a half.
      windowRatio: 48,
      problems: [],
    });
    const long = json.longWindow as {
      logLines: number;
      samples: number;
      traces: number;
      memoryBytes: number;
    };
    // Logs and traces of the last hour and a half only; metrics for the three days.
    expect(long.logLines).toBeGreaterThan(0);
    expect(long.logLines).toBeLessThan(2 * (json.generate!.logLines as number));
    expect(long.samples).toBeGreaterThan(10 * (json.generate!.samples as number));
    expect(long.memoryBytes).toBeGreaterThan(0);
  });

  it('adds the query figures the issue names, with the queries they come from', () => {
    expect(json.logql).toMatchObject({
      labelFilterQuery: LABEL_FILTER_QUERY,
      labelFilterP50Ms: number,
      labelFilterFirstMs: number,
      labelFilterCpuP50Ms: number,
      fullScanQuery: FULL_SCAN_QUERY,
      fullScanMs: number,
      fullScanCpuMs: number,
      fullScanMatches: number,
      ripgrepCommand: `${RIPGREP} -F -c timeout logs.log`,
    });
    expect(json.promql).toMatchObject({
      query: RANGE_QUERY,
      rangeP50Ms: number,
      rangeCpuP50Ms: number,
      steps: 721,
    });
    expect(json.queryBudgets).toEqual({ labelFilterP50Ms: 20, fullScanToRipgrep: 2, rangeP50Ms: 30 });
    expect(typeof json.ok).toBe('boolean');
  });

  it('measures ripgrep over the exported logs, or says why not and fails', () => {
    const l = json.logql!;
    if (existsSync(RIPGREP)) {
      expect(l.ripgrepMs).toEqual(number);
      expect(l.ripgrepCpuMs).toEqual(number);
      // ripgrep and the full scan count the same lines of the same world.
      expect(l.ripgrepMatches).toBe(l.fullScanMatches);
      expect(l.ripgrepProblem).toBeUndefined();
    } else {
      expect(l.ripgrepMs).toBeNull();
      expect(l.ripgrepCpuMs).toBeNull();
      expect(l.ripgrepProblem).toBe(`${RIPGREP} is missing: install Debian's ripgrep package`);
      expect(json.ok).toBe(false);
      expect(code).toBe(1);
    }
  });

  it('lints the scenario as twoam lint does, judged against the budget of a built-in one', () => {
    expect(json.lint).toEqual({
      ms: number,
      cpuMs: number,
      threads: 2,
      errors: 0,
      warnings: number,
      budgetMs: 20_000,
    });
  });

  it('queries the scenario over twice its window', async () => {
    const text = await readFile('scenarios/tutorial.yaml', 'utf8');
    const { scenario } = loadScenario(text, 'scenarios/tutorial.yaml');
    expect(doubledWindow(scenario!).window).toEqual({
      start: '2026-10-25T01:00:00Z',
      end: '2026-10-25T04:00:00Z',
    });
    expect(json.queryWorld).toMatchObject({
      start: '2026-10-25T01:00:00Z',
      end: '2026-10-25T04:00:00Z',
      logLines: number,
      streams: number,
      series: number,
    });
    expect(json.queryWorld!.logLines as number).toBeGreaterThan(json.generate!.logLines as number);
  });
});

describe('the query section without ripgrep', async () => {
  const text = await readFile('scenarios/tutorial.yaml', 'utf8');
  const world = simulate(loadScenario(text, 'scenarios/tutorial.yaml').scenario!);
  world.logs.seal();
  const figures = await measureQueries(world, { ripgrep: '/nonexistent/rg' });

  it('says the comparison was not measured and fails the budgets', () => {
    expect(figures.logql).toMatchObject({
      ripgrepMs: null,
      ripgrepCpuMs: null,
      ripgrepMatches: null,
      ripgrepProblem: "/nonexistent/rg is missing: install Debian's ripgrep package",
      ripgrepCommand: '/nonexistent/rg -F -c timeout logs.log',
    });
    expect(figures.ok).toBe(false);
  });
});

describe('twoam bench --threads', () => {
  it('takes 1 or 2, and says so otherwise', async () => {
    const err: string[] = [];
    const io = { json: true, out: () => undefined, err: (t: string) => err.push(t) };
    expect(await benchCommand({ threads: '3' }, io)).toBe(2);
    expect(err.join('\n')).toContain('--threads "3" is not 1 or 2');
  });
});
