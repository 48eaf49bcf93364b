import { neededWith, rightMitigations } from '../../engine/scenario/responseSchema.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { HealthWindow } from '../../engine/sim/response/health.ts';
import type { MitigationEffect } from '../../engine/sim/response/outcomes.ts';
import { OUTCOME_LABELS } from '../../engine/sim/response/outcomes.ts';
import { actionPalette } from '../../engine/sim/response/palette.ts';
import { clockTime } from '../shell/format.ts';

const pct = (n: number, of: number) => (of > 0 ? `${((100 * n) / of).toFixed(1)}%` : '–');

/** How users fared in a window, in words a responder reads at a glance. */
function fared(h: HealthWindow): string {
  const parts = [`${pct(h.affected, h.requests)} of requests went wrong`, `${pct(h.failed, h.requests)} 5xx`];
  if (h.rejected > 0) parts.push(`${pct(h.rejected, h.requests)} turned away (429)`);
  return parts.join(', ');
}

/**
 * "What your actions did": each mitigation on the incident clock, how users fared in the ten minutes
 * before it, after it was done, and in those same minutes had it not been taken (and later, when the
 * world went that far), and the verdict, beside the mitigation that would have ended the incident.
 */
export function DebriefResponse({
  scenario,
  effects,
}: {
  scenario: Scenario;
  effects: readonly MitigationEffect[] | undefined;
}) {
  const rightIds = rightMitigations(scenario);
  if (rightIds.length === 0) return null;
  const labels = new Map(actionPalette(scenario).map((m) => [m.id, m.label]));
  const label = (id: string) => labels.get(id) ?? id;
  // A fix in steps (stop the job, then restore) reads as its steps in order.
  const right = rightIds
    .map((id) => [...neededWith(scenario, id), id].map(label).join(' then '))
    .join(' or ');
  return (
    <section class="debrief-response" aria-labelledby="debrief-response-title">
      <h2 id="debrief-response-title">What your actions did</h2>
      {effects === undefined ? (
        <p class="muted">Playing your actions out…</p>
      ) : effects.length === 0 ? (
        <p>You applied no mitigation. {right} would have ended the incident.</p>
      ) : (
        <table class="response-table">
          <thead>
            <tr>
              <th class="response-cell">When</th>
              <th class="response-cell">Action</th>
              <th class="response-cell">Before</th>
              <th class="response-cell">After</th>
              <th class="response-cell">Without it</th>
              <th class="response-cell">What it did</th>
            </tr>
          </thead>
          <tbody>
            {effects.map((e) => (
              <tr key={e.mitigation} data-mitigation={e.mitigation} data-outcome={e.outcome}>
                <td class="response-cell">
                  {clockTime(e.atMs)}–{clockTime(e.doneMs)}
                </td>
                <td class="response-cell">
                  {label(e.mitigation)}
                  {rightIds.includes(e.mitigation) && <span class="muted"> (the fix)</span>}
                  {scenario.mitigations[e.mitigation]?.note && (
                    <div class="muted">{scenario.mitigations[e.mitigation]!.note}</div>
                  )}
                </td>
                <td class="response-cell">{fared(e.before)}</td>
                <td class="response-cell">
                  {fared(e.after)}
                  {e.later && <div class="muted">40–60 min later: {fared(e.later.with)}</div>}
                </td>
                <td class="response-cell">
                  {fared(e.without)}
                  {e.later && <div class="muted">40–60 min later: {fared(e.later.without)}</div>}
                </td>
                <td class={`response-cell outcome-${e.outcome.replace(' ', '-')}`}>
                  {OUTCOME_LABELS[e.outcome]}
                  {e.damage && <div class="response-damage">{e.damage}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {effects && effects.length > 0 && !effects.some((e) => rightIds.includes(e.mitigation)) && (
        <p>{right} would have ended the incident.</p>
      )}
    </section>
  );
}
