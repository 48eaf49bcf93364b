import type { Labels } from '../world/labels.ts';

/**
 * A problem found in a query, positioned as CodeMirror and Prometheus' `getDiagnostics` do: `from`/`to`
 * are character offsets into the query text; `line`/`col` are 1-based for messages like `1:23: …`.
 */
export interface Diagnostic {
  readonly from: number;
  readonly to: number;
  readonly line: number;
  readonly col: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** One sample: time in milliseconds since the epoch, and its value. */
export interface Sample {
  readonly t: number;
  readonly v: number;
}

/** An element of an instant vector. */
export interface VectorElement {
  readonly labels: Labels;
  readonly t: number;
  readonly v: number;
}

/** An element of a range vector or of a range query's result. */
export interface MatrixSeries {
  readonly labels: Labels;
  readonly samples: readonly Sample[];
}

/** A log line in a result, with the world's entry id so evidence can point at it. */
export interface ResultLogLine {
  readonly id: number;
  readonly tsMs: number;
  readonly line: string;
}

/** A stream in a log query's result: labels after the pipeline, and its lines (newest first, as Loki sorts by default). */
export interface ResultStream {
  readonly labels: Labels;
  readonly entries: readonly ResultLogLine[];
}

/** What a query evaluates to, named as the Prometheus and Loki HTTP APIs name `resultType`. */
export type QueryValue =
  | { readonly resultType: 'vector'; readonly result: readonly VectorElement[] }
  | { readonly resultType: 'matrix'; readonly result: readonly MatrixSeries[] }
  | { readonly resultType: 'scalar'; readonly result: Sample }
  | { readonly resultType: 'string'; readonly result: { readonly t: number; readonly v: string } }
  | { readonly resultType: 'streams'; readonly result: readonly ResultStream[] };

/** A query's answer: a value, or the errors that stopped it. Evaluators never throw for bad input. */
export type QueryResult =
  | { readonly ok: true; readonly value: QueryValue; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly Diagnostic[] };

/** Converts a character offset in `text` into a 1-based line and column. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let col = 1;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  return { line, col };
}

/** Builds a positioned error diagnostic. */
export function errorAt(text: string, from: number, to: number, message: string): Diagnostic {
  const { line, col } = positionOf(text, from);
  return { from, to, line, col, severity: 'error', message };
}

/** Formats a diagnostic as Prometheus prints parse errors: `1:23: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.line}:${d.col}: ${d.message}`;
}
