import { z } from 'zod';
import { parseDuration, parseTimestamp } from './units.ts';

/** An identifier authors choose: lower-case, readable in a URL or a label value. */
export const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-", e.g. "billing-db"')
  .max(64);

/** An RFC 3339 time with a zone. */
export const timestamp = z
  .string()
  .refine(
    (s) => parseTimestamp(s) !== undefined,
    'must be an RFC 3339 time with a zone, e.g. 2026-10-25T01:00:00Z',
  )
  .describe('RFC 3339 time with a zone, e.g. 2026-10-25T01:00:00Z');

/** A Prometheus-style duration. */
export const duration = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, 'must be a duration such as 250ms, 2s, 5m or 1h30m')
  .describe('a duration such as 250ms, 2s, 5m or 1h30m');

/**
 * A duration the simulation acts on, within bounds: a latency of a million hours or a noise line every
 * 0 s would validate and then never finish generating, so the bound is part of the field.
 *
 * @example durationWithin({ min: '1s', max: '30d' }) // how often a noise line repeats
 */
export function durationWithin(bounds: { readonly min?: string; readonly max: string }) {
  const min = bounds.min === undefined ? 0 : parseDuration(bounds.min)!;
  const max = parseDuration(bounds.max)!;
  return z
    .string()
    .superRefine((s, ctx) => {
      const ms = parseDuration(s);
      if (ms === undefined)
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as 250ms, 2s, 5m or 1h30m' });
      else if (ms > max)
        ctx.addIssue({
          code: 'custom',
          message: `${s} is over the limit of ${bounds.max}; use ${bounds.max} or less`,
        });
      else if (ms < min)
        ctx.addIssue({
          code: 'custom',
          message: `${s} is under the limit of ${bounds.min}; use ${bounds.min} or more`,
        });
    })
    .describe(
      `a duration such as 250ms, 2s, 5m or 1h30m, ${bounds.min === undefined ? '' : `at least ${bounds.min} and `}at most ${bounds.max}`,
    );
}

/** Free text, bounded so a scenario cannot balloon. */
export const text = z.string().max(20_000);
