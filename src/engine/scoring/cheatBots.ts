import type { Action } from '../investigation/actions.ts';
import { chainNodeOptions, nodeIds } from '../investigation/chainNodes.ts';
import { clueQuery, clueService, clueTool, matchesClue } from '../investigation/clues.ts';
import { conditionVocabulary } from '../investigation/conditionVocabulary.ts';
import type { Evidence } from '../investigation/evidence.ts';
import type { ToolRequest, ToolResult } from '../investigation/tools.ts';
import type { FaultKind } from '../scenario/faultKinds.ts';
import { rightMitigations } from '../scenario/responseSchema.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { SolutionClue } from '../scenario/solutionSchema.ts';
import { parseTimestamp } from '../scenario/units.ts';
import { actionPalette } from '../sim/response/palette.ts';
import type { World } from '../world/world.ts';
import { Player } from './player.ts';

// Strategies a player might use to score without reasoning, and one who reasons carefully down the wrong
// path. Each plays through the same actions a trainee takes; the scoring test holds each to its bar.

/** Builds the request a tool takes for a query text. */
export function request(tool: ToolRequest['tool'], query: string): ToolRequest {
  if (tool === 'inbox') return { tool };
  if (tool === 'changes') return { tool, query };
  return { tool, query } as ToolRequest;
}

/** The items a tool showed. */
export function items(result: ToolResult): Evidence[] {
  return result.ok ? result.items.map((i) => i.evidence) : [];
}

/**
 * The trainee's word for a node of the reference chain: the service or the change itself, or the first
 * condition of the vocabulary the author says the node means.
 */
export function traineeNode(scenario: Scenario, id: string): string {
  const node = scenario.solution.nodes.find((n) => n.id === id);
  if (node) return nodeIds.condition(node.means[0]!);
  if (scenario.system.services.some((s) => s.id === id)) return nodeIds.service(id);
  return nodeIds.event(id);
}

function pageMs(world: World): number {
  return parseTimestamp(world.scenario.briefing.page.at) ?? world.endMs;
}

/** The change of the timeline made last before the page, the one a hurried responder blames. */
export function latestChange(world: World): Scenario['timeline'][number] | undefined {
  const page = pageMs(world);
  return world.scenario.timeline
    .map((e) => ({ e, at: parseTimestamp(e.at) ?? Number.NaN }))
    .filter((x) => x.at <= page)
    .sort((a, b) => b.at - a.at)[0]?.e;
}

/** The action of the palette that undoes a change (rolls it back, reverts or renews it), if any. */
function undoOf(scenario: Scenario, eventId: string): string | undefined {
  return actionPalette(scenario).find(
    (m) => m.event === eventId && (m.kind === 'rollback' || m.kind === 'revert' || m.kind === 'renew'),
  )?.id;
}

/** The kind of fault a change invites a hurried responder to name. */
function faultOfChange(kind: string | undefined): FaultKind {
  if (kind === 'deploy') return 'bad-deploy';
  if (kind === 'flag') return 'flag-rollout';
  return 'misconfiguration';
}

/** Pins the first item the inbox shows: the page. */
/** Submits the scenario's own answer, sure of it: what every bot that knows the answer ends with. */
export function answerRootCause(p: Player, scenario: Scenario, confidence = 90): void {
  const root = scenario.solution.rootCause;
  p.diagnose({
    component: root.component,
    fault: root.fault,
    ...(root.trigger ? { trigger: root.trigger } : {}),
    confidence,
  });
}

function pinPage(p: Player): Evidence | undefined {
  const page = items(p.query({ tool: 'inbox' }))[0];
  if (page) p.pin(page);
  return page;
}

/** Pins a change once the change log has shown it. */
function pinChange(p: Player, eventId: string): Evidence | undefined {
  const change = items(p.query({ tool: 'changes', query: '' })).find(
    (e) => e.kind === 'change' && e.eventId === eventId,
  );
  if (change) p.pin(change);
  return change;
}

/**
 * The right answer padded to look investigated: pins the page and the latest change, builds the reference
 * chain from the builder's vocabulary citing them, applies the right fix and submits the right diagnosis.
 */
export function paddedGuess(world: World): Action[] {
  const p = new Player(world);
  const scenario = world.scenario;
  const sol = scenario.solution;
  const cited = [pinPage(p)?.ref];
  const latest = latestChange(world);
  if (latest) cited.push(pinChange(p, latest.id)?.ref);
  const refs = cited.filter((r): r is string => r !== undefined);
  for (const link of sol.chain)
    p.link(traineeNode(scenario, link.from), traineeNode(scenario, link.to), refs);
  const fix = rightMitigations(scenario)[0];
  if (fix) p.act({ type: 'mitigate', mitigation: fix });
  answerRootCause(p, scenario);
  return [...p.actions];
}

/**
 * Volume in place of a chain: pins everything broad queries show, links every pair of services and
 * changes citing every pin, marks every pin against one catch-all hypothesis it refutes, and submits
 * the right diagnosis.
 */
export function chainSpam(world: World): Action[] {
  const p = new Player(world);
  const scenario = world.scenario;
  const broad: ToolRequest[] = [
    { tool: 'inbox' },
    { tool: 'changes' },
    { tool: 'logs', query: '{service=~".+"} |~ "(?i)error|fail|timeout|exception"' },
  ];
  for (const r of broad) for (const e of items(p.query(r))) p.pin(e);
  const refs = p.state.pinned.map((x) => x.evidence.ref);
  const noise = p.hypothesis("It's all noise: nothing here is the cause");
  for (const r of refs) p.act({ type: 'mark', hypothesisId: noise, ref: r, stance: 'refutes' });
  p.act({ type: 'hypothesis status', id: noise, status: 'refuted' });
  const nodes = [
    ...scenario.system.services.map((s) => nodeIds.service(s.id)),
    ...scenario.timeline.map((e) => nodeIds.event(e.id)),
  ];
  for (const from of nodes) for (const to of nodes) if (from !== to) p.link(from, to, refs);
  answerRootCause(p, scenario, 80);
  return [...p.actions];
}

/**
 * Answers from what the interface lists, after three queries: blames the service with the most error
 * lines, the first kind of fault the vocabulary offers for it and the latest change, and chains that
 * condition to the paged service's errors.
 */
export function vocabulary(world: World): Action[] {
  const p = new Player(world);
  const scenario = world.scenario;
  const page = pinPage(p);
  items(p.query({ tool: 'changes', query: '' }));
  const counts = new Map<string, number>();
  for (const e of items(p.query({ tool: 'logs', query: '{service=~".+"} |~ "(?i)error|fail"', limit: 200 })))
    if (e.kind === 'log') counts.set(e.service, (counts.get(e.service) ?? 0) + 1);
  const suspect =
    [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? scenario.system.services[0]!.id;
  const conditions = conditionVocabulary(scenario);
  const cause = conditions.find(
    (c) => c.services.length === 1 && c.services[0] === suspect && c.faults.length,
  );
  const options = chainNodeOptions(scenario, p.state, conditions).filter((o) => o.group === 'Conditions');
  const symptom = options.find((o) => o.id !== (cause && nodeIds.condition(cause.id)));
  if (cause && symptom) p.link(nodeIds.condition(cause.id), symptom.id, page ? [page.ref] : []);
  const latest = latestChange(world);
  p.diagnose({
    component: suspect,
    fault: cause?.faults[0] ?? 'bad-deploy',
    ...(latest ? { trigger: latest.id } : {}),
    confidence: 60,
  });
  return [...p.actions];
}

/** Buys every hint, pins what each points at, and submits the right diagnosis. */
export function hintFarmer(world: World): Action[] {
  const p = new Player(world);
  const scenario = world.scenario;
  const sol = scenario.solution;
  scenario.hints.forEach((hint, index) => {
    p.act({ type: 'hint', index });
    const clue = sol.clues.find((c) => c.id === hint.clue);
    if (!clue) return;
    const hit = items(p.query(request(clueTool(clue), clueQuery(clue)))).find((e) => matchesClue(e, clue));
    if (hit) p.pin(hit);
  });
  const root = sol.rootCause;
  p.diagnose({
    component: root.component,
    fault: root.fault,
    ...(root.trigger ? { trigger: root.trigger } : {}),
    confidence: 85,
  });
  return [...p.actions];
}

/** Blames the last change before the page: pins it, rolls it back, and names it the trigger. */
export function lastChange(world: World): Action[] {
  const p = new Player(world);
  const scenario = world.scenario;
  const page = pinPage(p);
  const latest = latestChange(world);
  if (!latest) {
    p.diagnose({ component: scenario.system.services[0]!.id, fault: 'bad-deploy', confidence: 70 });
    return [...p.actions];
  }
  const change = pinChange(p, latest.id);
  const service = latest.service ?? scenario.system.services[0]!.id;
  const h = p.hypothesis(`The last change broke it: ${latest.description}`, {
    component: service,
    trigger: latest.id,
  });
  if (change) {
    p.act({ type: 'mark', hypothesisId: h, ref: change.ref, stance: 'supports' });
    p.act({ type: 'hypothesis status', id: h, status: 'supported' });
  }
  const refs = [change?.ref, page?.ref].filter((r): r is string => r !== undefined);
  if (page) p.link(nodeIds.event(latest.id), nodeIds.evidence(page.ref), refs);
  const undo = undoOf(scenario, latest.id);
  if (undo) p.act({ type: 'mitigate', mitigation: undo });
  p.diagnose({ component: service, fault: faultOfChange(latest.kind), trigger: latest.id, confidence: 75 });
  return [...p.actions];
}

/**
 * The red herring a careful investigator is most likely to follow: one tied to a change (a change invites
 * blame), else the first seen in a service.
 */
export function strongestHerring(scenario: Scenario): SolutionClue | undefined {
  const herrings = scenario.solution.redHerrings;
  return (
    herrings.find((h) => h.change !== undefined && clueService(scenario, h) !== undefined) ??
    herrings.find((h) => clueService(scenario, h) !== undefined) ??
    herrings[0]
  );
}

/**
 * A careful investigation down the wrong path: walks the reference path's queries, pins the page, what
 * shows the paged symptom and the strongest red herring's evidence, tests a hypothesis about the herring,
 * chains it to the symptom, and diagnoses it.
 */
export function honestWrong(world: World): Action[] {
  const p = new Player(world);
  const scenario = world.scenario;
  const sol = scenario.solution;
  const page = pinPage(p);
  const herring = strongestHerring(scenario);
  // What shows the paged symptom: the clues of the story's last link, which the page sends everyone to.
  const last = sol.chain[sol.chain.length - 1];
  const symptomClues = sol.clues.filter((c) => last?.clues.includes(c.id));
  let shown: Evidence | undefined;
  let symptom: Evidence | undefined;
  for (const step of sol.path) {
    const seen = items(p.query(request(step.tool, step.query)));
    shown ??= seen.find((e) => herring && matchesClue(e, herring));
    symptom ??= seen.find((e) => e.ref !== page?.ref && symptomClues.some((c) => matchesClue(e, c)));
  }
  if (herring && !shown)
    shown = items(p.query(request(clueTool(herring), clueQuery(herring)))).find((e) =>
      matchesClue(e, herring),
    );
  if (shown) p.pin(shown);
  if (symptom) p.pin(symptom);
  const service = (herring && clueService(scenario, herring)) ?? scenario.system.services[0]!.id;
  const event =
    herring?.change !== undefined ? scenario.timeline.find((e) => e.id === herring.change) : undefined;
  const conditions = conditionVocabulary(scenario);
  const fault: FaultKind = event
    ? faultOfChange(event.kind)
    : (conditions.find((c) => c.services.length === 1 && c.services[0] === service && c.faults.length)
        ?.faults[0] ?? 'bad-deploy');
  const h = p.hypothesis(`${service} is at fault: ${herring?.description ?? 'it looks wrong'}`, {
    component: service,
    fault,
    ...(event ? { trigger: event.id } : {}),
  });
  for (const e of [shown, page])
    if (e) p.act({ type: 'mark', hypothesisId: h, ref: e.ref, stance: 'supports' });
  p.act({ type: 'hypothesis status', id: h, status: 'supported' });
  const refs = [shown?.ref, symptom?.ref, page?.ref].filter((r): r is string => r !== undefined);
  const cause = event ? nodeIds.event(event.id) : nodeIds.hypothesis(h);
  if (last) p.link(cause, traineeNode(scenario, last.to), refs);
  const undo = event ? undoOf(scenario, event.id) : undefined;
  if (undo) p.act({ type: 'mitigate', mitigation: undo });
  p.diagnose({ component: service, fault, ...(event ? { trigger: event.id } : {}), confidence: 70 });
  return [...p.actions];
}

/**
 * Replays the reference play of another variant of the scenario: the same queries run again here, the
 * items it pinned pinned where this world shows them too, and its notes, chain and answer as they were.
 */
export function memorizer(world: World, remembered: readonly Action[]): Action[] {
  const p = new Player(world);
  for (const a of remembered) {
    if (a.type === 'query') {
      p.query(request(a.tool, a.query));
      continue;
    }
    const { at: _at, ...step } = a;
    p.act(step as Parameters<Player['act']>[0]);
  }
  return [...p.actions];
}
