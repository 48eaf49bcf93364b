import { GRADE_FLOORS } from '../../engine/scoring/grade.ts';

/** What the letters mean, as scenarios/SCORING.md sets them: the title of every grade shown. */
export const GRADE_MEANING = `Grade: S from ${GRADE_FLOORS.S} with no hint bought, A from ${GRADE_FLOORS.A}, B from ${GRADE_FLOORS.B}, C from ${GRADE_FLOORS.C}, else D`;
