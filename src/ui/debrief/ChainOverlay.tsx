import type { Scenario } from '../../engine/scenario/schema.ts';
import { referenceLabel } from '../../engine/scoring/chainNotes.ts';
import type { ScoreReport } from '../../engine/scoring/score.ts';

/** How a reference link stands against the trainee's chain, in a word the overlay colours by. */
function standing(l: ScoreReport['links'][number]): 'matched' | 'partly' | 'missed' {
  if (!l.matchedBy) return 'missed';
  return l.credit >= 1 ? 'matched' : 'partly';
}

const WORDS = { matched: 'yours too', partly: 'yours, in part', missed: 'missed' } as const;

/**
 * The trainee's chain laid over the true one, beside the replay: each true link, root cause first, marked
 * as matched, partly matched or missed, then the trainee's links that stand for none of them.
 */
export function ChainOverlay({ scenario, report }: { scenario: Scenario; report: ScoreReport }) {
  const label = (id: string) => referenceLabel(scenario, id, report.state);
  const extra = report.extraLinks.filter((x) => x.standing !== 'repeats');
  return (
    <aside class="chain-overlay" aria-label="Your chain over the true one">
      <h3>Your chain over the true one</h3>
      <ol class="overlay-links">
        {report.links.map((l) => {
          const s = standing(l);
          return (
            <li key={`${l.from}>${l.to}`} class={`overlay-link overlay-${s}`} data-standing={s}>
              <span class="overlay-from">{label(l.from)}</span>
              <span class="overlay-arrow" aria-hidden="true">
                ↓
              </span>
              <span class="overlay-to">{label(l.to)}</span>
              <span class="overlay-word">{WORDS[s]}</span>
            </li>
          );
        })}
      </ol>
      {extra.length > 0 && (
        <>
          <h4>Yours, off the true chain</h4>
          <ul class="overlay-extra">
            {extra.map((x) => (
              <li key={x.link.id} class="overlay-link overlay-extra-link" data-standing="extra">
                {label(x.link.from)} → {label(x.link.to)}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
