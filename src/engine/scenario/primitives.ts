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

/** Free text, bounded so a scenario cannot balloon. */
export const text = z.string().max(20_000);
