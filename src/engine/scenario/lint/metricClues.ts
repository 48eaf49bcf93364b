import { clueMatchers, clueQuery, matchesMatcher } from '../../investigation/clues.ts';
import { runTool } from '../../investigation/tools.ts';
import type { World } from '../../world/world.ts';
import type { Scenario } from '../schema.ts';
import type { ClueMatcher, SolutionClue } from '../solutionSchema.ts';
import type { LintFinding } from './types.ts';
import { cluePath } from './types.ts';

type MetricMatcher = NonNullable<ClueMatcher['metric']>;

/** A query that shows the metric without what the clue teaches, and what it leaves out. */
export interface NaiveQuery {
  readonly misses: string;
  readonly query: string;
}

/** Whether a metric matcher states something beyond its name and labels: a split, a quantile, a ratio. */
export function teaches(m: MetricMatcher): boolean {
  return m.by !== undefined || m.quantile !== undefined || m.ratio === true;
}

/**
 * The queries a trainee who skips the point of a metric clue would run, one per thing it teaches: its own
 * query without the split (or the total summed over it), the mean or another quantile instead of its
 * quantile, the raw count instead of the ratio. Each keeps what the clue's other demands ask, so each proves
 * one of them necessary.
 */
export function naiveQueries(m: MetricMatcher, own: string | undefined): NaiveQuery[] {
  const counter = /_(total|count|sum|bucket)$/.test(m.name) || /\b(rate|irate|increase)\s*\(/.test(own ?? '');
  const by = m.by ?? [];
  const selector = (name: string, drop: readonly string[]) => {
    const labels = Object.entries(m.labels).filter(([k]) => !drop.includes(k));
    return labels.length > 0 ? `${name}{${labels.map(([k, v]) => `${k}="${v}"`).join(',')}}` : name;
  };
  const inner = (name: string, drop: readonly string[] = []) =>
    counter ? `rate(${selector(name, drop)}[5m])` : selector(name, drop);
  const sum = (x: string, keep: readonly string[] = by) =>
    keep.length > 0 ? `sum by (${keep.join(', ')}) (${x})` : `sum(${x})`;
  const base = m.name.replace(/_bucket$/, '');
  const out: NaiveQuery[] = [];
  if (by.length > 0) {
    const grouped = own !== undefined && /\bby\s*\(/.test(own);
    const query = grouped
      ? withoutLabels(own!, by)
      : m.quantile !== undefined
        ? `histogram_quantile(${m.quantile}, sum by (le) (rate(${base}_bucket${selector('', by)}[5m])))`
        : sum(inner(m.name, by), []);
    out.push({ misses: `the split by ${by.join(', ')}`, query });
  }
  if (m.quantile !== undefined) {
    out.push({
      misses: `the ${m.quantile} quantile (the mean)`,
      query: `${sum(`rate(${base}_sum${selector('', [])}[5m])`)} / ${sum(`rate(${base}_count${selector('', [])}[5m])`)}`,
    });
    const other = m.quantile === 0.5 ? 0.99 : 0.5;
    if (own !== undefined && /histogram_quantile\s*\(\s*[0-9.eE+-]+/.test(own))
      out.push({
        misses: `the ${m.quantile} quantile (the ${other} one)`,
        query: own.replace(/(histogram_quantile\s*\(\s*)[0-9.eE+-]+/g, `$1${other}`),
      });
  }
  if (m.ratio) out.push({ misses: 'the ratio (the raw count)', query: sum(inner(m.name)) });
  return out;
}

/** A query with some labels taken out of its `by (…)` groupings and its selectors. */
function withoutLabels(query: string, labels: readonly string[]): string {
  const drop = new Set(labels);
  return query
    .replace(/\bby\s*\(([^)]*)\)\s*/g, (_, list: string) => {
      const kept = list
        .split(',')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !drop.has(l));
      return kept.length > 0 ? `by (${kept.join(', ')}) ` : '';
    })
    .replace(/(\w+)\s*(=~|!=|!~|=)\s*"[^"]*"\s*,?/g, (whole, label: string) => (drop.has(label) ? '' : whole))
    .replace(/,\s*}/g, '}');
}

/**
 * The clue's metric matchers that teach something, each with the query that should show it: the clue's
 * own for its own matcher (an alternative has none, so only its naive queries are checked).
 */
function taughtMatchers(clue: SolutionClue): { m: MetricMatcher; own?: string; at: (string | number)[] }[] {
  return clueMatchers(clue).flatMap((matcher, i) =>
    matcher.metric && teaches(matcher.metric)
      ? [
          {
            m: matcher.metric,
            ...(i === 0 ? { own: clueQuery(clue) } : {}),
            at: i === 0 ? ['metric'] : ['anyOf', i - 1, 'metric'],
          },
        ]
      : [],
  );
}

/**
 * Check (b'): a metric clue that states what it teaches is shown by its own query and not by the naive one.
 * For each such clue the clue's query must show a series it matches, and every naive query (the total
 * without the split, the mean, the raw count) must show none; otherwise the clue rewards the reading it
 * was written to correct, or no reading at all.
 */
export function taughtMetricFindings(scenario: Scenario, world: World): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const clue of [...scenario.solution.clues, ...scenario.solution.redHerrings]) {
    const path = cluePath(scenario, clue.id);
    for (const { m, own, at } of taughtMatchers(clue)) {
      const matcher: ClueMatcher = { metric: m };
      if (own !== undefined) {
        const result = runTool(world, { tool: 'metrics', query: own });
        if (!result.ok || !result.items.some((i) => matchesMatcher(i.evidence, matcher)))
          findings.push({
            rule: 'taught-metric',
            severity: 'error',
            path: [...path, 'query'],
            message: `clue "${clue.id}": its own query \`${own}\` shows no series with what the clue teaches (${describeTaught(m)}); write the query that shows it`,
          });
      }
      for (const naive of naiveQueries(m, own)) {
        const result = runTool(world, { tool: 'metrics', query: naive.query });
        if (result.ok && result.items.some((i) => matchesMatcher(i.evidence, matcher)))
          findings.push({
            rule: 'taught-metric',
            severity: 'error',
            path: [...path, ...at],
            message: `clue "${clue.id}": the naive query \`${naive.query}\`, without ${naive.misses}, matches it too; state what the clue teaches (by, quantile, ratio) so that only the reading it teaches matches`,
          });
      }
    }
  }
  return findings;
}

/** What a metric matcher asks beyond its name, for a finding. */
export function describeTaught(m: MetricMatcher): string {
  return [
    ...(m.by ? [`split by ${m.by.join(', ')}`] : []),
    ...(m.quantile !== undefined ? [`the ${m.quantile} quantile`] : []),
    ...(m.ratio ? ['a ratio'] : []),
  ].join(', ');
}
