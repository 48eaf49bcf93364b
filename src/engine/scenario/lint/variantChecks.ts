import { simulate } from '../../sim/simulate.ts';
import { loadScenario } from '../load.ts';
import { parseScenarioYaml } from '../parse.ts';
import type { Scenario } from '../schema.ts';
import type { VariantValue } from '../variantSchema.ts';
import { applyVariant } from '../variants.ts';
import { unreachableClues } from './clues.ts';
import type { LintDiagnostic } from './lintScenario.ts';
import { botBarFindings, botScores } from './shortcuts.ts';
import type { LintFinding } from './types.ts';

/**
 * How one variant reads in a message: `variant 3 (region=ap, shift=-5m)`. A group of values is named by
 * its first field, which authors make the one that tells the choices apart (`culprit=flag-catalog-memo`):
 * a group can hold whole sentences, which would bury the message.
 */
export function variantLabel(seed: number, values: Readonly<Record<string, VariantValue>>): string {
  const parts = Object.entries(values).map(([k, v]) =>
    typeof v === 'object' ? `${k}=${String(Object.values(v)[0])}` : `${k}=${String(v)}`,
  );
  return parts.length ? `variant ${seed} (${parts.join(', ')})` : `variant ${seed}`;
}

/** One variant's part of check (e), positioned in the file: what {@link checkVariant} returns. */
export interface VariantCheck {
  readonly label: string;
  readonly values: Readonly<Record<string, VariantValue>>;
  readonly diagnostics: LintDiagnostic[];
}

/**
 * Check (e): a scenario without variants (the tutorial excepted), and variants that break solvability.
 * Each of the first `count` variants (seeds 1…count) must load, every clue must still be findable in its
 * world (simulated with the variant's seed, as the game does), the reference bot must still reach its bar
 * and the guess bot stay under its own. A problem that several variants share is reported once, naming
 * them all. `checks` holds the variants' checks when they were made apart (seed `k` at `k - 1`), so
 * they are not made again.
 */
export function variantFindings(
  text: string,
  file: string,
  scenario: Scenario,
  count: number,
  place: (f: LintFinding) => LintDiagnostic,
  checks?: readonly VariantCheck[],
): LintDiagnostic[] {
  if (count <= 0) return [];
  // The tutorial is the one scenario every newcomer plays the same way, its coach walking each step.
  if (!scenario.variants && scenario.tags.includes('tutorial')) return [];
  if (!scenario.variants) {
    return [
      place({
        rule: 'variant',
        severity: 'warning',
        path: ['id'],
        message:
          'no variants: every play is the same, so answers can be memorised and shared; add a variants section',
      }),
    ];
  }
  const grouped = new Map<string, { diagnostic: LintDiagnostic; labels: string[] }>();
  const note = (d: LintDiagnostic, label: string) => {
    const key = `${d.line}:${d.col}:${d.message}`;
    const entry = grouped.get(key);
    if (entry) entry.labels.push(label);
    else grouped.set(key, { diagnostic: d, labels: [label] });
  };
  const first = JSON.stringify(loadScenario(text, file).variant?.values ?? {});
  let same = 0;
  for (let seed = 1; seed <= count; seed++) {
    const { label, values, diagnostics } = checks?.[seed - 1] ?? checkVariant(text, file, seed, place);
    if (JSON.stringify(values) === first) same++;
    for (const d of diagnostics) note(d, label);
  }
  const out = [...grouped.values()].map(({ diagnostic, labels }) => ({
    ...diagnostic,
    message: `in ${labels.join(', ')}: ${diagnostic.message}`,
  }));
  if (same === count)
    out.push(
      place({
        rule: 'variant',
        severity: 'warning',
        path: ['variants', 'params'],
        message: `the ${count} variant(s) checked all came out as the file as written; give the parameters more choices or a wider range`,
      }),
    );
  return out;
}

/**
 * One variant's part of check (e): it loads, its clues can be found in its world (simulated with the
 * variant's number as seed, as the game does), and the reference and guess bots meet their bars.
 */
export function checkVariant(
  text: string,
  file: string,
  seed: number,
  place: (f: LintFinding) => LintDiagnostic,
): VariantCheck {
  const { label, values, diagnostics, scenario } = checkVariantAnswer(text, file, seed, place);
  if (!scenario) return { label, values, diagnostics };
  const world = simulate(scenario, { seed });
  const findings = [
    ...unreachableClues(scenario, world),
    ...botBarFindings(botScores(scenario, world, ['reference', 'guess']), '', { scenario, world }),
  ];
  return {
    label,
    values,
    diagnostics: [
      ...diagnostics,
      ...findings.map((f) => place({ ...f, rule: 'variant', severity: 'error' })),
    ],
  };
}

/**
 * The part of a variant's check that needs no simulation: it loads, and its answer agrees with its
 * clues, chain and faults ({@link answerInconsistencies}).
 */
export function checkVariantAnswer(
  text: string,
  file: string,
  seed: number,
  place: (f: LintFinding) => LintDiagnostic,
): {
  label: string;
  values: Readonly<Record<string, VariantValue>>;
  diagnostics: LintDiagnostic[];
  scenario?: Scenario;
} {
  const loaded = loadScenario(text, file, { variant: seed });
  const values = loaded.variant?.values ?? {};
  const label = variantLabel(seed, values);
  if (!loaded.scenario) {
    const named = clueIds(text, file, seed);
    const diagnostics = loaded.diagnostics.map((d) => {
      const clue = /^solution\.(clues|redHerrings)\[(\d+)\]/.exec(d.path);
      const id = clue ? named[clue[1] as 'clues' | 'redHerrings'][Number(clue[2])] : undefined;
      return {
        ...d,
        ...(id ? { message: `clue "${id}": ${d.message}` } : {}),
        severity: 'error' as const,
        rule: 'variant' as const,
      };
    });
    return { label, values, diagnostics };
  }
  const diagnostics = answerInconsistencies(loaded.scenario).map(place);
  return { label, values, diagnostics, scenario: loaded.scenario };
}

/** Parameters declared in `variants` that no `${…}` in the file uses: they vary nothing. */
export function unusedParams(scenario: Scenario, text: string): LintFinding[] {
  if (!scenario.variants) return [];
  return Object.keys(scenario.variants.params)
    .filter((name) => !new RegExp(`\\$\\{\\s*(?:${name}\\b|[^}]*[+-]\\s*${name}\\s*\\})`).test(text))
    .map((name) => ({
      rule: 'variant' as const,
      severity: 'warning' as const,
      path: ['variants', 'params', name],
      message: `parameter "${name}" is never used: write \${${name}} where the scenario should vary`,
    }));
}

/**
 * Where a variant's answer and its evidence disagree: a red herring that points at the change or the
 * fault that is now the cause, a cause no fault of the scenario makes, or a trigger no clue or chain link
 * shows. A variant that swaps the culprit with a herring must swap their clues too.
 */
export function answerInconsistencies(scenario: Scenario): LintFinding[] {
  const out: LintFinding[] = [];
  const { rootCause, redHerrings, clues, chain } = scenario.solution;
  const error = (path: (string | number)[], message: string) =>
    out.push({ rule: 'variant', severity: 'error', path, message });
  redHerrings.forEach((h, i) => {
    if (rootCause.trigger !== undefined && h.change === rootCause.trigger)
      error(
        ['solution', 'redHerrings', i, 'change'],
        `red herring "${h.id}" points at "${h.change}", the root cause's trigger in this variant: it became the cause, so its clue must follow it into solution.clues`,
      );
  });
  // A fault on an edge (a certificate web checks on payments) is the callee's as much as the caller's.
  const causing = scenario.faults.filter(
    (f) => f.kind === rootCause.fault && [f.service, f.edge?.from, f.edge?.to].includes(rootCause.component),
  );
  if (causing.length === 0)
    error(
      ['solution', 'rootCause'],
      `no fault of this variant is a ${rootCause.fault} fault of "${rootCause.component}": the faults and the root cause must vary together`,
    );
  // The trigger may set the root fault off through another fault (a packet loss that starts a retry
  // storm), so it must start or enable some fault of the variant, not necessarily the root one.
  else if (
    rootCause.trigger !== undefined &&
    !scenario.faults.some((f) => f.trigger === rootCause.trigger || f.enabledBy.includes(rootCause.trigger!))
  )
    error(
      ['solution', 'rootCause', 'trigger'],
      `the root cause's trigger "${rootCause.trigger}" starts or enables no fault in this variant`,
    );
  if (
    rootCause.trigger !== undefined &&
    !clues.some((c) => c.change === rootCause.trigger) &&
    !chain.some((link) => link.from === rootCause.trigger)
  )
    error(
      ['solution', 'rootCause', 'trigger'],
      `no clue and no chain link shows the trigger "${rootCause.trigger}" in this variant: vary the clue that names the change with it`,
    );
  return out;
}

/**
 * The ids of a variant's clues and red herrings as substituted, read from the document itself, so a
 * variant that does not load can still name the clue that broke it.
 */
function clueIds(text: string, file: string, seed: number): Record<'clues' | 'redHerrings', string[]> {
  const none = { clues: [], redHerrings: [] };
  const { parsed } = parseScenarioYaml(text, file);
  if (!parsed) return none;
  const doc = applyVariant(parsed.value, seed) as { solution?: Record<string, unknown> };
  const ids = (key: 'clues' | 'redHerrings'): string[] => {
    const list = doc?.solution?.[key];
    return Array.isArray(list) ? list.map((c) => String((c as { id?: unknown })?.id ?? '')) : [];
  };
  return { clues: ids('clues'), redHerrings: ids('redHerrings') };
}
