import type { Action } from '../investigation/actions.ts';
import { chainNodeOptions } from '../investigation/chainNodes.ts';
import { clueQuery, clueService, clueTool, matchesClue } from '../investigation/clues.ts';
import type { Evidence } from '../investigation/evidence.ts';
import type { ToolRequest } from '../investigation/tools.ts';
import { FAULT_KINDS } from '../scenario/faultKinds.ts';
import { neededWith, rightMitigations } from '../scenario/responseSchema.ts';
import type { SolutionClue } from '../scenario/solutionSchema.ts';
import { Rng } from '../sim/model/rng.ts';
import type { World } from '../world/world.ts';
import {
  answerRootCause,
  chainSpam,
  hintFarmer,
  honestWrong,
  items,
  lastChange,
  memorizer,
  paddedGuess,
  request,
  traineeNode,
  vocabulary,
} from './cheatBots.ts';
import { Player } from './player.ts';

export { traineeNode };

/** The bots that check a scenario's scoring, by the name `twoam solve --bot` takes. */
export const BOTS = [
  'reference',
  'guess',
  'shotgun',
  'random',
  'restarter',
  'padded-guess',
  'chain-spam',
  'vocabulary',
  'hint-farmer',
  'last-change',
  'memorizer',
  'honest-wrong',
] as const;
/** One bot's name. */
export type BotName = (typeof BOTS)[number];

/**
 * The expert: walks the reference path, runs each clue's query where the path did not show it, pins one
 * item per clue and per red herring, tests a hypothesis for the cause and refutes one per red herring,
 * builds the reference chain citing its clues, and submits the right diagnosis with high confidence.
 */
function reference(world: World): Action[] {
  const p = new Player(world);
  const sol = world.scenario.solution;
  const found = new Map<string, Evidence>();
  const take = (clues: readonly SolutionClue[], shown: readonly Evidence[]) => {
    for (const clue of clues) {
      if (found.has(clue.id)) continue;
      const hit = shown.find((e) => matchesClue(e, clue));
      if (hit) {
        p.pin(hit);
        found.set(clue.id, hit);
      }
    }
  };
  for (const step of sol.path) {
    const shown = items(p.query(request(step.tool, step.query)));
    take(sol.clues, shown);
    take(sol.redHerrings, shown);
  }
  for (const clue of [...sol.clues, ...sol.redHerrings]) {
    if (found.has(clue.id)) continue;
    take([clue], items(p.query(request(clueTool(clue), clueQuery(clue)))));
  }
  const root = sol.rootCause;
  const cause = p.hypothesis(
    `${root.component}: ${root.fault}${root.trigger ? ` set off by ${root.trigger}` : ''}`,
    { component: root.component, fault: root.fault, ...(root.trigger ? { trigger: root.trigger } : {}) },
  );
  for (const clue of sol.clues) {
    const e = found.get(clue.id);
    if (e) p.act({ type: 'mark', hypothesisId: cause, ref: e.ref, stance: 'supports' });
  }
  p.act({ type: 'hypothesis status', id: cause, status: 'supported' });
  for (const herring of sol.redHerrings) {
    const e = found.get(herring.id);
    if (!e) continue;
    // The hypothesis the herring invites: its service (or its change) is to blame.
    const service = clueService(world.scenario, herring);
    const h = p.hypothesis(`It is what this shows: ${herring.description}`, {
      ...(service ? { component: service } : {}),
      ...(herring.change !== undefined ? { trigger: herring.change } : {}),
    });
    p.act({ type: 'mark', hypothesisId: h, ref: e.ref, stance: 'refutes' });
    p.act({ type: 'hypothesis status', id: h, status: 'refuted' });
  }
  for (const link of sol.chain) {
    const cited = link.clues.flatMap((id) => (found.has(id) ? [found.get(id)!.ref] : []));
    p.link(traineeNode(world.scenario, link.from), traineeNode(world.scenario, link.to), cited);
  }
  // With the cause shown, the expert applies the mitigation that ends it, then writes it up.
  const fix = rightMitigations(world.scenario)[0];
  if (fix)
    for (const id of [...neededWith(world.scenario, fix), fix]) p.act({ type: 'mitigate', mitigation: id });
  answerRootCause(p, world.scenario);
  return [...p.actions];
}

/** The right answer with nothing behind it: no query, no evidence, no chain. */
function guess(world: World): Action[] {
  const p = new Player(world);
  answerRootCause(p, world.scenario);
  return [...p.actions];
}

/**
 * The responder who reaches for the big switch first: restarts every service the scenario weighs a
 * restart of (or, when it weighs none, takes every action it weighs) before looking at anything, then
 * blames whatever a broad error query shows most of.
 */
function restarter(world: World): Action[] {
  const p = new Player(world);
  const scenario = world.scenario;
  const weighed = Object.keys(scenario.mitigations);
  const restarts = weighed.filter((id) => id.startsWith('restart:'));
  for (const id of restarts.length > 0 ? restarts : weighed) p.act({ type: 'mitigate', mitigation: id });
  const counts = new Map<string, number>();
  for (const e of items(
    p.query({ tool: 'logs', query: '{service=~".+"} |~ "(?i)error|fail"', limit: 200 }),
  )) {
    const svc = e.kind === 'log' ? e.service : undefined;
    if (svc) counts.set(svc, (counts.get(svc) ?? 0) + 1);
  }
  const noisiest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  p.diagnose({
    component: noisiest ?? scenario.system.services[0]!.id,
    fault: 'memory-leak',
    confidence: 70,
  });
  return [...p.actions];
}

/** Broad queries, everything pinned, the right answer: volume in place of reasoning. */
function shotgun(world: World): Action[] {
  const p = new Player(world);
  const broad: ToolRequest[] = [
    { tool: 'inbox' },
    { tool: 'changes' },
    { tool: 'logs', query: '{service=~".+"}' },
    { tool: 'logs', query: '{service=~".+"} |~ "(?i)error|fail|timeout|exception"' },
  ];
  for (const r of broad) for (const e of items(p.query(r))) p.pin(e);
  answerRootCause(p, world.scenario, 80);
  return [...p.actions];
}

const WORDS = ['error', 'slow', 'GET', 'POST', 'retry', 'started', 'cache', 'user', '200', '500', 'db'];

/** Aimless play from a seed: random queries, random pins, a random chain and a random diagnosis. */
function random(world: World, seed: number): Action[] {
  const rng = new Rng(seed).fork('random bot');
  const p = new Player(world);
  const scenario = world.scenario;
  const services = scenario.system.services.map((s) => s.id);
  const pins: Evidence[] = [];
  for (let i = 0; i < 6; i++) {
    const shown = items(
      p.query({
        tool: 'logs',
        query: `{service="${rng.pick(services)}"} |= "${rng.pick(WORDS)}"`,
        limit: 50,
      }),
    );
    if (shown.length > 0) {
      const e = rng.pick(shown);
      if (p.pin(e)) pins.push(e);
    }
  }
  const suspect = rng.pick(services);
  const h = p.hypothesis(`${suspect} is misbehaving`, { component: suspect, fault: rng.pick(FAULT_KINDS) });
  if (pins.length > 0)
    p.act({
      type: 'mark',
      hypothesisId: h,
      ref: rng.pick(pins).ref,
      stance: rng.pick(['supports', 'refutes'] as const),
    });
  const vocabulary = chainNodeOptions(scenario, p.state).map((n) => n.id);
  const from = rng.pick(vocabulary);
  const to = rng.pick(vocabulary.filter((n) => n !== from));
  if (to !== undefined) p.link(from, to, pins.length > 0 ? [rng.pick(pins).ref] : []);
  const trigger = scenario.timeline.length > 0 ? rng.pick(scenario.timeline).id : undefined;
  p.diagnose({
    component: rng.pick(services),
    fault: rng.pick(FAULT_KINDS),
    ...(trigger ? { trigger } : {}),
    confidence: rng.int(101),
  });
  return [...p.actions];
}

/** What a bot may know besides its world: the random bot's seed, the memorizer's other variant. */
export interface BotContext {
  readonly seed?: number;
  /** Another variant's world, whose reference play the memorizer replays (this world's when absent). */
  readonly other?: World;
}

/**
 * Plays a scenario's world with one of the bots and returns its action log, which `score` then reads like
 * any trainee's. The random bot takes a seed so its run is repeatable.
 *
 * @example score(world.scenario, playBot('reference', world))
 */
export function playBot(bot: BotName, world: World, context: BotContext | number = {}): Action[] {
  const { seed = 1, other } = typeof context === 'number' ? { seed: context } : context;
  switch (bot) {
    case 'reference':
      return reference(world);
    case 'guess':
      return guess(world);
    case 'shotgun':
      return shotgun(world);
    case 'random':
      return random(world, seed);
    case 'restarter':
      return restarter(world);
    case 'padded-guess':
      return paddedGuess(world);
    case 'chain-spam':
      return chainSpam(world);
    case 'vocabulary':
      return vocabulary(world);
    case 'hint-farmer':
      return hintFarmer(world);
    case 'last-change':
      return lastChange(world);
    case 'memorizer':
      return memorizer(world, reference(other ?? world));
    case 'honest-wrong':
      return honestWrong(world);
  }
}
