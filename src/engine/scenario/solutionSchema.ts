import { z } from 'zod';
import { FAULT_KINDS } from './faultKinds.ts';
import { id, text } from './primitives.ts';

// The hidden truth of a scenario: what went wrong, the clues that show it, and the red herrings.

export const LogClueSchema = z.strictObject({
  service: id,
  contains: z.string().min(1).describe('a text every matching log line contains'),
});

export const ClueSchema = z.strictObject({
  id,
  description: z.string().min(1).describe('what this clue shows, in the debrief'),
  log: LogClueSchema,
});

export const HintSchema = z.strictObject({
  text: z.string().min(1),
  cost: z.number().int().min(0).max(50).default(5),
});

export const SolutionSchema = z.strictObject({
  rootCause: z.strictObject({
    component: id.describe('the service at fault'),
    fault: z.enum(FAULT_KINDS),
    trigger: id.optional().describe('the timeline event that set it off'),
  }),
  explanation: text.describe('the story of what happened, shown in the debrief'),
  clues: z.array(ClueSchema).min(1),
  redHerrings: z.array(ClueSchema).default([]),
});
