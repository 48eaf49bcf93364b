import { FAULT_KIND_LABELS } from '../../engine/scenario/faultKinds.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { ScoreReport } from '../../engine/scoring/score.ts';
import { scoreArithmetic } from '../../engine/scoring/scoreArithmetic.ts';
import type { Session } from '../../state/session.ts';
import { TutorialCoach } from '../investigation/TutorialCoach.tsx';
import { ExportLogButton } from '../shell/ExportLog.tsx';
import { useStore } from '../useStore.ts';
import { DailyShare } from './DailyShare.tsx';
import { DebriefChannel } from './DebriefChannel.tsx';
import { DebriefReplay } from './DebriefReplay.tsx';
import { DebriefResponse } from './DebriefResponse.tsx';
import { ChainComparison, CluesReview, RedHerrings, ReferencePath } from './DebriefStory.tsx';
import { GRADE_MEANING } from './gradeMeaning.ts';

/**
 * The debrief: the score and its parts, how sure the trainee was against how right, the story on the map,
 * their chain beside the reference, the clues found and missed (and seen but not pinned), the red herrings
 * chased, and the reference investigation step by step.
 */
export function Debrief({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.revealed);
  const actions = useStore(session.store, (s) => s.actions);
  // The store settles the one score once what each mitigation did is judged; the debrief only reads it.
  const report = useStore(session.store, (s) => s.report);
  const effects = useStore(session.store, (s) => s.effects);
  const grade = useStore(session.store, (s) => s.grade);
  if (!scenario || !report) return <p class="loading">Preparing the debrief…</p>;
  return (
    <main class="debrief">
      <header class="debrief-head">
        <p class="muted">Debrief · {scenario.title}</p>
        <h1>
          Score{' '}
          <span class="total" data-testid="score-total">
            {report.total}
          </span>
          <span class="muted"> / 100</span>
          {grade && (
            <span class={`grade grade-${grade}`} data-testid="score-grade" title={GRADE_MEANING}>
              <span class="visually-hidden">, grade </span>
              {grade}
            </span>
          )}
        </h1>
        <div class="actions">
          <ExportLogButton session={session} />
          <button type="button" class="primary" onClick={() => session.send({ type: 'back to menu' })}>
            Back to scenarios
          </button>
        </div>
      </header>
      <TutorialCoach session={session} />
      <DailyShare session={session} />
      <ScoreParts report={report} />
      <Calibration report={report} />
      <DebriefReplay session={session} scenario={scenario} report={report} />
      <RootCause scenario={scenario} report={report} />
      <DebriefResponse scenario={scenario} effects={effects} />
      <ChainComparison scenario={scenario} report={report} />
      <CluesReview session={session} scenario={scenario} report={report} actions={actions} />
      <RedHerrings report={report} />
      <DebriefChannel session={session} scenario={scenario} actions={actions} />
      <ReferencePath scenario={scenario} />
    </main>
  );
}

function ScoreParts({ report }: { report: ScoreReport }) {
  return (
    <section aria-label="Score parts">
      <ul class="score-parts">
        {report.parts.map((p) => (
          <li key={p.id} class="score-part" data-part={p.id}>
            <div class="part-head">
              <span>{p.label}</span>
              <span>
                {p.score} / {p.max}
              </span>
            </div>
            <meter class="bar" min={0} max={p.max} value={p.score} aria-label={p.label} />
            {p.notes.length > 0 && (
              <ul class="notes">
                {p.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {report.penalties.length > 0 && (
        <ul class="penalties" aria-label="Penalties">
          {report.penalties.map((p) => (
            <li key={p.label}>
              −{p.points} for {p.label}
            </li>
          ))}
        </ul>
      )}
      <p class="score-arithmetic" data-testid="score-arithmetic">
        {scoreArithmetic(report)}
      </p>
    </section>
  );
}

function Calibration({ report }: { report: ScoreReport }) {
  const c = report.calibration;
  if (!c) return null;
  return (
    <section class="calibration" aria-label="Confidence">
      <h2>Confidence</h2>
      <p>
        You said you were <strong>{c.confidence}%</strong> sure, and you were{' '}
        <strong>{c.correct ? 'right' : 'wrong'}</strong>. {c.verdict}
      </p>
      <meter
        class="bar calibration-bar"
        min={0}
        max={1}
        low={0.1}
        high={0.25}
        optimum={0}
        value={c.brier}
        aria-label="Calibration error (Brier score, 0 is perfect)"
      />
      <p class="muted">
        Brier score {c.brier.toFixed(2)}: 0 when your confidence matched the outcome exactly, 1 when it was
        the opposite. It is shown, not counted in the score.
      </p>
    </section>
  );
}

function RootCause({ scenario, report }: { scenario: Scenario; report: ScoreReport }) {
  const root = scenario.solution.rootCause;
  const trigger = scenario.timeline.find((e) => e.id === root.trigger);
  const said = report.diagnosis;
  return (
    <section aria-label="Root cause">
      <p>
        Root cause: <strong>{root.component}</strong>, {FAULT_KIND_LABELS[root.fault].toLowerCase()}
        {trigger ? `, set off by ${trigger.description}` : ''}.
      </p>
      <p>{scenario.solution.explanation}</p>
      {said && (
        <p class="muted">
          You said: {said.component}, {FAULT_KIND_LABELS[said.fault].toLowerCase()}
          {said.trigger ? ` (trigger: ${said.trigger})` : ''}.
          {said.explanation ? ` “${said.explanation}”` : ''}
        </p>
      )}
      {scenario.trains && (
        // Named only now: a method as precise as "read a sawtooth in a graph" would tell the cause.
        <p class="muted" data-testid="debrief-skills">
          What this scenario trains: {scenario.trains.skills.join(' · ')}.
        </p>
      )}
    </section>
  );
}
