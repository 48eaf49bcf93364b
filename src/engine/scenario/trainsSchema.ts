import { z } from 'zod';
import type { FaultKind } from './faultKinds.ts';

/**
 * Families of fault kinds, broad enough that naming two of them tells a trainee what to tell apart,
 * not which it is.
 */
export const FAULT_FAMILIES = ['resources', 'network', 'change', 'time-and-trust', 'load', 'data'] as const;

/** One family of fault kinds. */
export type FaultFamily = (typeof FAULT_FAMILIES)[number];

/** The family each fault kind belongs to. */
export const FAULT_FAMILY_OF: Readonly<Record<FaultKind, FaultFamily>> = {
  'cpu-saturation': 'resources',
  'memory-leak': 'resources',
  'gc-pauses': 'resources',
  'disk-full': 'resources',
  'connection-pool-exhaustion': 'resources',
  'fd-exhaustion': 'resources',
  'edge-latency': 'network',
  'packet-loss': 'network',
  'dependency-unreachable': 'network',
  'dns-failure': 'network',
  'bad-deploy': 'change',
  misconfiguration: 'change',
  'flag-rollout': 'change',
  'expired-credential': 'time-and-trust',
  'timezone-defect': 'time-and-trust',
  'retry-storm': 'load',
  'queue-backlog': 'load',
  'cache-stampede': 'load',
  'silent-data-error': 'data',
  'clock-skew': 'time-and-trust',
  'lock-contention': 'resources',
  'noisy-neighbour': 'resources',
  'port-exhaustion': 'resources',
  'credential-rotation': 'time-and-trust',
  'quota-exhausted': 'resources',
  'poison-message': 'load',
  'thundering-herd': 'load',
  'data-loss': 'data',
  'hot-key': 'load',
  'split-brain': 'data',
  'replication-lag': 'data',
  custom: 'data',
};

/** The kinds of system a scenario can be set in, for the library's filter. */
export const SYSTEM_KINDS = [
  'shop',
  'event-pipeline',
  'mobile-backend',
  'multi-tenant-saas',
  'batch',
  'edge-and-dns',
  'platform',
] as const;

/** The tools a trainee investigates with (the reference path's tools but the inbox). */
export const TRAINED_TOOLS = ['logs', 'metrics', 'traces', 'code', 'changes'] as const;

/**
 * What a scenario trains, as its author declares it for the library: its system, families and tools are
 * shown on the card and filtered on before play, so they name what to tell apart, never the cause; its
 * skills are named in the debrief only (see `CardTrains`).
 */
export const TrainsSchema = z
  .strictObject({
    system: z.enum(SYSTEM_KINDS).describe('the kind of system the incident happens in'),
    families: z
      .array(z.enum(FAULT_FAMILIES))
      .min(2)
      .max(FAULT_FAMILIES.length)
      .describe(
        "the fault families a trainee must tell apart here: the answer's and at least one a red herring points at, so the filter never names the answer",
      ),
    tools: z
      .array(z.enum(TRAINED_TOOLS))
      .min(1)
      .describe('the tools the reference path leans on; lint checks it uses each'),
    skills: z
      .array(z.string().min(1).max(80))
      .min(1)
      .max(5)
      .describe(
        'what the scenario trains, named in the debrief (never before it): methods ("slice by a label"), never the cause',
      ),
  })
  .describe("what the scenario trains, for the library's filters and cards");

/** What a scenario trains, as declared. */
export type Trains = z.infer<typeof TrainsSchema>;
