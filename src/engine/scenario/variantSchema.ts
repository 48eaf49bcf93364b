import { z } from 'zod';
import { parseDuration } from './units.ts';

// A scenario's variants: seeded parameters substituted into its strings as `${name}`, so a second play
// differs (another region, another instance, another time) and answers cannot be memorised or shared.

/** A parameter name as written in `${name}`: a letter, then letters, digits or underscores. */
export const VARIANT_PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A value a `choose` parameter can take. */
const scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

/** One option of `choose`: a scalar, or a group of values that vary together (`${site.region}`). */
export const VariantOptionSchema = z.union([
  scalar,
  z
    .record(z.string().regex(VARIANT_PARAM_NAME, 'field names are letters, digits and "_"'), scalar)
    .describe(`values that vary together, read as \${param.field}`),
]);

/** A signed duration such as `-20m`, `90s` or `1h30m`. */
export const signedDuration = z
  .string()
  .refine((s) => parseSignedDuration(s) !== undefined, 'must be a duration such as -20m, 90s or 1h30m');

/** Parses `-20m`, `+5m` or `1h30m` into signed milliseconds, or undefined when it is not a duration. */
export function parseSignedDuration(text: string): number | undefined {
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  const ms = parseDuration(body);
  return ms === undefined ? undefined : sign * ms;
}

/** `choose`: one of a list, picked by the variant seed; variant 0 takes the first. */
export const ChooseParamSchema = z.strictObject({
  choose: z.array(VariantOptionSchema).min(1).max(64).describe('the values; variant 0 takes the first'),
});

/** `between`: a number or a duration in a range, picked by the variant seed; variant 0 takes `default`. */
export const BetweenParamSchema = z
  .strictObject({
    between: z
      .union([z.tuple([z.number(), z.number()]), z.tuple([signedDuration, signedDuration])])
      .describe('the lower and upper bound: two numbers, or two durations such as [-20m, 20m]'),
    step: z
      .union([z.number().positive(), signedDuration])
      .optional()
      .describe(
        'values are multiples of this from the lower bound; by default 1 for whole numbers, 0.01 otherwise, 1m for whole-minute durations, 1s otherwise',
      ),
    default: z
      .union([z.number(), signedDuration])
      .optional()
      .describe('the value of variant 0; the middle of the range when absent'),
  })
  .refine(
    (p) => typeof p.between[0] === typeof p.between[1],
    'both bounds must be numbers, or both durations',
  )
  .refine((p) => bound(p.between[0]) <= bound(p.between[1]), 'the lower bound comes first')
  .refine((p) => p.step === undefined || Math.abs(bound(p.step)) > 0, {
    message: 'the step must be more than zero',
    path: ['step'],
  });

function bound(v: number | string): number {
  return typeof v === 'number' ? v : (parseSignedDuration(v) ?? 0);
}

/** One seeded parameter. */
export const VariantParamSchema = z.union([ChooseParamSchema, BetweenParamSchema]);

/**
 * The `variants` section: seeded parameters and how they read in the scenario. Strings anywhere in the file
 * may use `${name}`, `${name.field}` or `${2026-10-25T01:00:00Z + name}` (a time moved by a duration
 * parameter), ids and map keys included, so a variant can change the answer itself (the culprit, its
 * trigger, the affected slice) when the clues, chain and mitigations name it the same way. Variant 0 is
 * the scenario as written with every parameter at its first choice or default.
 */
export const VariantsSchema = z
  .strictObject({
    params: z
      .record(
        z.string().regex(VARIANT_PARAM_NAME, 'parameter names are letters, digits and "_"'),
        VariantParamSchema,
      )
      .refine((p) => Object.keys(p).length <= 32, 'at most 32 parameters')
      .describe('each parameter: { choose: [...] } or { between: [low, high] }'),
  })
  .describe(
    `seeded parameters substituted as \${name} so every play differs; variant 0 is the file as written`,
  );

/** A `variants` section as written. */
export type Variants = z.output<typeof VariantsSchema>;
/** One parameter of a `variants` section. */
export type VariantParam = z.output<typeof VariantParamSchema>;
/** A parameter's value in one variant. */
export type VariantValue = z.output<typeof VariantOptionSchema>;
