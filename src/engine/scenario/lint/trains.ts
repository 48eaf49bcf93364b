import type { Scenario } from '../schema.ts';
import { FAULT_FAMILY_OF } from '../trainsSchema.ts';
import type { LintFinding } from './types.ts';

/**
 * Whether a scenario's `trains` section is fit for the library, where it is read before play: the
 * families include the answer's (or the filter would hide the scenario from those training it) and at
 * least one more (the schema's minimum), each tool named is one the reference path uses, and a scenario
 * without the section cannot be found by the filters. Its skills are checked for the answer with the rest
 * of what a trainee reads first ({@link answerLeaks}).
 */
export function trainsFindings(scenario: Scenario): LintFinding[] {
  const trains = scenario.trains;
  if (!trains)
    return [
      {
        rule: 'answer-leak',
        severity: 'warning',
        path: ['id'],
        message:
          'no trains section: the library cannot filter this scenario by system, fault family or tool, nor say what it trains',
      },
    ];
  const out: LintFinding[] = [];
  const family = FAULT_FAMILY_OF[scenario.solution.rootCause.fault];
  if (!trains.families.includes(family))
    out.push({
      rule: 'answer-leak',
      severity: 'error',
      path: ['trains', 'families'],
      message: `trains.families leaves out "${family}", the family of the root cause: the filter would hide the scenario from those training it`,
    });
  const used = new Set<string>(scenario.solution.path.map((step) => step.tool));
  trains.tools.forEach((tool, i) => {
    if (!used.has(tool))
      out.push({
        rule: 'answer-leak',
        severity: 'error',
        path: ['trains', 'tools', i],
        message: `trains.tools names "${tool}", which the reference path never uses: list the tools a trainee needs here`,
      });
  });
  return out;
}
