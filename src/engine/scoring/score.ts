import type { Action, Diagnosis } from '../investigation/actions.ts';
import { evidenceService, pinnedEvidence } from '../investigation/actions.ts';
import { matchesClue } from '../investigation/clues.ts';
import type { Clue, Scenario } from '../scenario/schema.ts';

/** One visible part of a score. */
export interface ScorePart {
  readonly id: 'diagnosis' | 'evidence' | 'method' | 'efficiency';
  readonly label: string;
  readonly score: number;
  readonly max: number;
  /** Why the part scored what it did, in sentences for the debrief. */
  readonly notes: readonly string[];
}

/** A scored investigation. */
export interface ScoreReport {
  readonly total: number;
  readonly max: 100;
  readonly parts: readonly ScorePart[];
  readonly diagnosis?: Diagnosis;
  readonly correct: { readonly component: boolean; readonly fault: boolean; readonly trigger: boolean };
  readonly cluesFound: readonly Clue[];
  readonly cluesMissed: readonly Clue[];
  readonly redHerringsPinned: readonly Clue[];
}

/**
 * Scores an investigation from the scenario and the trainee's actions alone: pure and deterministic.
 *
 * - diagnosis (40): component 20, fault kind 15, trigger 5. The component earns credit only if the trainee
 *   looked at it; the whole part is halved when no key clue was pinned, so a right guess cannot pass.
 * - evidence (40): share of the key clues pinned; each red herring pinned costs 10.
 * - method (10): evidence pinned from both the symptom and the cause side (5), and the blamed component's
 *   own logs queried before the diagnosis (5).
 * - efficiency (10): queries against the reference path, less the cost of hints taken.
 */
export function score(scenario: Scenario, actions: readonly Action[]): ScoreReport {
  const root = scenario.solution.rootCause;
  const lastDiagnosis = [...actions].reverse().find((a) => a.type === 'diagnose');
  const diagnosis = lastDiagnosis?.type === 'diagnose' ? lastDiagnosis.diagnosis : undefined;
  const pinned = pinnedEvidence(actions);
  const clues = scenario.solution.clues;
  const cluesFound = clues.filter((c) => pinned.some((e) => matchesClue(e, c)));
  const cluesMissed = clues.filter((c) => !cluesFound.includes(c));
  const redHerringsPinned = scenario.solution.redHerrings.filter((c) =>
    pinned.some((e) => matchesClue(e, c)),
  );
  const queries = actions.filter((a) => a.type === 'query');
  const inspected = (service: string) =>
    queries.some((q) => q.type === 'query' && q.scope?.service === service) ||
    pinned.some((e) => evidenceService(e) === service);

  const correct = {
    component: diagnosis?.component === root.component,
    fault: diagnosis?.fault === root.fault,
    trigger: root.trigger !== undefined && diagnosis?.trigger === root.trigger,
  };

  // Diagnosis
  const dNotes: string[] = [];
  let d = 0;
  if (!diagnosis) dNotes.push('No diagnosis was submitted.');
  else {
    if (correct.component && inspected(root.component)) d += 20;
    else if (correct.component)
      dNotes.push(`You blamed ${root.component} without ever looking at it: no credit.`);
    else dNotes.push(`The component at fault was ${root.component}, not ${diagnosis.component}.`);
    if (correct.fault) d += 15;
    else dNotes.push(`The fault was ${root.fault}, not ${diagnosis.fault}.`);
    if (correct.trigger) d += 5;
    else if (root.trigger) dNotes.push(`The trigger was ${root.trigger}.`);
    if (d > 0 && cluesFound.length === 0) {
      d = Math.floor(d / 2);
      dNotes.push('No key clue was pinned to back the diagnosis: half credit.');
    }
  }

  // Evidence
  const eNotes: string[] = [];
  let e = clues.length > 0 ? Math.round((40 * cluesFound.length) / clues.length) : 40;
  eNotes.push(`${cluesFound.length} of ${clues.length} key clues pinned.`);
  if (redHerringsPinned.length > 0) {
    e = Math.max(0, e - 10 * redHerringsPinned.length);
    eNotes.push(
      `${redHerringsPinned.length} red herring(s) pinned as evidence: -${10 * redHerringsPinned.length}.`,
    );
  }

  // Method
  const mNotes: string[] = [];
  let m = 0;
  const services = new Set(pinned.map((p) => evidenceService(p)));
  if (services.size >= 2 && services.has(root.component)) m += 5;
  else mNotes.push('Pin evidence along the path, from the symptom to the cause.');
  const firstDiagnosisAt = actions.find((a) => a.type === 'diagnose')?.at ?? Number.POSITIVE_INFINITY;
  if (
    diagnosis &&
    queries.some(
      (q) => q.type === 'query' && q.scope?.service === diagnosis.component && q.at <= firstDiagnosisAt,
    )
  ) {
    m += 5;
  } else mNotes.push('Query the logs of the component you blame before you blame it.');

  // Efficiency
  const fNotes: string[] = [];
  const referenceQueries = Math.max(3, clues.length + 2);
  let f = 10;
  if (queries.length > referenceQueries * 4) {
    f -= 5;
    fNotes.push(`${queries.length} queries; the reference path needs about ${referenceQueries}.`);
  }
  const hintsTaken = actions.filter((a) => a.type === 'hint');
  const hintCost = hintsTaken.reduce(
    (sum, h) => sum + (h.type === 'hint' ? (scenario.hints[h.index]?.cost ?? 0) : 0),
    0,
  );
  if (hintCost > 0) fNotes.push(`Hints cost ${hintCost}.`);
  f = Math.max(0, f - hintCost);
  if (!diagnosis) f = 0;

  const parts: ScorePart[] = [
    { id: 'diagnosis', label: 'Diagnosis', score: d, max: 40, notes: dNotes },
    { id: 'evidence', label: 'Evidence', score: e, max: 40, notes: eNotes },
    { id: 'method', label: 'Method', score: m, max: 10, notes: mNotes },
    { id: 'efficiency', label: 'Efficiency', score: f, max: 10, notes: fNotes },
  ];
  const total = parts.reduce((sum, p) => sum + p.score, 0);
  return { total, max: 100, parts, diagnosis, correct, cluesFound, cluesMissed, redHerringsPinned };
}
