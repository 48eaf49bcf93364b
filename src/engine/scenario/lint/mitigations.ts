import type { HealthWindow } from '../../sim/response/health.ts';
import type { Mitigation } from '../../sim/response/palette.ts';
import { actionPalette } from '../../sim/response/palette.ts';
import type { MitigationEffect, Outcome } from '../../sim/response/response.ts';
import { judgeStep, pageTime } from '../../sim/response/response.ts';
import { Run } from '../../sim/run.ts';
import { loadScenario } from '../load.ts';
import { neededWith, rightMitigations } from '../responseSchema.ts';
import type { Scenario } from '../schema.ts';
import type { LintFinding } from './types.ts';
import { variantLabel } from './variantChecks.ts';

/** How long after the page each mitigation is played: its effect, then the "later" window that shows a relief wearing off. */
export const PLAY_AFTER_PAGE_MS = 70 * 60_000;

/**
 * When the faults hurt no more than this many requests in the ten minutes a mitigation is judged on (in the
 * world where nothing is done), there is nothing for it to clear: the fault ended before the page, or hurts
 * now and then (a pod running out of memory every twenty minutes). The judgement counts as many requests
 * as noise.
 */
const NOTHING_TO_CLEAR = 5;

/**
 * A wrong mitigation differs visibly from a correct one when the shares of requests harmed after them
 * differ by at least this part of the harm without any action (and by more than the judgement's noise):
 * what an error-ratio panel shows as a step, however small the incident.
 */
const VISIBLE_SHARE = 0.25;

/** Each action a scenario weighs, played alone at the page, and what it did. */
export interface PlayedMitigation {
  readonly mitigation: Mitigation;
  readonly correct: boolean;
  readonly effect: MitigationEffect;
}

/** Options of {@link mitigationFindings}. */
export interface MitigationLintOptions {
  /** The seed the world is played with (the scenario's own for the file as written, the variant's number otherwise). */
  readonly seed: number;
  /**
   * Which wrong mitigations to play (by id); all of them when absent. A variant check plays the correct
   * ones and only the wrong one that differed in the file as written, so lint stays fast; none (an empty
   * list) when none differed there, and then it does not look for one.
   */
  readonly wrong?: readonly string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const harm = (h: HealthWindow) => (h.requests > 0 ? h.affected / h.requests : 0);

/**
 * Plays the actions the scenario weighs (its `mitigations` section) that `which` chooses, each alone, at
 * the page time and judges each one against the same world without any action (one run, shared by all).
 */
export function playMitigations(
  scenario: Scenario,
  seed: number,
  which: (m: Mitigation, correct: boolean) => boolean = () => true,
): PlayedMitigation[] {
  const page = pageTime(scenario);
  const until = page + PLAY_AFTER_PAGE_MS;
  // What the player can do when paged: an action on a later change is reported by the cross-references.
  const palette = new Map(
    actionPalette(scenario, { verdicts: scenario.mitigations, atMs: page }).map((a) => [a.id, a]),
  );
  const chosen = Object.entries(scenario.mitigations)
    .flatMap(([id, verdict]) => {
      const m = palette.get(id);
      return m ? [{ m, correct: verdict.right }] : [];
    })
    .filter(({ m, correct }) => which(m, correct));
  if (chosen.length === 0) return [];
  // Every play is the same world up to the page: it is run once, and each action played on a copy.
  // Only the health is judged, so the runs keep nothing else.
  const atPage = new Run(scenario, seed, { healthOnly: true });
  atPage.extendTo(until);
  atPage.advanceTo(page);
  const played = chosen.map(({ m, correct }) => {
    const step = { mitigation: m.id, atMs: page };
    const withIt = atPage.fork();
    // A right action that needs others is played with them, taken first: together they end the incident.
    for (const need of correct ? neededWith(scenario, m.id) : []) {
      const first = palette.get(need);
      if (first) withIt.mitigate(first, page);
    }
    withIt.mitigate(m, page);
    withIt.advanceTo(until);
    return { step, m, correct, withIt };
  });
  const without = atPage;
  without.advanceTo(until);
  return played.map(({ step, m, correct, withIt }) => ({
    mitigation: m,
    correct,
    effect: judgeStep(without, withIt, step),
  }));
}

/**
 * The `mitigations` check: a scenario marks the right actions; each one, played at the page, clears the
 * symptoms; and at least one wrong action it weighs has visibly different consequences, so the choice
 * matters. Each is judged against the same world without any action. When the faults hurt
 * nobody in the minutes a correct mitigation is judged on (the fault ended before the page), there is
 * nothing for it to clear: it must then only do no harm, and a wrong one must still differ.
 *
 * Returns the findings and the mitigations played, so a variant check can replay only the wrong one that
 * made the difference.
 */
export function mitigationFindings(
  scenario: Scenario,
  options: MitigationLintOptions,
): { findings: LintFinding[]; played: PlayedMitigation[]; differing?: string } {
  const findings: LintFinding[] = [];
  const error = (path: (string | number)[], message: string) =>
    findings.push({ rule: 'mitigations', severity: 'error', path, message });
  if (Object.keys(scenario.mitigations).length === 0) {
    error(
      ['solution'],
      'the scenario weighs no action: add a `mitigations` section marking the action that ends the incident `right: true`, and plausible wrong ones',
    );
    return { findings, played: [] };
  }
  if (rightMitigations(scenario).length === 0) {
    error(
      ['mitigations'],
      'no action is marked right: mark the ones that end the incident `right: true` in the `mitigations` section',
    );
    return { findings, played: [] };
  }
  const wrong = options.wrong;
  const played = playMitigations(
    scenario,
    options.seed,
    (m, correct) => correct || !wrong || wrong.includes(m.id),
  );
  const right = played.filter((p) => p.correct);
  for (const p of right) {
    const e = p.effect;
    // Judged on the minutes after it is done: a slow action may land where the faults hurt nobody.
    const over = e.without.affected - e.without.rejected <= NOTHING_TO_CLEAR;
    const later = e.later
      ? `; ${pct(harm(e.later.with))} against ${pct(harm(e.later.without))} 40–60 min later`
      : '';
    const numbers = `${pct(harm(e.after))} of requests harmed in the ten minutes after it, ${pct(harm(e.without))} without it${later}`;
    if (over ? e.outcome === 'worse' : e.outcome !== 'cleared')
      error(
        ['mitigations', p.mitigation.id],
        over
          ? `correct mitigation "${p.mitigation.id}" made things worse (${numbers}); the faults hurt nobody in the minutes it is judged on, so it has nothing to clear and should at least do no harm`
          : `correct mitigation "${p.mitigation.id}" was judged "${e.outcome}" (${numbers}), not "cleared"; make it end the fault (a rollback or revert of its trigger or of an event in its enabledBy, a hot fix of a code fault, a renewal of an expired certificate) or do not mark it right`,
      );
  }
  // Soon after the action, or (for a relief that wears off, a leak restarted) forty to sixty minutes on.
  const visible = (w: MitigationEffect, c: MitigationEffect) => {
    const step = (a: HealthWindow, b: HealthWindow, base: HealthWindow) =>
      Math.abs(harm(a) - harm(b)) >=
      Math.max(harm(base) * VISIBLE_SHARE, (2 * NOTHING_TO_CLEAR) / Math.max(1, b.requests));
    return (
      step(w.after, c.after, c.without) ||
      (w.later !== undefined && c.later !== undefined && step(w.later.with, c.later.with, c.later.without))
    );
  };
  const differs = (w: PlayedMitigation) =>
    right.every((c) => w.effect.outcome !== c.effect.outcome && visible(w.effect, c.effect));
  const others = played.filter((p) => !p.correct);
  const differing = others.find(differs);
  // A variant replays no wrong one when none differed in the file as written: that is reported there.
  const skipDiffers = wrong !== undefined && wrong.length === 0;
  if (!differing && right.length > 0 && !skipDiffers) {
    const seen = others.map((w) => `"${w.mitigation.id}" ${w.effect.outcome} (${pct(harm(w.effect.after))})`);
    error(
      ['mitigations'],
      others.length === 0
        ? 'every action weighed is a right one: add a plausible wrong one (restart:<noisy service>, rollback:<innocent deploy>, scale:<service>:<n>, rate-limit:<segment>) whose consequences differ'
        : `no wrong mitigation differs visibly from the correct one ("${right[0]!.mitigation.id}" ${right[0]!.effect.outcome}, ${pct(harm(right[0]!.effect.after))} harmed after): ${seen.join(', ')}; a wrong choice must leave users visibly better or worse off than the right one`,
    );
  }
  return { findings, played, ...(differing ? { differing: differing.mitigation.id } : {}) };
}

/** Services the story names: faults and their callers, the root cause, and what clues, red herrings and the chain point at. */
export function servicesNamed(scenario: Scenario): Set<string> {
  const named = new Set<string>([scenario.solution.rootCause.component]);
  const ids = new Set(scenario.system.services.map((s) => s.id));
  for (const f of scenario.faults) {
    named.add(f.service);
    if (f.edge) named.add(f.edge.to);
  }
  // Everything upstream of a faulty service is on the path users take to it.
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of scenario.system.edges)
      if (named.has(e.to) && !named.has(e.from)) {
        named.add(e.from);
        grew = true;
      }
  }
  const eventService = new Map(scenario.timeline.map((e) => [e.id, e.service]));
  for (const c of [...scenario.solution.clues, ...scenario.solution.redHerrings]) {
    const svc = c.log?.service ?? c.span?.service ?? c.metric?.labels.service;
    if (svc) named.add(svc);
    const changed = c.change ? eventService.get(c.change) : undefined;
    if (changed) named.add(changed);
  }
  for (const link of scenario.solution.chain)
    for (const end of [link.from, link.to]) if (ids.has(end)) named.add(end);
  return named;
}

/**
 * Wrong mitigations that act on nothing the story names: a service no fault, clue, red herring or chain
 * link touches, or a region none of those services runs in. A responder would not reach for them.
 */
export function unnamedTargets(scenario: Scenario): LintFinding[] {
  const named = servicesNamed(scenario);
  const regions = new Set(scenario.system.services.filter((s) => named.has(s.id)).flatMap((s) => s.regions));
  for (const f of scenario.faults) if (f.region) regions.add(f.region);
  const findings: LintFinding[] = [];
  for (const m of actionPalette(scenario)) {
    const verdict = scenario.mitigations[m.id];
    if (!verdict || verdict.right) continue;
    // A change on the timeline is something the player saw happen, whichever service it touched.
    const onService = m.kind !== 'rollback' && m.kind !== 'revert' && m.kind !== 'renew';
    const target =
      onService && m.service !== undefined && !named.has(m.service)
        ? `service "${m.service}"`
        : m.kind === 'failover' && m.region !== undefined && !regions.has(m.region)
          ? `region "${m.region}"`
          : undefined;
    if (target)
      findings.push({
        rule: 'mitigations',
        severity: 'warning',
        path: ['mitigations', m.id],
        message: `wrong action "${m.id}" acts on ${target}, which nothing in the story names (no fault, clue, red herring or chain link); weigh what a responder would really reach for`,
      });
  }
  return findings;
}

/** The outcomes a set of played mitigations came to, for messages and tests: `{ id: outcome }`. */
export function outcomesOf(played: readonly PlayedMitigation[]): Record<string, Outcome> {
  return Object.fromEntries(played.map((p) => [p.mitigation.id, p.effect.outcome]));
}

/** One variant's part of the `mitigations` check: its label and what {@link mitigationFindings} found there. */
export interface MitigationVariantCheck {
  readonly label: string;
  readonly findings: LintFinding[];
}

/**
 * The `mitigations` check for variants 1…count (seeds as the game plays them): the correct mitigations
 * must still clear, and the wrong one that differed in the file as written (`differing`) must still
 * differ. Only those are played, so each variant costs two or three runs. A problem several variants
 * share is reported once, naming them all. `checks` holds the variants' checks when they were made
 * apart (seed `k` at `k - 1`), so they are not made again.
 */
export function mitigationVariantFindings(
  text: string,
  file: string,
  count: number,
  differing: string | undefined,
  checks?: readonly (MitigationVariantCheck | undefined)[],
): LintFinding[] {
  const grouped = new Map<string, { finding: LintFinding; labels: string[] }>();
  for (let seed = 1; seed <= count; seed++) {
    const check = checks ? checks[seed - 1] : mitigationVariantCheck(text, file, seed, differing);
    // A variant that does not load is reported by the variant check.
    if (!check) continue;
    for (const f of check.findings) {
      // The same problem with other numbers is the same problem.
      const key = `${f.path.join('.')}:${f.message.replace(/\d+\.\d%/g, '')}`;
      const entry = grouped.get(key);
      if (entry) entry.labels.push(check.label);
      else grouped.set(key, { finding: f, labels: [check.label] });
    }
  }
  return [...grouped.values()].map(({ finding, labels }) => ({
    ...finding,
    message: `in ${labels.join(', ')}: ${finding.message}`,
  }));
}

/**
 * One variant's part of {@link mitigationVariantFindings}: its correct mitigations and the wrong one that
 * differed as written, played in its world. Undefined for a variant that does not load.
 */
export function mitigationVariantCheck(
  text: string,
  file: string,
  seed: number,
  differing: string | undefined,
): MitigationVariantCheck | undefined {
  const loaded = loadScenario(text, file, { variant: seed });
  if (!loaded.scenario) return undefined;
  const label = variantLabel(seed, loaded.variant?.values ?? {});
  // The wrong one that differed as written may be this variant's right one, or not weighed here at all
  // (a variant that moves the slice renames the actions on it): then every wrong one is played, so the
  // check finds one that differs here instead of reporting no wrong one at all.
  const weighed = differing === undefined ? undefined : loaded.scenario.mitigations[differing];
  const { findings } = mitigationFindings(
    loaded.scenario,
    differing === undefined
      ? { seed, wrong: [] }
      : weighed !== undefined && weighed.right !== true
        ? { seed, wrong: [differing] }
        : { seed },
  );
  return { label, findings };
}
