import { useEffect, useState } from 'preact/hooks';
import type { Action } from '../../engine/investigation/actions.ts';
import type { AlertFiring } from '../../engine/investigation/channel.ts';
import { channelAt, truthAt } from '../../engine/investigation/channel.ts';
import { actionClock } from '../../engine/investigation/responseSteps.ts';
import { FAULT_KIND_LABELS } from '../../engine/scenario/faultKinds.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { parseTimestamp } from '../../engine/scenario/units.ts';
import { actionPalette } from '../../engine/sim/response/palette.ts';
import type { Session } from '../../state/session.ts';
import { clockTime } from '../shell/format.ts';

/**
 * "Your status updates": each update the trainee posted, beside what was true at that moment (the faults in
 * force, the mitigations applied) and the channel messages that had misled by then. An update is judged by
 * what could be known when it was written, not by how the incident ended.
 */
export function DebriefChannel({
  session,
  scenario,
  actions,
}: {
  session: Session;
  scenario: Scenario;
  actions: readonly Action[];
}) {
  const [firings, setFirings] = useState<readonly AlertFiring[]>([]);
  useEffect(() => {
    let live = true;
    if (scenario.channel.some((m) => m.after?.alert !== undefined))
      void session.alertFirings().then((f) => live && setFirings(f));
    return () => {
      live = false;
    };
  }, [session, scenario]);
  const pageMs = parseTimestamp(scenario.briefing.page.at)!;
  const clock = actionClock(scenario, pageMs, actions);
  const updates = actions.flatMap((a) => (a.type === 'status' ? [{ text: a.text, atMs: clock(a) }] : []));
  const labels = new Map(actionPalette(scenario).map((m) => [m.id, m.label]));
  const label = (id: string) => labels.get(id) ?? id;
  return (
    <section class="debrief-channel" aria-labelledby="debrief-channel-title">
      <h2 id="debrief-channel-title">Your status updates</h2>
      {updates.length === 0 ? (
        <p class="muted">
          You posted no status update. During an incident the people waiting on you (support, a manager,
          customers through the status page) only know what you tell them: post what is affected, what you
          know and what you are doing next, in the Channel tab.
        </p>
      ) : (
        <ol class="channel-updates">
          {updates.map((u, i) => {
            const truth = truthAt(scenario, pageMs, actions, u.atMs);
            const misled = channelAt({ scenario, pageMs, nowMs: u.atMs, actions, firings }).flatMap((item) =>
              item.kind === 'message' && item.message.misleading ? [item.message] : [],
            );
            return (
              <li key={`${u.atMs}-${i}`} class="channel-update">
                <div>
                  <time dateTime={new Date(u.atMs).toISOString()} class="muted">
                    {clockTime(u.atMs)}
                  </time>{' '}
                  <span class="muted">you wrote</span>
                  <blockquote>{u.text}</blockquote>
                </div>
                <div>
                  <span class="muted">what was true then</span>
                  <ul>
                    {truth.faults.length === 0 ? (
                      <li>No fault was in force.</li>
                    ) : (
                      truth.faults.map((f) => (
                        <li key={f.id}>
                          In force: {FAULT_KIND_LABELS[f.kind].toLowerCase()} on <strong>{f.service}</strong>
                          {f.route ? ` (${f.route})` : ''}
                        </li>
                      ))
                    )}
                    {truth.mitigations.length === 0 ? (
                      <li>No mitigation applied yet.</li>
                    ) : (
                      truth.mitigations.map((m) => (
                        <li key={m.id}>
                          Applied at {clockTime(m.atMs)}: {label(m.id)}
                          {m.fixes ? ' (a fix for this incident)' : ' (not what ends this incident)'}
                        </li>
                      ))
                    )}
                    {misled.map((m) => (
                      <li key={m.id} class="channel-misled">
                        misleading: {m.from} said “{m.text}”
                      </li>
                    ))}
                  </ul>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
