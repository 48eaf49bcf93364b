import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintScenarioText } from '../../../src/engine/scenario/lint/lintScenario.ts';
import type { PlayedMitigation } from '../../../src/engine/scenario/lint/mitigations.ts';
import {
  mitigationFindings,
  outcomesOf,
  playMitigations,
  servicesNamed,
  unnamedTargets,
} from '../../../src/engine/scenario/lint/mitigations.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';

// The fixture: api 3.2.0 fails every card payment. Rolling it back or hot-fixing api ends the fault;
// restarting api, restarting an unrelated worker or reverting web's config changes nothing.
const file = 'test/fixtures/mitigations.yaml';
const text = readFileSync(join(process.cwd(), file), 'utf8');

function fixture(): Scenario {
  const { scenario, diagnostics } = loadScenario(text, file);
  if (!scenario) throw new Error(diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('\n'));
  return scenario;
}

/** The fixture offering only `offered` (in that order), with `correct` as the solution's mitigations. */
function offering(offered: readonly string[], correct: readonly string[]): Scenario {
  const s = fixture();
  return {
    ...s,
    mitigations: offered.map((id) => s.mitigations.find((m) => m.id === id)!),
    solution: { ...s.solution, mitigations: [...correct] },
  };
}

describe('mitigations played at the page', () => {
  let played: PlayedMitigation[];
  beforeAll(() => {
    played = playMitigations(fixture(), 7);
  });

  it('judges each one from what users experienced', () => {
    expect(outcomesOf(played)).toEqual({
      'rollback-api': 'cleared',
      'hotfix-api': 'cleared',
      'restart-api': 'no change',
      'restart-reports': 'no change',
      'revert-web-config': 'no change',
      'limit-card-users': 'worse',
    });
    expect(played.map((p) => p.correct)).toEqual([true, false, false, false, false, false]);
  });

  it('plays the same runs with the same seed', () => {
    const again = playMitigations(fixture(), 7, (m) => m.id === 'restart-api');
    expect(again.map((p) => p.effect)).toEqual([played[2]!.effect]);
  });
});

describe('the mitigations rule', () => {
  it.each([
    ['no mitigations at all', [], [], ['solution'], 'the scenario offers no mitigations'],
    [
      'no correct mitigation named',
      ['rollback-api', 'restart-api'],
      [],
      ['solution'],
      'the solution names no correct',
    ],
  ])('reports %s without playing anything', (_name, offered, correct, path, start) => {
    const { findings, played } = mitigationFindings(offering(offered, correct), { seed: 7 });
    expect(played).toEqual([]);
    expect(findings.map((f) => [f.rule, f.severity, f.path])).toEqual([['mitigations', 'error', path]]);
    expect(findings[0]!.message.startsWith(start)).toBe(true);
  });

  it('passes a correct mitigation that clears and a wrong one that does not', () => {
    const { findings, differing } = mitigationFindings(
      offering(['rollback-api', 'restart-api'], ['rollback-api']),
      {
        seed: 7,
      },
    );
    expect(findings).toEqual([]);
    expect(differing).toBe('restart-api');
  });

  it('reports a correct mitigation that does not clear, at the mitigation, with the harm with and without it', () => {
    const { findings } = mitigationFindings(offering(['rollback-api', 'restart-api'], ['restart-api']), {
      seed: 7,
    });
    const [first, ...rest] = findings;
    expect(first!.path).toEqual(['mitigations', 1]);
    expect(first!.message).toMatch(
      /^correct mitigation "restart-api" was judged "no change" \(\d+\.\d% of requests harmed in the ten minutes after it, \d+\.\d% without it; \d+\.\d% against \d+\.\d% 40–60 min later\), not "cleared"/,
    );
    // The rollback, now the wrong one, clears: it differs, so nothing else is reported.
    expect(rest.map((f) => f.path)).toEqual([]);
  });

  it('reports when no wrong mitigation differs from the correct one', () => {
    const { findings, differing } = mitigationFindings(
      offering(['rollback-api', 'hotfix-api'], ['rollback-api']),
      {
        seed: 7,
      },
    );
    expect(differing).toBeUndefined();
    expect(findings.map((f) => [f.severity, f.path])).toEqual([['error', ['solution', 'mitigations']]]);
    expect(findings[0]!.message).toMatch(
      /^no wrong mitigation differs visibly from the correct one \("rollback-api" cleared, 0\.0% harmed after\): "hotfix-api" cleared \(0\.0%\)/,
    );
  });

  it('plays no wrong one and looks for none when given an empty list', () => {
    const { played, findings } = mitigationFindings(fixture(), { seed: 7, wrong: [] });
    expect(played.map((p) => p.mitigation.id)).toEqual(['rollback-api']);
    expect(findings).toEqual([]);
  });

  it('replays only the wrong ones asked for', () => {
    const { played } = mitigationFindings(fixture(), { seed: 7, wrong: ['restart-api'] });
    expect(played.map((p) => p.mitigation.id)).toEqual(['rollback-api', 'restart-api']);
  });
});

describe('an incident over before the page', () => {
  it('asks the correct mitigation only to do no harm, and a wrong one still to differ', () => {
    const s = offering(['rollback-api', 'restart-api', 'limit-card-users'], ['rollback-api']);
    const over = { ...s, faults: [{ ...s.faults[0]!, until: '2026-03-02T01:38:00Z' }] };
    const { findings, played } = mitigationFindings(over, { seed: 7 });
    expect(outcomesOf(played)).toEqual({
      'rollback-api': 'no change',
      'restart-api': 'no change',
      'limit-card-users': 'worse',
    });
    expect(findings).toEqual([]);
  });
});

describe('what the story names', () => {
  it('names the faulty service, its callers and what clues point at', () => {
    expect([...servicesNamed(fixture())].sort()).toEqual(['api', 'web']);
  });

  it('warns about a wrong mitigation on a service nothing names', () => {
    expect(unnamedTargets(fixture())).toEqual([
      {
        rule: 'mitigations',
        severity: 'warning',
        path: ['mitigations', 3],
        message:
          'wrong mitigation "restart-reports" acts on service "reports", which nothing in the story names (no fault, clue, red herring or chain link); offer what a responder would really reach for',
      },
    ]);
  });
});

describe('lint', () => {
  it('places the findings at the mitigation in the file', () => {
    const swapped = text.replace('mitigations: [rollback-api]', 'mitigations: [restart-api]');
    const { diagnostics } = lintScenarioText(swapped, file, { variants: 0 });
    const found = diagnostics.filter((d) => d.rule === 'mitigations');
    const line = text.split('\n').findIndex((l) => l.includes('id: restart-api,')) + 1;
    const reportsLine = text.split('\n').findIndex((l) => l.includes('id: restart-reports,')) + 1;
    expect(found.map((d) => [d.line, d.severity, d.message.split(' ').slice(0, 5).join(' ')])).toEqual([
      [line, 'error', 'correct mitigation "restart-api" was judged'],
      [reportsLine, 'warning', 'wrong mitigation "restart-reports" acts on'],
    ]);
  });
});
