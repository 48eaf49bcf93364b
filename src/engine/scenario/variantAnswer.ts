import { loadScenario } from './load.ts';
import type { Scenario } from './schema.ts';

/** How many variants of a scenario a player is offered, counting the file as written; each is checked. */
export const VARIANTS_OFFERED = 12;

/**
 * What a variant's answer is, as one comparable text: the root cause (component, fault, trigger) and the
 * slice each fault touches (region, segment, the instances or the build it acts on). Two variants with the
 * same text are solved the same way; variants that only move times or rename hosts share it.
 */
export function answerKey(scenario: Scenario): string {
  const { component, fault, trigger } = scenario.solution.rootCause;
  const faults = scenario.faults
    .map((f) =>
      [
        f.kind,
        f.service,
        f.trigger ?? '',
        f.region ?? '',
        f.segment ?? '',
        [...(f.instances ?? [])].sort().join(','),
        f.count ?? '',
        f.version ?? '',
      ].join('/'),
    )
    .sort();
  return JSON.stringify([component, fault, trigger ?? '', faults]);
}

/**
 * The variants 0…count-1 of a scenario file grouped by answer, each group in variant order and the groups
 * in the order of their first variant. Says which variants differ without saying what their answers are,
 * so a page can pick an unplayed answer without holding it. Variants that do not load are left out.
 */
export function variantsByAnswer(text: string, file: string, count: number): number[][] {
  const groups = new Map<string, number[]>();
  for (let variant = 0; variant < count; variant++) {
    const { scenario } = loadScenario(text, file, { variant });
    if (!scenario) continue;
    const key = answerKey(scenario);
    const group = groups.get(key);
    if (group) group.push(variant);
    else groups.set(key, [variant]);
  }
  return [...groups.values()];
}
