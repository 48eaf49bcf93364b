import { clueTool } from '../../investigation/clues.ts';
import type { LogEvidence } from '../../investigation/evidence.ts';
import { runTool } from '../../investigation/tools.ts';
import type { BotName } from '../../scoring/bots.ts';
import { BOTS, playBot } from '../../scoring/bots.ts';
import { latestChange } from '../../scoring/cheatBots.ts';
import { score } from '../../scoring/score.ts';
import type { World } from '../../world/world.ts';
import type { Scenario } from '../schema.ts';
import { answerKey } from '../variantAnswer.ts';
import type { LintFinding } from './types.ts';
import { BOT_BARS, RANDOM_BOT_SEEDS } from './types.ts';

/** The bots' scores on one world. */
export type BotScores = Readonly<Record<BotName, number>>;

/** The query a trainee who skips the reasoning types first: every error line of every service. */
export const BROAD_ERROR_QUERY =
  '{service=~".+"} |~ "(?i)error|fail|timeout|exception|refused|denied|expired"';

/**
 * Whether two loadings of a scenario differ in the answer: the component, the kind of fault, the trigger
 * or the slice a fault touches (a region, a segment, some instances), as the game tells answers apart
 * when it picks a returning player's variant ({@link answerKey}).
 */
export function answersDiffer(a: Scenario, b: Scenario): boolean {
  return answerKey(a) !== answerKey(b);
}

/**
 * The bots whose bars apply to a world: all but the last-change bot where the latest change before the
 * page is the trigger (blaming it is then right), and the memorizer only against another variant whose
 * answer differs (`other`); where the answers are the same, replaying one is playing the other.
 */
export function barredBots(world: World, other?: Scenario): BotName[] {
  const scenario = world.scenario;
  return BOTS.filter((bot) => {
    if (bot === 'last-change') return latestChange(world)?.id !== scenario.solution.rootCause.trigger;
    if (bot === 'memorizer') return other !== undefined && answersDiffer(scenario, other);
    return true;
  });
}

/** Plays every bot on a world (the random bot averaged over its seeds) and scores it. */
export function botScores(
  scenario: Scenario,
  world: World,
  bots: readonly BotName[],
  other?: World,
): Partial<Record<BotName, number>> {
  const out: Partial<Record<BotName, number>> = {};
  for (const bot of bots) {
    const seeds = bot === 'random' ? RANDOM_BOT_SEEDS : [1];
    const totals = seeds.map(
      (seed) => score(scenario, playBot(bot, world, { seed, ...(other ? { other } : {}) })).total,
    );
    out[bot] = Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 10) / 10;
  }
  return out;
}

/**
 * Why the reference bot fell short, for its finding: the key clues it pinned nothing for (a span or code
 * clue without a `query` is named as such: nothing finds it unless the reference path shows it) and the
 * score's parts that lost points.
 */
export function referenceShortfall(scenario: Scenario, world: World): string {
  const report = score(scenario, playBot('reference', world));
  const missed = report.cluesMissed.map((c) => {
    const queryless = (c.span !== undefined || c.code !== undefined) && c.query === undefined;
    return `"${c.id}" (${clueTool(c)}${queryless ? ', no `query`' : ''})`;
  });
  const lost = report.parts
    .filter((p) => p.score < p.max)
    .map((p) => `${p.label} ${Math.round(p.score * 10) / 10}/${p.max}`);
  return [
    missed.length > 0 ? `it pinned nothing for ${missed.join(', ')}` : 'it pinned every key clue',
    ...(lost.length > 0 ? [`points lost in ${lost.join(', ')}`] : []),
  ].join('; ');
}

/**
 * Findings for bots outside their bars: the reference below, any other above. Given the scenario and its
 * world, a reference shortfall says which clues and parts it lost.
 */
export function botBarFindings(
  scores: Partial<Record<BotName, number>>,
  label = '',
  played?: { readonly scenario: Scenario; readonly world: World },
): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const [bot, total] of Object.entries(scores) as [BotName, number][]) {
    const bar = BOT_BARS[bot];
    if ('atLeast' in bar && total < bar.atLeast)
      findings.push({
        rule: 'bot-bar',
        severity: 'error',
        path: bot === 'reference' ? ['solution', 'path'] : ['solution', 'redHerrings'],
        message:
          bot === 'reference'
            ? `${label}the reference bot scores ${total}, below ${bar.atLeast}: the reference path, clues and chain do not solve the scenario${played ? ` (${referenceShortfall(played.scenario, played.world)})` : ''} (twoam solve --bot reference shows the parts)`
            : `${label}the ${bot} bot scores ${total}, below ${bar.atLeast}: ${SHORTCUT_WHY[bot]}`,
      });
    if ('atMost' in bar && total > bar.atMost)
      findings.push({
        rule: bot === 'random' ? 'bot-bar' : 'shortcut',
        severity: 'error',
        path: ['solution'],
        message: `${label}the ${bot} bot scores ${total}, above ${bar.atMost}: ${SHORTCUT_WHY[bot]}`,
      });
  }
  return findings;
}

const SHORTCUT_WHY: Readonly<Record<BotName, string>> = {
  reference: '',
  guess: 'the right answer alone earns too much; the score must come from evidence and the chain',
  shotgun: 'pinning everything a broad query shows earns too much; the key clues must take targeted queries',
  random: 'aimless play scores too much',
  restarter:
    'restarting everything before looking earns too much; the score must come from the investigation',
  'padded-guess':
    'the right answer with the page and the latest change pinned earns too much; links must be backed by their own clues',
  'chain-spam': 'linking every pair and refuting a catch-all earns too much; the chain must be precise',
  vocabulary: 'answering from the lists the interface shows earns too much',
  'hint-farmer': 'buying every hint earns too much; hints must cost what they give away',
  'last-change': 'blaming the latest change earns too much where it is not the trigger',
  memorizer: "replaying another variant's answer earns too much; the variants must differ in what shows it",
  'honest-wrong':
    'a careful investigation of the strongest red herring must earn method credit of its own, yet stay well below a right one',
};

/**
 * Check (c), shortcuts: the root cause reached without the chain's clues. Beyond the guess and shotgun
 * bars, a scenario has a shortcut when one broad error query shows error lines from the root-cause
 * component only: the culprit is named without following a single link of the chain. (A root cause that
 * leaves its errors in its callers, or no errors at all, is found only by the chain.)
 */
export function broadQueryShortcut(scenario: Scenario, world: World): LintFinding[] {
  const result = runTool(world, { tool: 'logs', query: BROAD_ERROR_QUERY, limit: 500 });
  if (!result.ok || result.items.length === 0) return [];
  const services = new Set(result.items.map((i) => (i.evidence as LogEvidence).service));
  const root = scenario.solution.rootCause.component;
  if (services.size !== 1 || !services.has(root)) return [];
  return [
    {
      rule: 'shortcut',
      severity: 'warning',
      path: ['solution', 'rootCause', 'component'],
      message: `one broad query (${BROAD_ERROR_QUERY}) shows error lines from ${root} only, naming the root cause without the chain; let the symptom show where users feel it (callers' errors, tickets, a business metric) and the cause take the chain to find`,
    },
  ];
}
