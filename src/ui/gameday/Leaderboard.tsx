import type { Standing } from '../../state/gameday/roomState.ts';
import { formatDuration } from '../../state/gameday/roomState.ts';
import { GRADE_MEANING } from '../debrief/gradeMeaning.ts';

/**
 * The leaderboard: each team's pace while the round runs (steps taken, time of diagnosis), and the scores
 * and grades the server gives when it ends. A live score would tell a team which of its pins is a clue.
 */
export function Leaderboard({ standings }: { standings: readonly Standing[] }) {
  const scored = standings.some((s) => s.score !== null);
  return (
    <section class="gameday-leaderboard">
      <h3>Leaderboard</h3>
      {!scored && <p class="subtitle">Scores appear when the facilitator ends the round.</p>}
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Team</th>
            <th title={`Score out of 100, and its grade. ${GRADE_MEANING}`}>Score</th>
            <th>Clues</th>
            <th>Steps</th>
            <th>Diagnosed</th>
          </tr>
        </thead>
        <tbody>
          {standings.map((s, i) => (
            <tr key={s.teamId}>
              <td>{i + 1}</td>
              <td>{s.name}</td>
              <td class="standing-score">
                <span data-score>{s.score ?? '—'}</span>
                {s.score !== null && s.grade && (
                  <span class={`grade grade-${s.grade}`} data-grade={s.grade} title={GRADE_MEANING}>
                    <span class="visually-hidden">, grade </span>
                    {s.grade}
                  </span>
                )}
              </td>
              <td>{s.cluesFound ?? '—'}</td>
              <td>{s.actions}</td>
              <td>{s.diagnosedAtMs === null ? '—' : formatDuration(s.diagnosedAtMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
