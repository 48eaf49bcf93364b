import type { ScoreReport } from './score.ts';

/**
 * How a report's parts and penalties make its total, in one line a trainee can check: the parts on their
 * own scale, the penalties, and the scaling when the response is not scored.
 *
 * @example
 * scoreArithmetic(report) // '18 + 20 + 16 + 25 + 5 + 10 − 5 = 89 → 89 / 100.'
 */
export function scoreArithmetic(
  report: Pick<ScoreReport, 'parts' | 'penalties' | 'raw' | 'outOf' | 'total'>,
): string {
  const parts = report.parts.map((p) => String(p.score)).join(' + ');
  const penalties = report.penalties.map((p) => ` − ${p.points}`).join('');
  const sum = `${parts}${penalties} = ${report.raw}`;
  if (report.outOf === 100) return `${sum} → ${report.total} / 100.`;
  return `${sum} of ${report.outOf} → ${report.raw} × 100 / ${report.outOf} = ${report.total} / 100 (this play's response is not scored).`;
}
