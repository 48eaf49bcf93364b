import { useEffect, useState } from 'preact/hooks';
import type { Action } from '../../engine/investigation/actions.ts';
import { describeEvidence } from '../../engine/investigation/actions.ts';
import { clueQuery, clueTool } from '../../engine/investigation/clues.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { referenceLabel } from '../../engine/scoring/chainNotes.ts';
import type { HerringVerdict, ScoreReport } from '../../engine/scoring/score.ts';
import type { SeenNotPinned } from '../../engine/scoring/seenNotPinned.ts';
import { queriesToRecheck, seenNotPinned, shownEvidence } from '../../engine/scoring/seenNotPinned.ts';
import type { Session } from '../../state/session.ts';
import { TOOL_TITLES } from '../investigation/ToolTabs.tsx';
import { elapsedTime } from '../shell/format.ts';

type Props = { scenario: Scenario; report: ScoreReport };

function nodeLabels(scenario: Scenario, state: ScoreReport['state']): (id: string) => string {
  return (id) => referenceLabel(scenario, id, state);
}

/** How one reference link was matched, in words. */
function creditText(l: ScoreReport['links'][number]): string {
  if (!l.matchedBy) return 'Missing from your chain.';
  const skips = l.hops ? ` Your link skips ${l.hops} step${l.hops === 1 ? '' : 's'} of it.` : '';
  return l.backed
    ? `Matched, and backed by evidence.${skips}`
    : `Matched, but cites nothing that shows it.${skips}`;
}

/** The trainee's chain (as last submitted) beside the reference chain, with what each reference link earned. */
export function ChainComparison({ scenario, report }: Props) {
  const label = nodeLabels(scenario, report.state);
  const submitted = report.state.submissions.at(-1)?.chain ?? report.state.chain;
  const matched = new Set(report.links.flatMap((l) => (l.matchedBy ? [l.matchedBy.id] : [])));
  return (
    <section class="chain-comparison" aria-label="Causal chains">
      <h2>Causal chain</h2>
      <div class="side-by-side">
        <div>
          <h3>Your chain</h3>
          {submitted.length === 0 ? (
            <p class="muted">You submitted no chain.</p>
          ) : (
            <ol class="chain" aria-label="Your chain">
              {submitted.map((l) => (
                <li key={l.id} class={matched.has(l.id) ? 'chain-link matched' : 'chain-link'}>
                  {label(l.from)} → {label(l.to)}{' '}
                  <span class="muted">
                    ({l.evidence.length === 0 ? 'no evidence cited' : `${l.evidence.length} cited`}
                    {matched.has(l.id) ? '' : '; not in the reference story'})
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
        <div>
          <h3>What happened</h3>
          <ol class="chain" aria-label="Reference chain">
            {report.links.map((l) => (
              <li key={`${l.from}>${l.to}`} class={l.credit === 1 ? 'chain-link matched' : 'chain-link'}>
                {label(l.from)} → {label(l.to)}{' '}
                <span class="muted">
                  {creditText(l)} {Math.round(l.credit * 100)}% of the link.
                </span>
              </li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}

/** Key clues seen on screen but never pinned, found by asking the world again what each query showed. */
function useSeenNotPinned(
  session: Session,
  scenario: Scenario,
  actions: readonly Action[],
): readonly SeenNotPinned[] {
  const [seen, setSeen] = useState<readonly SeenNotPinned[]>([]);
  useEffect(() => {
    let cancelled = false;
    const queries = queriesToRecheck(scenario, actions);
    void Promise.all(queries.map((q) => session.showAgain(q))).then((results) => {
      if (!cancelled) setSeen(seenNotPinned(scenario, actions, shownEvidence(results)));
    });
    return () => {
      cancelled = true;
    };
  }, [session, scenario, actions]);
  return seen;
}

/** Each key clue found or missed; for a missed one, the query that finds it and whether it was seen. */
export function CluesReview({
  session,
  scenario,
  report,
  actions,
}: Props & { session: Session; actions: readonly Action[] }) {
  const seen = useSeenNotPinned(session, scenario, actions);
  return (
    <section aria-label="Clues">
      <h2>Clues</h2>
      <ul class="clues">
        {scenario.solution.clues.map((c) => {
          const found = report.cluesFound.includes(c);
          const query = clueQuery(c);
          const glimpse = seen.find((s) => s.clue.id === c.id);
          return (
            <li key={c.id} class={found ? 'found' : 'missed'}>
              <strong>{found ? 'Found' : 'Missed'}</strong> {c.description}
              <p class="muted">
                {found ? 'Found in' : 'The query that finds it, in'}{' '}
                {TOOL_TITLES[clueTool(c)][0].toLowerCase()}
                {query ? (
                  <>
                    : <code>{query}</code>
                  </>
                ) : (
                  ''
                )}
              </p>
              {glimpse && (
                <p class="seen-not-pinned">
                  You saw this at {elapsedTime(glimpse.seenAt)} but did not pin it:{' '}
                  <code>{describeEvidence(glimpse.evidence)}</code>
                  {glimpse.query.query ? (
                    <span class="muted">
                      {' '}
                      (shown by <code>{glimpse.query.query}</code>)
                    </span>
                  ) : null}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The debrief's words for what became of a red herring. */
const HERRING_VERDICTS: Record<HerringVerdict, string> = {
  'left alone': 'You did not pin it.',
  'ruled out': 'You pinned it and ruled it out with evidence.',
  chased: 'You chased it: pinned, and never marked as refuting a hypothesis.',
};

/** Each red herring as the score judged it: chased (pinned as if it mattered), ruled out with evidence, or left alone. */
export function RedHerrings({ report }: { report: ScoreReport }) {
  if (report.redHerrings.length === 0) return null;
  return (
    <section aria-label="Red herrings">
      <h2>Red herrings</h2>
      <ul class="clues">
        {report.redHerrings.map(({ herring, verdict }) => (
          <li key={herring.id} class={verdict === 'chased' ? 'herring chased' : 'herring'}>
            <strong>{verdict === 'chased' ? 'Chased' : 'Red herring'}</strong> {herring.description}{' '}
            <span class="muted">{HERRING_VERDICTS[verdict]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How an expert would have gone, step by step. */
export function ReferencePath({ scenario }: { scenario: Scenario }) {
  const path = scenario.solution.path;
  if (path.length === 0) return null;
  return (
    <section aria-label="How an expert would go">
      <h2>How an expert would go</h2>
      <ol class="reference-path">
        {path.map((step, i) => (
          <li key={`${i}-${step.tool}`}>
            <strong>{TOOL_TITLES[step.tool][0]}</strong>
            {step.query ? (
              <>
                {' '}
                <code>{step.query}</code>
              </>
            ) : null}
            <p class="muted">{step.note}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
