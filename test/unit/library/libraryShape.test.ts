import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../../src/engine/scenario/faultKinds.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { parseTimestamp } from '../../../src/engine/scenario/units.ts';
import { builtinScenario } from '../helpers.ts';

// What the library as a whole must offer a trainee, read from the files as written (nothing simulated).
const files = readdirSync(join(process.cwd(), 'scenarios')).filter((f) => f.endsWith('.yaml'));
const library = files.map((f) => [f, builtinScenario(f)] as const);

const CHANGES = new Set(['deploy', 'rollback', 'config', 'flag']);

/** The last deploy, rollback, config or flag change before the page. */
function lastChange(s: Scenario): string | undefined {
  const page = parseTimestamp(s.briefing.page.at)!;
  const before = s.timeline.filter((e) => CHANGES.has(e.kind) && parseTimestamp(e.at)! <= page);
  return before.sort((a, b) => parseTimestamp(a.at)! - parseTimestamp(b.at)!).at(-1)?.id;
}

/** Whether a fault acts on a slice only: some instances, a build, a region or a segment of the users. */
const sliced = (s: Scenario) =>
  s.faults.some((f) => f.instances || f.count !== undefined || f.version || f.region || f.segment);

const names = (pick: (s: Scenario) => boolean) => library.filter(([, s]) => pick(s)).map(([f]) => f);

describe('the built-in library', () => {
  it('has every fault kind but the catch-all as the root cause of some scenario', () => {
    const causes = new Set(library.map(([, s]) => s.solution.rootCause.fault));
    expect(FAULT_KINDS.filter((k) => k !== 'custom' && !causes.has(k))).toEqual([]);
  });

  it('is set in five kinds of system besides the shop', () => {
    const kinds = new Set(library.map(([, s]) => s.trains?.system).filter((k) => k && k !== 'shop'));
    expect(kinds.size).toBeGreaterThanOrEqual(5);
  });

  it('spreads over every difficulty', () => {
    expect(new Set(library.map(([, s]) => s.difficulty))).toEqual(
      new Set(['intro', 'standard', 'hard', 'expert']),
    );
  });

  // Whether two faults interact (one hides or sets off the other) is the author's story, not read here.
  it('has four scenarios with more than one fault at work', () => {
    expect(names((s) => s.faults.length >= 2).length).toBeGreaterThanOrEqual(4);
  });

  it('does not let "blame the last change" win in at least half of them', () => {
    const innocent = names((s) => {
      const last = lastChange(s);
      return last !== s.solution.rootCause.trigger && last !== s.solution.rootCause.latent;
    });
    expect(innocent.length * 2).toBeGreaterThanOrEqual(library.length);
  });

  it('has six scenarios whose impact is on one slice', () => {
    expect(names(sliced).length).toBeGreaterThanOrEqual(6);
  });
});
