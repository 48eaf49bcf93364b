import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  median,
  msText,
  referenceQueries,
  traceFormOf,
  verdict,
} from '../../../scripts/benchBrowserFigures.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';

describe('the browser bench', () => {
  it("takes a reference path's tool queries, once each in a row, and leaves what is only read", () => {
    const path = [
      { tool: 'inbox', query: '', note: 'n' },
      { tool: 'logs', query: '{service="web"}', note: 'n' },
      { tool: 'logs', query: '{service="web"} ', note: 'n' },
      { tool: 'changes', query: 'deploy', note: 'n' },
      { tool: 'metrics', query: 'up', note: 'n' },
      { tool: 'logs', query: '{service="web"}', note: 'n' },
      { tool: 'code', query: 'show e7a3c10', note: 'n' },
    ] as const;
    expect(referenceQueries({ solution: { path } } as never)).toEqual([
      { tool: 'logs', query: '{service="web"}' },
      { tool: 'metrics', query: 'up' },
      { tool: 'logs', query: '{service="web"}' },
      { tool: 'code', query: 'show e7a3c10' },
    ]);
  });

  it("reads the tutorial's reference queries from its file", () => {
    const { scenario } = loadScenario(
      readFileSync('scenarios/tutorial.yaml', 'utf8'),
      'scenarios/tutorial.yaml',
    );
    expect(referenceQueries(scenario!)).toEqual([
      { tool: 'logs', query: '{service="web"} |= "POST /checkout"' },
      { tool: 'logs', query: '{service="cart"} |= "TypeError"' },
      { tool: 'logs', query: '{service="web"} |= "upstream timed out"' },
    ]);
  });

  it.each([
    ['service=search minDuration=1s', { service: 'search', minDuration: '1s' }],
    ['service=catalog-api status=error', { service: 'catalog-api', status: 'error' }],
    [
      'name="POST /checkout" maxDuration=5s http.route=/pay user.tier=gold',
      { operation: 'POST /checkout', maxDuration: '5s', attributes: 'http.route=/pay user.tier=gold' },
    ],
  ])('fills the trace form from %s', (query, fields) => {
    expect(traceFormOf(query)).toEqual({
      service: '',
      operation: '',
      status: '',
      minDuration: '',
      maxDuration: '',
      attributes: '',
      ...fields,
    });
  });

  it.each([
    [[], Number.NaN],
    [[5], 5],
    [[9, 1, 5], 5],
    [[4, 1, 3, 2], 2.5],
  ])('takes the median of %j as %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('prints figures against budgets', () => {
    expect(msText(149.6)).toBe(' 150 ms');
    expect(msText(Number.NaN)).toBe('   – ms');
    expect(verdict(150, 150)).toBe('ok');
    expect(verdict(151, 150)).toBe('OVER');
    expect(verdict(Number.NaN, 150)).toBe('OVER');
  });
});
