import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { Extension } from '@codemirror/state';
import { EditorState } from '@codemirror/state';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import type { MetricIndex } from '../../engine/views/metricIndex.ts';
import { typedCompletions } from './metricTypeCompletions.ts';
import { worldPrometheusClient } from './promqlClient.ts';

/**
 * Beside the metric names, the query each one is usually read with, from its type in the metadata:
 * `rate()` for a counter, `histogram_quantile()` for a histogram's buckets. Offered where a metric name
 * starts an expression, not inside a selector's braces or a grouping's parentheses.
 */
function byMetricType(index: () => Promise<MetricIndex>) {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const word = context.matchBefore(/[a-zA-Z_:][\w:]*/);
    if (!word || word.to - word.from < 2) return null;
    const before = context.state.sliceDoc(0, word.from);
    const open = (before.match(/\{/g)?.length ?? 0) - (before.match(/\}/g)?.length ?? 0);
    if (open > 0 || /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*$/.test(before)) return null;
    const options = typedCompletions(await index(), word.text).map((c) => ({
      label: c.label,
      detail: c.detail,
      type: 'function',
    }));
    // The labels begin with a function, not with what was typed, so they are offered as they are.
    return options.length ? { from: word.from, options, filter: false } : null;
  };
}

/**
 * PromQL highlighting, linting and completion (functions, aggregations, metric names, labels and their
 * values), with the world's metrics answering what a Prometheus server would.
 */
export function promql(index: () => Promise<MetricIndex>): Extension {
  // One source for the editor's life: completion knows a source by its identity, and drops the answers of
  // one it no longer sees.
  const typed = [{ autocomplete: byMetricType(index) }];
  return [
    new PromQLExtension().setComplete({ remote: worldPrometheusClient(index) }).asExtension(),
    EditorState.languageData.of(() => typed),
  ];
}
