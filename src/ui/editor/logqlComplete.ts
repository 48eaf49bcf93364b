/** Label names and values the editor offers, read from the world's log streams. */
export interface LabelIndex {
  readonly names: readonly string[];
  readonly values: Readonly<Record<string, readonly string[]>>;
}

/** One completion: the text inserted and what kind of thing it is (CodeMirror's completion types). */
export interface LogqlOption {
  readonly label: string;
  readonly type: 'property' | 'constant' | 'keyword' | 'function';
  readonly apply?: string;
  readonly detail?: string;
}

/** Completions for the word that ends at the cursor, which starts at `from`. */
export interface LogqlCompletion {
  readonly from: number;
  readonly options: readonly LogqlOption[];
}

/** Pipeline stages after `|`, as Loki names them. */
export const PIPELINE_STAGES: readonly LogqlOption[] = [
  { label: 'json', type: 'keyword', detail: 'extract JSON fields as labels' },
  { label: 'logfmt', type: 'keyword', detail: 'extract key=value fields as labels' },
  { label: 'pattern', type: 'keyword', apply: 'pattern "<_> <field> <_>"', detail: 'extract by a pattern' },
  { label: 'regexp', type: 'keyword', apply: 'regexp "(?P<name>…)"', detail: 'extract by named groups' },
  { label: 'line_format', type: 'keyword', apply: 'line_format "{{.field}}"', detail: 'rewrite the line' },
  { label: 'label_format', type: 'keyword', apply: 'label_format new=old', detail: 'rename labels' },
  { label: 'unwrap', type: 'keyword', detail: 'use a label as the sample value' },
  { label: 'drop', type: 'keyword', detail: 'drop labels' },
  { label: 'keep', type: 'keyword', detail: 'keep only these labels' },
  { label: 'decolorize', type: 'keyword', detail: 'strip ANSI colours' },
];

/** Range and vector aggregations that turn log lines into numbers. */
export const LOGQL_FUNCTIONS: readonly LogqlOption[] = [
  'count_over_time',
  'rate',
  'bytes_over_time',
  'bytes_rate',
  'sum_over_time',
  'avg_over_time',
  'max_over_time',
  'min_over_time',
  'quantile_over_time',
  'first_over_time',
  'last_over_time',
  'absent_over_time',
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'topk',
  'bottomk',
  'sort',
  'sort_desc',
].map((label) => ({ label, type: 'function' as const }));

const LABEL_VALUE = /(\w+)\s*(?:=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)$/;
const LABEL_NAME = /(?:\{|,)\s*(\w*)$/;
const AFTER_PIPE = /\|\s*(\w*)$/;
const WORD = /(\w*)$/;

/** Whether the cursor is inside a `{…}` selector (an opening brace not closed yet). */
function inSelector(before: string): boolean {
  return before.lastIndexOf('{') > before.lastIndexOf('}');
}

/**
 * What to offer at the cursor, from the text before it: label values inside a matcher's quotes, label
 * names inside a selector, pipeline stages after `|`, and functions elsewhere. Text only, no parse: the
 * query is usually unfinished while someone types it.
 */
export function logqlCompletions(before: string, labels: LabelIndex): LogqlCompletion | undefined {
  if (inSelector(before)) {
    const value = LABEL_VALUE.exec(before);
    if (value) {
      const values = labels.values[value[1]!] ?? [];
      return {
        from: before.length - value[2]!.length,
        options: values.map((v) => ({ label: v, type: 'constant' as const })),
      };
    }
    const name = LABEL_NAME.exec(before);
    if (name) {
      return {
        from: before.length - name[1]!.length,
        options: labels.names.map((n) => ({ label: n, type: 'property' as const })),
      };
    }
    return undefined;
  }
  // Inside a line filter's quotes there is nothing to offer.
  if (((before.match(/"/g) ?? []).length - (before.match(/\\"/g) ?? []).length) % 2 === 1) return undefined;
  const pipe = AFTER_PIPE.exec(before);
  if (pipe) return { from: before.length - pipe[1]!.length, options: PIPELINE_STAGES };
  const word = WORD.exec(before)![1]!;
  if (!word && before.trim() !== '' && !/[(\s]$/.test(before)) return undefined;
  return {
    from: before.length - word.length,
    options: [
      { label: '{', type: 'keyword', apply: '{}', detail: 'select streams by label' },
      ...LOGQL_FUNCTIONS,
    ],
  };
}
