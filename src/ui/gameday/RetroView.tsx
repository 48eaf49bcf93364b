import { useMemo, useState } from 'preact/hooks';
import { replay } from '../../engine/investigation/notebook.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { orderedEntries, retro } from '../../engine/scoring/retro.ts';
import { formatDuration } from '../../state/gameday/roomState.ts';
import type { BoardView } from '../../state/gameday/teamBoard.ts';
import { GRADE_MEANING } from '../debrief/gradeMeaning.ts';

/** Offers text as a file download. */
function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The retro's Markdown with the round and variant under its title. */
function withRoundLine(markdown: string, played: string): string {
  const [title, ...rest] = markdown.split('\n');
  return [title, '', `${played}.`, ...rest].join('\n');
}

/**
 * The debrief of every team side by side: one scrubber replays each team's board up to a moment, the
 * steps after it fade, and each column shows where the team left the reference path and its score parts.
 */
export function RetroView({
  scenario,
  teams,
  round,
}: {
  scenario: Scenario;
  teams: readonly { id: string; name: string; view: BoardView }[];
  /** Which round this was and the variant its teams played (the same incident differs between variants). */
  round: { readonly number: number; readonly variant: number; readonly seed: number };
}) {
  const result = useMemo(
    () =>
      retro(
        scenario,
        teams.map((t) => ({ id: t.id, name: t.name, entries: t.view.entries, members: t.view.members })),
      ),
    [scenario, teams],
  );
  const end = Math.max(0, ...result.json.teams.flatMap((t) => t.steps.map((s) => s.at)));
  const [at, setAt] = useState<number | undefined>(undefined);
  const moment = at ?? end;
  const played = `Round ${round.number}, variant ${round.variant} (seed ${round.seed})`;
  const file = `retro-${scenario.id}-round-${round.number}-variant-${round.variant}`;
  return (
    <section class="gameday-retro" aria-label="Retro">
      <h2>Retro</h2>
      <p class="subtitle" data-variant={round.variant}>
        {played}
      </p>
      <div class="gameday-scrubber">
        <label>
          Replay to <output name="retro-time">{formatDuration(moment)}</output>
          <input
            type="range"
            name="retro-scrubber"
            min={0}
            max={end}
            step={1000}
            value={moment}
            onInput={(e) => setAt(Number(e.currentTarget.value))}
          />
        </label>
        <button
          type="button"
          onClick={() => download(`${file}.md`, 'text/markdown', withRoundLine(result.markdown, played))}
        >
          Export Markdown
        </button>
        <button
          type="button"
          onClick={() =>
            download(
              `${file}.json`,
              'application/json',
              `${JSON.stringify({ round: round.number, variant: round.variant, seed: round.seed, ...result.json }, null, 2)}\n`,
            )
          }
        >
          Export JSON
        </button>
      </div>
      <div class="gameday-retro-columns">
        {result.json.teams.map((t, ti) => {
          const upTo = orderedEntries(teams[ti]!.view.entries)
            .map((e) => e.action)
            .filter((a) => a.at <= moment);
          const state = replay(upTo);
          return (
            <article key={t.id} class="gameday-retro-team" aria-label={`Retro of ${t.name}`}>
              <h3>
                {t.name}: <span data-total>{t.total}</span> / 100{' '}
                <span class={`grade grade-${t.grade}`} data-grade={t.grade} title={GRADE_MEANING}>
                  <span class="visually-hidden">grade </span>
                  {t.grade}
                </span>
              </h3>
              <p class="muted">
                At {formatDuration(moment)}: {upTo.length} steps, {state.pinned.length} pinned,{' '}
                {state.hypotheses.length} hypotheses, {state.chain.length} chain links.
              </p>
              <table class="score-parts">
                <tbody>
                  {t.parts.map((p) => (
                    <tr key={p.id}>
                      <td>{p.label}</td>
                      <td>
                        {p.score} / {p.max}
                      </td>
                    </tr>
                  ))}
                  {t.penalties.map((p) => (
                    <tr key={p.label}>
                      <td>{p.label}</td>
                      <td>−{p.points}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>
                {t.divergedAt === null
                  ? 'Followed every step of the reference path.'
                  : `Left the reference path at step ${t.divergedAt + 1}: ${t.path[t.divergedAt]!.note}`}
              </p>
              <ol class="gameday-timeline">
                {t.steps.length === 0 && <li class="muted">No steps.</li>}
                {t.steps.map((s, i) => (
                  <li key={i} class={s.at <= moment ? 'done' : 'later'} data-type={s.type}>
                    <span class="muted">{formatDuration(s.at)}</span> <strong>{s.by}</strong> {s.summary}
                  </li>
                ))}
              </ol>
              <h4>Reference path</h4>
              <ol class="gameday-path">
                {t.path.map((p, i) => (
                  <li key={i} class={p.matchedStep === null ? 'missed' : 'taken'}>
                    {p.tool}
                    {p.query ? `: ${p.query}` : ''} ({p.matchedStep === null ? 'not taken' : 'taken'}){' '}
                    {p.note}
                  </li>
                ))}
              </ol>
            </article>
          );
        })}
      </div>
    </section>
  );
}
