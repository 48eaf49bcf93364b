import type { Standing } from '../../state/gameday/roomState.ts';
import { formatDuration } from '../../state/gameday/roomState.ts';

/** The live leaderboard: score, then time of diagnosis. */
export function Leaderboard({ standings }: { standings: readonly Standing[] }) {
  return (
    <section class="gameday-leaderboard">
      <h3>Leaderboard</h3>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Team</th>
            <th>Score</th>
            <th>Clues</th>
            <th>Diagnosed at</th>
          </tr>
        </thead>
        <tbody>
          {standings.map((s, i) => (
            <tr key={s.teamId}>
              <td>{i + 1}</td>
              <td>{s.name}</td>
              <td>{s.score}</td>
              <td>{s.cluesFound}</td>
              <td>{s.diagnosedAtMs === null ? '—' : formatDuration(s.diagnosedAtMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
