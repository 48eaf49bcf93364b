/** Points a part lost, with the sentence that says why. */
export interface PointsLost {
  readonly points: number;
  /** The debrief's sentence, ending with the points it accounts for. */
  readonly why: string;
}

/** Points to a tenth, as the debrief shows them. */
export const tenth = (x: number): number => Math.round(x * 10) / 10;

/**
 * A part's account: sentences that explain, and sentences that each take points off. The part scores its
 * maximum less what the sentences took, so every point lost has its sentence and the two always agree.
 */
export interface Ledger {
  /** A sentence that explains without taking points. */
  note(text: string): void;
  /** A sentence taking `points` off (to a tenth; nothing when that is 0): `why: −points.` */
  lose(points: number, why: string): void;
  readonly notes: readonly string[];
  readonly losses: readonly PointsLost[];
  /** The maximum less every loss, never below 0. */
  score(): number;
}

/** A fresh account for a part out of `max`. */
export function ledger(max: number): Ledger {
  const notes: string[] = [];
  const losses: PointsLost[] = [];
  const lost = () => losses.reduce((sum, l) => sum + l.points, 0);
  return {
    notes,
    losses,
    note: (text) => notes.push(text),
    lose(points, why) {
      // Never more than is left, so the part does not fall below 0.
      const p = Math.min(tenth(points), tenth(max - lost()));
      if (p <= 0) return;
      const text = `${why.replace(/\.$/, '')}: −${p}.`;
      losses.push({ points: p, why: text });
      notes.push(text);
    },
    score: () => tenth(max - lost()),
  };
}
