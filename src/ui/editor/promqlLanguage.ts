import type { Extension } from '@codemirror/state';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import type { MetricIndex } from '../../engine/views/metricIndex.ts';
import { worldPrometheusClient } from './promqlClient.ts';

/**
 * PromQL highlighting, linting and completion (functions, aggregations, metric names, labels and their
 * values), with the world's metrics answering what a Prometheus server would.
 */
export function promql(index: () => Promise<MetricIndex>): Extension {
  return new PromQLExtension().setComplete({ remote: worldPrometheusClient(index) }).asExtension();
}
