import fc from 'fast-check';

// LogQL and PromQL queries drawn from the grammars' parts, over the names a world holds, then now and
// then broken by an edit to the text. Each case is one seed's draw.

/** A query to try: its language and text. */
export interface QueryCase {
  readonly language: 'logql' | 'promql';
  readonly text: string;
}

/** The names queries are made of: label values and metric names a world holds. */
export interface QueryVocabulary {
  readonly services: readonly string[];
  readonly metrics: readonly string[];
  readonly labels: readonly string[];
}

/**
 * How regular expressions are drawn: `simple` keeps to literals and one wildcard, which any engine
 * answers at once; `any` draws from every operator, nested quantifiers included, to find patterns that
 * run away.
 */
export type RegexKind = 'simple' | 'any';

const RANGES = ['1m', '5m', '1h', '30s', '15s', '0s', '1ms', '24h', '1000d', '5m:1m', '1h:'];
const NUMBERS = ['1', '0', '0.5', '-1', '1e308', '1e-300', 'NaN', 'Inf', '-Inf', '0x1f', '100', '3'];
const WORDS = ['error', 'timeout', 'GET', '500', 'cart', 'TypeError', '"', '\\', '{{', 'ü', ''];
const REGEX_ANY = [
  'a',
  '.',
  '*',
  '+',
  '?',
  '(',
  ')',
  '|',
  '[a-z]',
  '\\d',
  '$',
  '^',
  '{2,3}',
  '(?i)',
  '.*',
  '(.*)*',
  'x',
];
const EDITS = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '"',
  '=',
  '~',
  '!',
  '|',
  ',',
  '.',
  ' ',
  '`',
  '\\',
  'by',
  '@',
  '-',
];

/**
 * `count` queries drawn with `seed`, half LogQL and half PromQL, over `vocabulary`.
 *
 * @example for (const q of queryCases(vocab, 7, 100, 'simple')) check(q)
 */
export function queryCases(
  vocabulary: QueryVocabulary,
  seed: number,
  count: number,
  regex: RegexKind,
): QueryCase[] {
  const v = vocabularyOrDefaults(vocabulary);
  const reArb = regexArb(regex);
  const log = logQueryArb(v, reArb);
  const metric = logMetricArb(v, log, reArb);
  const prom = promArb(v, reArb);
  const cases = fc.oneof(
    fc.record({ language: fc.constant('logql' as const), text: fc.oneof(log, metric) }),
    fc.record({ language: fc.constant('promql' as const), text: prom }),
  );
  const edited = fc
    .tuple(cases, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }), fc.nat())
    .map(([c, edits, nest]) => {
      let text = c.text;
      for (const [at, k] of edits) text = edit(text, at, k);
      // Now and then, deep parentheses: parsers that descend once per level must refuse, not overflow.
      if (nest % 17 === 0) text = `${'('.repeat(nest % 3000)}${text}${')'.repeat(nest % 3000)}`;
      return { language: c.language, text };
    });
  return fc.sample(edited, { seed, numRuns: count });
}

function vocabularyOrDefaults(v: QueryVocabulary): QueryVocabulary {
  return {
    services: v.services.length > 0 ? v.services : ['web'],
    metrics: v.metrics.length > 0 ? v.metrics : ['up'],
    labels: v.labels.length > 0 ? v.labels : ['service'],
  };
}

function edit(text: string, at: number, k: number): string {
  const i = at % (text.length + 1);
  switch (k % 4) {
    case 0:
      return text.slice(0, i) + text.slice(i + 1 + (k % 5));
    case 1:
      return text.slice(0, i) + EDITS[k % EDITS.length]! + text.slice(i);
    case 2:
      return text.slice(0, i) + text.slice(i, i + 1 + (k % 20)).repeat(2) + text.slice(i);
    default:
      return text.slice(0, i);
  }
}

function regexArb(kind: RegexKind): fc.Arbitrary<string> {
  if (kind === 'simple')
    return fc.oneof(
      fc.constantFrom(...WORDS.filter((w) => /^\w+$/.test(w))),
      fc.constantFrom(...WORDS.filter((w) => /^\w+$/.test(w))).map((w) => `.*${w}`),
      fc.constantFrom('[a-z]+', 'c.rt', 'GET|POST', '5..'),
    );
  return fc
    .array(fc.constantFrom(...REGEX_ANY), { minLength: 1, maxLength: 12 })
    .map((parts) => parts.join(''));
}

const quote = (s: string) => JSON.stringify(s);

function logQueryArb(v: QueryVocabulary, re: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const matcher = fc.oneof(
    fc.constantFrom(...v.services).map((s) => `service=${quote(s)}`),
    fc.constantFrom(...v.services).map((s) => `service!=${quote(s)}`),
    re.map((r) => `service=~${quote(r)}`),
    fc.constantFrom('level="error"', 'source="kubernetes"', 'env="prod"', 'x=""'),
  );
  const selector = fc.array(matcher, { minLength: 0, maxLength: 3 }).map((ms) => `{${ms.join(', ')}}`);
  const stage = fc.oneof(
    fc.constantFrom(...WORDS).map((w) => `|= ${quote(w)}`),
    fc.constantFrom(...WORDS).map((w) => `!= ${quote(w)}`),
    re.map((r) => `|~ ${quote(r)}`),
    re.map((r) => `!~ ${quote(r)}`),
    fc.constantFrom(
      '| json',
      '| logfmt',
      '| unpack',
      '| decolorize',
      '| pattern "<ip> - - <_> \\"<method> <path> <_>\\" <status> <_>"',
      '| line_format "{{.service}} {{.status | upper}}"',
      '| label_format s="{{.service}}"',
      '| status >= 500',
      '| duration > 1s',
      '| level="error"',
      '| drop level',
      '| keep service',
      '| json | status_code != 200',
      '| logfmt | latency > 250ms or status=~"5.."',
    ),
    re.map((r) => `| regexp ${quote(`(?P<x>${r})`)}`),
    fc.constantFrom(...v.labels).chain((l) => re.map((r) => `| ${l} =~ ${quote(r)}`)),
  );
  return fc
    .tuple(selector, fc.array(stage, { maxLength: 5 }))
    .map(([sel, stages]) => [sel, ...stages].join(' '));
}

function logMetricArb(
  v: QueryVocabulary,
  log: fc.Arbitrary<string>,
  re: fc.Arbitrary<string>,
): fc.Arbitrary<string> {
  const range = fc.constantFrom(...RANGES);
  const inner = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'absent_over_time'),
        log,
        range,
      )
      .map(([f, q, r]) => `${f}(${q} [${r}])`),
    fc
      .tuple(
        fc.constantFrom('quantile_over_time(0.99,', 'avg_over_time(', 'max_over_time(', 'sum_over_time('),
        log,
        range,
      )
      .map(([f, q, r]) => `${f} ${q} | logfmt | unwrap latency [${r}])`),
  );
  return fc.letrec<{ m: string }>((tie) => ({
    m: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      inner,
      fc
        .tuple(
          fc.constantFrom('sum', 'avg', 'max', 'min', 'count', 'topk(3,', 'bottomk(0,'),
          fc.constantFrom(...v.labels),
          tie('m'),
        )
        .map(([agg, l, m]) => (agg.endsWith(',') ? `${agg} ${m})` : `${agg} by (${l}) (${m})`)),
      fc
        .tuple(
          tie('m'),
          fc.constantFrom('+', '/', '>', 'and', 'or', '== bool'),
          fc.oneof(tie('m'), fc.constantFrom(...NUMBERS)),
        )
        .map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(tie('m'), re).map(([m, r]) => `label_replace(${m}, "dst", "$1", "service", ${quote(r)})`),
      fc.constantFrom('vector(1)', '1 + 1'),
    ),
  })).m;
}

function promArb(v: QueryVocabulary, re: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const matcher = fc.oneof(
    fc.constantFrom(...v.services).map((s) => `service=${quote(s)}`),
    re.map((r) => `service=~${quote(r)}`),
    re.map((r) => `route!~${quote(r)}`),
    fc.constantFrom('status="500"', '__name__=~"http.*"', 'le="+Inf"'),
  );
  const selector = fc
    .tuple(
      fc.constantFrom(...v.metrics),
      fc.array(matcher, { maxLength: 3 }),
      fc.constantFrom('', ' offset 5m', ' @ start()', ' offset -1h'),
    )
    .map(([name, ms, mod]) => `${name}${ms.length > 0 ? `{${ms.join(',')}}` : ''}${mod}`);
  const range = fc.constantFrom(...RANGES);
  return fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      selector,
      fc.constantFrom(...NUMBERS),
      fc
        .tuple(
          fc.constantFrom(
            'rate',
            'irate',
            'increase',
            'delta',
            'deriv',
            'changes',
            'resets',
            'max_over_time',
            'avg_over_time',
            'absent_over_time',
          ),
          selector,
          range,
        )
        .map(([f, s, r]) => `${f}(${s}[${r}])`),
      fc
        .tuple(
          fc.constantFrom('sum', 'avg', 'max', 'min', 'count', 'group', 'stddev', 'stdvar'),
          fc.constantFrom('by', 'without'),
          fc.constantFrom(...v.labels),
          tie('e'),
        )
        .map(([agg, mode, l, e]) => `${agg} ${mode} (${l}) (${e})`),
      fc
        .tuple(
          fc.constantFrom('topk', 'bottomk', 'quantile', 'count_values'),
          fc.constantFrom('3', '0.9', 'NaN', '"v"', '-1'),
          tie('e'),
        )
        .map(([agg, p, e]) => `${agg}(${p}, ${e})`),
      fc
        .tuple(
          fc.constantFrom(
            'abs',
            'ceil',
            'sort',
            'sort_desc',
            'scalar',
            'absent',
            'exp',
            'ln',
            'timestamp',
            'vector',
          ),
          tie('e'),
        )
        .map(([f, e]) => `${f}(${e})`),
      fc
        .tuple(
          tie('e'),
          fc.constantFrom(
            '+',
            '-',
            '*',
            '/',
            '%',
            '^',
            '==',
            '!=',
            '> bool',
            '<',
            'and',
            'or',
            'unless',
            '/ on(service) group_left',
            '* ignoring(instance)',
          ),
          tie('e'),
        )
        .map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(tie('e'), range).map(([e, r]) => `(${e})[${r.includes(':') ? r : `${r}:1m`}]`),
      fc.tuple(tie('e'), re).map(([e, r]) => `label_replace(${e}, "dst", "$1", "service", ${quote(r)})`),
      fc
        .tuple(fc.constantFrom('0.5', '0.99', '2', 'NaN'), fc.constantFrom(...v.metrics))
        .map(([q, m]) => `histogram_quantile(${q}, sum by (le) (rate(${m}[5m])))`),
      fc.constantFrom(
        'time()',
        'vector(1)',
        '-1',
        '- - 1',
        'clamp(vector(1), 0, 1)',
        'predict_linear(up[5m], 60)',
      ),
    ),
  })).e;
}
