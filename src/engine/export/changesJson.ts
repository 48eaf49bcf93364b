import type { Scenario, TimelineEvent } from '../scenario/schema.ts';
import { parseTimestamp } from '../scenario/units.ts';
import { rfc3339Ms } from './logsExport.ts';

/**
 * The scenario's change log as JSON: every timeline event (deploys, config and flag changes, cron jobs,
 * traffic shifts, certificates, notes) in time order, with its time also in UTC milliseconds (`atUtc`)
 * so tools need not parse zones. Events keep every field the scenario gave them, e.g. a deploy's commit.
 * Changes made as the world ran (an autoscaler's scalings, a responder's actions) are listed with them.
 */
export function writeChangesJson(scenario: Scenario, made: readonly TimelineEvent[] = []): string {
  const changes = [...scenario.timeline, ...made]
    .map((e, i) => ({ e, i, ms: parseTimestamp(e.at) ?? 0 }))
    .sort((a, b) => a.ms - b.ms || a.i - b.i)
    .map(({ e, ms }) => ({ ...e, atUtc: rfc3339Ms(ms) }));
  return `${JSON.stringify({ scenario: scenario.id, changes }, null, 2)}\n`;
}
