import type { ScoreReport } from './score.ts';

/** The letter the debrief shows beside the score, best first. */
export const GRADES = ['S', 'A', 'B', 'C', 'D'] as const;
/** One of the letters, S to D. */
export type Grade = (typeof GRADES)[number];

/** The least total each grade asks for; S also asks that no hint was bought (see scenarios/SCORING.md). */
export const GRADE_FLOORS: Readonly<Record<Exclude<Grade, 'D'>, number>> = { S: 95, A: 85, B: 70, C: 50 };

/**
 * The grade of a total out of 100: S from 95 with no hint bought, A from 85, B from 70, C from 50, else D.
 * A bought hint already costs points; it also keeps the play from S, which means solved alone.
 *
 * @example
 * gradeOf(96, 0); // 'S'
 * gradeOf(96, 1); // 'A'
 */
export function gradeOf(total: number, hintsTaken: number): Grade {
  if (total >= GRADE_FLOORS.S && hintsTaken === 0) return 'S';
  if (total >= GRADE_FLOORS.A) return 'A';
  if (total >= GRADE_FLOORS.B) return 'B';
  if (total >= GRADE_FLOORS.C) return 'C';
  return 'D';
}

/** The grade of a scored play: its total and the hints it bought. */
export function gradeOfReport(report: Pick<ScoreReport, 'total' | 'state'>): Grade {
  return gradeOf(report.total, report.state.hints.length);
}

/** Whether grade `a` is better than grade `b` (S is the best). */
export function betterGrade(a: Grade, b: Grade): boolean {
  return GRADES.indexOf(a) < GRADES.indexOf(b);
}
