import { describe, expect, it } from 'vitest';
import { answerLeaks } from '../../../src/engine/scenario/lint/leaks.ts';
import { trainsFindings } from '../../../src/engine/scenario/lint/trains.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { catalogEntry } from '../../../src/engine/scenario/playerView.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { cardOf } from '../../../src/state/slices/librarySlice.ts';
import { builtinScenario, scenarioText } from '../helpers.ts';

const tutorial = builtinScenario('tutorial.yaml');

function withTrains(trains: Partial<NonNullable<Scenario['trains']>> | undefined): Scenario {
  if (trains === undefined) {
    const { trains: _gone, ...rest } = tutorial;
    return rest as Scenario;
  }
  return { ...tutorial, trains: { ...tutorial.trains!, ...trains } };
}

const said = (s: Scenario) =>
  trainsFindings(s).map((f) => `${f.severity} ${f.path.join('.')}: ${f.message.split(':')[0]}`);

describe('what a scenario trains', () => {
  it.each([
    ['as the tutorial declares it', withTrains({}), []],
    ['without the section', withTrains(undefined), ['warning id: no trains section']],
    [
      "leaving out the answer's family",
      withTrains({ families: ['network', 'load'] }),
      ['error trains.families: trains.families leaves out "change", the family of the root cause'],
    ],
    [
      'naming a tool the reference path never uses',
      withTrains({ tools: ['logs', 'traces'] }),
      ['error trains.tools.1: trains.tools names "traces", which the reference path never uses'],
    ],
  ] as const)('%s', (_what, scenario, expected) => {
    expect(said(scenario)).toEqual(expected);
  });

  it('reads the skills as the trainee does, before play', () => {
    const leaky = withTrains({ skills: ['spot a bad deploy'] });
    expect(answerLeaks(leaky, 'scenarios/tutorial.yaml').map((f) => f.path.join('.'))).toContain(
      'trains.skills.0',
    );
  });

  it('refuses a single family, which would name the answer', () => {
    const text = scenarioText('tutorial.yaml').replace(/^ {2}families: \[.*\]$/m, '  families: [change]');
    const { scenario, diagnostics } = loadScenario(text, 'scenarios/tutorial.yaml');
    expect(scenario).toBeUndefined();
    expect(diagnostics.map((d) => d.path)).toContain('trains.families');
  });

  it('reaches the catalog as declared but for its skills, and nothing of the solution with it', () => {
    const entry = catalogEntry(tutorial);
    const { skills, ...filters } = tutorial.trains!;
    expect(skills.length).toBeGreaterThan(0);
    // The skills wait for the debrief: a method as precise as "read a sawtooth" names the cause.
    expect(entry.trains).toEqual(filters);
    // The library's card keeps the rest for the filters.
    expect(cardOf(entry).trains).toEqual(filters);
    expect(Object.keys(entry).sort()).toEqual(
      ['difficulty', 'estimatedMinutes', 'id', 'summary', 'tags', 'title', 'trains'].sort(),
    );
  });
});
