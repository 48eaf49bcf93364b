import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Action } from '../engine/investigation/actions.ts';
import { appliedMitigations } from '../engine/investigation/responseSteps.ts';
import { formatScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import { BOT_BARS } from '../engine/scenario/lint/types.ts';
import { loadScenario } from '../engine/scenario/load.ts';
import type { BotName } from '../engine/scoring/bots.ts';
import { BOTS, playBot } from '../engine/scoring/bots.ts';
import { scorePlay } from '../engine/scoring/playScore.ts';
import type { ScoreReport } from '../engine/scoring/score.ts';
import type { MitigationEffect } from '../engine/sim/response/outcomes.ts';
import { OUTCOME_LABELS } from '../engine/sim/response/outcomes.ts';
import { doneAt, mitigationOf, playAndJudge } from '../engine/sim/response/response.ts';
import { simulate } from '../engine/sim/simulate.ts';
import type { Output } from './output.ts';
import { EXIT, UsageError } from './output.ts';

/** How many seeded runs the random bot averages when no --seed is given: one run says little of chance. */
export const RANDOM_RUNS = 20;

/** What each bot does, for the help. */
const BOT_HELP: Readonly<Record<BotName, string>> = {
  reference: 'follows the reference path, pins the clues, builds the chain, mitigates',
  guess: 'submits the right diagnosis with no evidence and no chain',
  shotgun: 'broad queries, pins everything shown, right diagnosis',
  random: `random queries, pins, chain and diagnosis; without --seed, the mean of ${RANDOM_RUNS} seeds`,
  restarter: 'restarts everything before looking, blames the noisiest service',
  'padded-guess':
    'pins the page and the latest change, builds the chain from the vocabulary, applies the fix',
  'chain-spam': 'shotgun pins, links every pair of services and changes, refutes a catch-all hypothesis',
  vocabulary: 'three queries, then answers from what the interface lists',
  'hint-farmer': 'buys every hint, pins what each points at, right diagnosis',
  'last-change': 'blames and rolls back the latest change before the page',
  memorizer: 'replays the reference play of the next variant (--variant N+1) on this one',
  'honest-wrong': "a careful investigation of the scenario's strongest red herring, diagnosed as the cause",
};

function bar(bot: BotName): string {
  const b: { atLeast?: number; atMost?: number } = BOT_BARS[bot];
  if (b.atLeast !== undefined && b.atMost !== undefined) return `${b.atLeast}–${b.atMost}`;
  return b.atLeast !== undefined ? `≥ ${b.atLeast}` : `≤ ${b.atMost}`;
}

/** Help for `twoam solve`. */
export const SOLVE_HELP = `twoam solve <scenario> --bot NAME [--seed N] [--variant N] [--json]

Plays a scenario with a bot through the same actions a trainee takes, and scores it as a trainee is scored.
<scenario> is a file, or the id of a built-in scenario (scenarios/<id>.yaml). Each bot's bar (what it must
score on every scenario) is in brackets; last-change's holds where the latest change is not the trigger,
memorizer's where the variants differ in the answer.

${BOTS.map((b) => `  ${b.padEnd(13)} ${BOT_HELP[b]} (${bar(b)})`).join('\n')}

Options:
  --bot NAME   the bot to play (required)
  --seed N     the random bot's seed (plays one run)
  --variant N  play variant N of the scenario (its world simulated with seed N, as the game does); 0 is the file as written
  --json       print {"scenario","bot","score","parts","penalties","actions"}`;

/** Options of `twoam solve`. */
export interface SolveOptions {
  readonly bot?: string;
  readonly seed?: string;
  readonly variant?: string;
}

function resolveFile(name: string): string {
  if (existsSync(name)) return name;
  const builtin = `scenarios/${name}.yaml`;
  if (existsSync(builtin)) return builtin;
  throw new UsageError(`no scenario file "${name}" (nor ${builtin})`);
}

interface Outcome {
  readonly score: number;
  readonly parts: Record<string, number>;
  readonly penalties: readonly { label: string; points: number }[];
  readonly actions: number;
}

function outcome(report: ScoreReport, actions: number): Outcome {
  return {
    score: report.total,
    parts: Object.fromEntries(report.parts.map((p) => [p.id, p.score])),
    penalties: report.penalties,
    actions,
  };
}

/** Runs `twoam solve`; prints the score and its parts; returns the exit code. */
export async function solveCommand(positionals: string[], o: SolveOptions, output: Output): Promise<number> {
  const [name] = positionals;
  if (!name) throw new UsageError('name a scenario file or a built-in scenario id');
  if (!o.bot || !(BOTS as readonly string[]).includes(o.bot))
    throw new UsageError(`--bot must be one of ${BOTS.join(', ')}`);
  const bot = o.bot as BotName;
  const seed = o.seed === undefined ? undefined : Number(o.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError(`--seed "${o.seed}" is not an integer`);
  const variant = o.variant === undefined ? 0 : Number(o.variant);
  if (!Number.isInteger(variant) || variant < 0)
    throw new UsageError(`--variant "${o.variant}" is not a whole number`);
  const file = resolveFile(name);
  const { scenario, diagnostics } = loadScenario(await readFile(file, 'utf8'), file, { variant });
  if (!scenario) {
    output.err(diagnostics.map(formatScenarioDiagnostic).join('\n'));
    return EXIT.problems;
  }
  const world = simulate(scenario, variant === 0 ? {} : { seed: variant });
  // The memorizer remembers the next variant's reference play.
  let other: typeof world | undefined;
  if (bot === 'memorizer') {
    const next = loadScenario(await readFile(file, 'utf8'), file, { variant: variant + 1 }).scenario;
    if (next) other = simulate(next, { seed: variant + 1 });
  }
  const seeds =
    bot === 'random' && seed === undefined
      ? Array.from({ length: RANDOM_RUNS }, (_, i) => i + 1)
      : [seed ?? 1];
  // What the bot's mitigations did is played out, so one that made things worse costs what it would cost
  // a trainee; the same actions always give the same verdicts.
  const played = new Map<string, MitigationEffect[]>();
  const effectsOf = (actions: readonly Action[]): MitigationEffect[] | undefined => {
    const steps = appliedMitigations(scenario, actions).map(({ mitigation, atMs }) => ({ mitigation, atMs }));
    if (steps.length === 0) return undefined;
    const key = JSON.stringify(steps);
    if (!played.has(key)) {
      const until = Math.max(...steps.map((st) => doneAt(mitigationOf(scenario, st.mitigation), st.atMs)));
      played.set(key, playAndJudge(scenario, world.seed, steps, until + 20 * 60_000).effects);
    }
    return played.get(key);
  };
  const runs = seeds.map((s) => {
    const actions = playBot(bot, world, { seed: s, ...(other ? { other } : {}) });
    return {
      ...outcome(
        scorePlay(scenario, { actions, effects: effectsOf(actions) ?? [], respond: true }),
        actions.length,
      ),
      effects: effectsOf(actions),
    };
  });
  const mean = (f: (r: Outcome) => number) =>
    Math.round((runs.reduce((s, r) => s + f(r), 0) / runs.length) * 10) / 10;
  const partIds = Object.keys(runs[0]!.parts);
  const result = {
    scenario: scenario.id,
    bot,
    score: mean((r) => r.score),
    parts: Object.fromEntries(partIds.map((id) => [id, mean((r) => r.parts[id]!)])),
    penalties: runs[0]!.penalties,
    ...(runs[0]!.effects
      ? { mitigations: runs[0]!.effects.map((e) => ({ id: e.mitigation, outcome: e.outcome })) }
      : {}),
    actions: mean((r) => r.actions),
    ...(runs.length > 1 ? { runs: runs.map((r, i) => ({ seed: seeds[i], score: r.score })) } : {}),
  };
  if (output.json) output.out(JSON.stringify(result));
  else {
    const label = runs.length > 1 ? ` (mean of ${runs.length} seeds)` : '';
    output.out(`${scenario.id} — ${bot} bot: ${result.score}/100${label}`);
    for (const id of partIds) output.out(`  ${id.padEnd(11)} ${result.parts[id]}`);
    for (const p of result.penalties) output.out(`  −${p.points} ${p.label}`);
    for (const e of runs[0]!.effects ?? [])
      output.out(`  mitigation ${e.mitigation}: ${OUTCOME_LABELS[e.outcome]}`);
  }
  return EXIT.ok;
}
