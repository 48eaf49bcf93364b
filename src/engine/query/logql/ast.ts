import type { Matcher } from '../../world/metricStore.ts';
import type { Regex } from '../regex.ts';

/** A span of the query text, kept on nodes so evaluation errors can point at what caused them. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** A compiled regular expression from a Go RE2 source, with the span of its string literal. */
export interface RegexLiteral extends Span {
  readonly source: string;
  readonly regex: Regex;
}

/** A stream selector matcher with its regex already compiled, when it has one. */
export interface SelectorMatcher extends Matcher, Span {
  readonly regex?: Regex;
}

/** One alternative of a line filter: text, a regex, or a Loki pattern. */
export type LineFilterTerm =
  | { readonly kind: 'contains'; readonly text: string }
  | { readonly kind: 'regex'; readonly regex: Regex }
  | { readonly kind: 'pattern'; readonly pattern: PatternExpr };

/** `|= "a" or "b"`, `!= "a"`, `|~ "re"`, `!~ "re"`, `|> "<_> x"`, `!> "<_> x"`. */
export interface LineFilterStage extends Span {
  readonly type: 'lineFilter';
  readonly negate: boolean;
  /** Alternatives joined by `or`; a line matches when any does (or, when negated, when none does). */
  readonly terms: readonly LineFilterTerm[];
}

/** A parsed Loki `pattern` expression: literals and captures alternating. */
export interface PatternExpr {
  /** Leading literal, matched as a prefix of the line ('' when the pattern starts with a capture). */
  readonly prefix: string;
  /** Captures, each followed by the literal that ends it ('' for a trailing capture). */
  readonly parts: readonly { readonly name: string; readonly until: string }[];
}

/** A label extraction: `json`, `logfmt`, `regexp`, `pattern`, `unpack`. */
export type ParserStage = Span &
  (
    | { readonly type: 'json'; readonly params: readonly ExtractionParam[] }
    | {
        readonly type: 'logfmt';
        readonly params: readonly ExtractionParam[];
        readonly strict: boolean;
        readonly keepEmpty: boolean;
      }
    | { readonly type: 'regexp'; readonly regex: Regex; readonly names: readonly string[] }
    | { readonly type: 'pattern'; readonly pattern: PatternExpr }
    | { readonly type: 'unpack' }
  );

/** `json a="b.c"`: a label name and the path it is read from. */
export interface ExtractionParam {
  readonly label: string;
  /** JSON path segments (keys and array indexes) or, for logfmt, the key. */
  readonly path: readonly (string | number)[];
}

/** Comparison operators of number, duration and bytes label filters. */
export type CompareOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A label filter expression after a parser. */
export type LabelFilterExpr =
  | (Span & { readonly type: 'string'; readonly matcher: SelectorMatcher })
  | (Span & {
      readonly type: 'number' | 'duration' | 'bytes';
      readonly name: string;
      readonly op: CompareOp;
      /** Plain number, seconds, or bytes. */
      readonly value: number;
    })
  | (Span & {
      readonly type: 'and' | 'or';
      readonly left: LabelFilterExpr;
      readonly right: LabelFilterExpr;
    });

/** A compiled Go-template subset: text pieces and `{{ .label | fn }}` actions. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'field';
      /** A label name, or the special `__line__` / `__timestamp__`. */
      readonly name: string;
      readonly funcs: readonly string[];
    };

/** Each `label_format` assignment: a rename (`new=old`) or a template (`x="{{.y}}"`). */
export type LabelFormatItem =
  | { readonly kind: 'rename'; readonly target: string; readonly source: string }
  | { readonly kind: 'template'; readonly target: string; readonly template: readonly TemplatePart[] };

/** A label listed by `drop` or `keep`: a name, optionally with a matcher on its value. */
export interface LabelSelectorItem {
  readonly name: string;
  readonly matcher?: SelectorMatcher;
}

/** Every pipeline stage of a log query. */
export type PipelineStage =
  | LineFilterStage
  | ParserStage
  | (Span & { readonly type: 'labelFilter'; readonly filter: LabelFilterExpr })
  | (Span & { readonly type: 'lineFormat'; readonly template: readonly TemplatePart[] })
  | (Span & { readonly type: 'labelFormat'; readonly items: readonly LabelFormatItem[] })
  | (Span & { readonly type: 'drop' | 'keep'; readonly labels: readonly LabelSelectorItem[] })
  | (Span & { readonly type: 'decolorize' });

/** `{selector} | stage | stage …` */
export interface LogExpr extends Span {
  readonly kind: 'log';
  readonly matchers: readonly SelectorMatcher[];
  readonly pipeline: readonly PipelineStage[];
}

/** `| unwrap label`, `| unwrap duration(label)`, `| unwrap bytes(label)`, and filters after it. */
export interface UnwrapExpr extends Span {
  readonly label: string;
  readonly conversion: 'none' | 'duration' | 'bytes';
  readonly postFilters: readonly LabelFilterExpr[];
}

/** The range functions LogQL knows. */
export type RangeOp =
  | 'count_over_time'
  | 'rate'
  | 'rate_counter'
  | 'bytes_over_time'
  | 'bytes_rate'
  | 'avg_over_time'
  | 'sum_over_time'
  | 'min_over_time'
  | 'max_over_time'
  | 'stddev_over_time'
  | 'stdvar_over_time'
  | 'quantile_over_time'
  | 'first_over_time'
  | 'last_over_time'
  | 'absent_over_time';

/** `by (a, b)` or `without (a)`. */
export interface Grouping {
  readonly without: boolean;
  readonly labels: readonly string[];
}

/** `rate({…} | … [5m] offset 1h)` and friends. */
export interface RangeAggregation extends Span {
  readonly kind: 'range';
  readonly op: RangeOp;
  readonly param?: number;
  readonly log: LogExpr;
  readonly rangeMs: number;
  readonly offsetMs: number;
  readonly unwrap?: UnwrapExpr;
  readonly grouping?: Grouping;
}

/** Aggregations across series. */
export type VectorOp =
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'count'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'sort'
  | 'sort_desc';

/** `sum by (x) (…)`, `topk(3, …)`. */
export interface VectorAggregation extends Span {
  readonly kind: 'vectorAgg';
  readonly op: VectorOp;
  readonly param?: number;
  readonly expr: MetricExpr;
  readonly grouping?: Grouping;
}

/** Binary operators, in Prometheus' precedence classes. */
export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | '=='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | 'and'
  | 'or'
  | 'unless';

/** `a + b`, `a > bool 3`, `a / on (x) b`. */
export interface BinaryExpr extends Span {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly returnBool: boolean;
  readonly matching?: { readonly on: boolean; readonly labels: readonly string[] };
  readonly left: MetricExpr;
  readonly right: MetricExpr;
}

/** A number literal, or `vector(n)`. */
export interface LiteralExpr extends Span {
  readonly kind: 'literal' | 'vector';
  readonly value: number;
}

/** `label_replace(expr, "dst", "replacement", "src", "regex")`. */
export interface LabelReplaceExpr extends Span {
  readonly kind: 'labelReplace';
  readonly expr: MetricExpr;
  readonly dst: string;
  readonly replacement: string;
  readonly src: string;
  readonly regex: Regex;
}

/** Any expression that evaluates to numbers. */
export type MetricExpr = RangeAggregation | VectorAggregation | BinaryExpr | LiteralExpr | LabelReplaceExpr;

/** A whole query. */
export type QueryAst = LogExpr | MetricExpr;
