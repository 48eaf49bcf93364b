import { checkAutoscalers } from './autoscaleRefs.ts';
import { checkBudget } from './budget.ts';
import { checkChannelRefs } from './channelRefs.ts';
import { checkCodeReferences } from './crossRefsCode.ts';
import { didYouMean } from './diagnostics.ts';
import { checkFaults, checkTimelineAndCalls } from './faultRefs.ts';
import { checkInstanceRefs } from './instanceRefs.ts';
import { SCHEMA_LIMITS } from './limits.ts';
import { checkFaultMetrics, checkMetrics } from './metricRefs.ts';
import { checkObservability } from './observabilityRefs.ts';
import { checkReplicas } from './replicaRefs.ts';
import { checkResponseRefs } from './responseRefs.ts';
import type { Scenario } from './schema.ts';
import { segmentsOf } from './schema.ts';
import { checkShards } from './shardRefs.ts';
import { checkSolutionRefs } from './solutionRefs.ts';
import { checkTopologyRefs } from './topologyRefs.ts';
import { checkTrafficSlices } from './trafficRefs.ts';
import { formatDuration, parseDuration, parseTimestamp } from './units.ts';

/** A cross-reference problem before it is positioned: the document path and the message. */
export interface RefProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** For a problem inside a string value (a PromQL expression): the character it is at. */
  readonly offset?: number;
}

/**
 * Checks what a schema cannot: that every id a scenario refers to exists, that call graphs follow declared
 * edges and have no cycles, and that times are in order.
 */
export function checkCrossReferences(s: Scenario): RefProblem[] {
  const problems: RefProblem[] = [];
  const add = (path: PropertyKey[], message: string): void => {
    problems.push({ path, message });
  };

  const services = new Map(s.system.services.map((svc) => [svc.id, svc]));
  const serviceIds = [...services.keys()];
  const segments = segmentsOf(s).map((seg) => seg.id);
  const events = s.timeline.map((e) => e.id);

  const unknownService = (id: string) => `unknown service "${id}"${didYouMean(id, serviceIds)}`;

  for (const i of duplicates(serviceIds))
    add(['system', 'services', i, 'id'], `duplicate service id "${serviceIds[i]}"`);
  for (const i of duplicates(events)) add(['timeline', i, 'id'], `duplicate event id "${events[i]}"`);

  const start = parseTimestamp(s.window.start)!;
  const end = parseTimestamp(s.window.end)!;
  if (end <= start) add(['window', 'end'], 'the window must end after it starts');
  const longest = parseDuration(SCHEMA_LIMITS.window)!;
  if (end - start > longest)
    add(
      ['window', 'end'],
      `the window is ${formatDuration(end - start)} long; at most ${SCHEMA_LIMITS.window}: end it earlier or start it later`,
    );

  const edgeKeys = new Set<string>();
  s.system.edges.forEach((edge, i) => {
    if (!services.has(edge.from)) add(['system', 'edges', i, 'from'], unknownService(edge.from));
    if (!services.has(edge.to)) add(['system', 'edges', i, 'to'], unknownService(edge.to));
    edgeKeys.add(`${edge.from}->${edge.to}`);
  });

  let totalShare = 0;
  for (const seg of segmentsOf(s)) totalShare += seg.share;
  if (totalShare > 1.000001)
    add(['traffic', 'segments'], `segment shares add up to ${totalShare.toFixed(2)}; at most 1`);
  for (const i of duplicates(segments))
    add(['traffic', 'segments', i, 'id'], `duplicate segment id "${segments[i]}"`);

  let entryPoints = 0;
  s.system.services.forEach((svc, si) => {
    const routes = svc.endpoints.map((e) => e.route);
    for (const i of duplicates(routes))
      add(
        ['system', 'services', si, 'endpoints', i, 'route'],
        `duplicate route "${routes[i]}" in "${svc.id}"`,
      );
    svc.endpoints.forEach((ep, ei) => {
      if ((ep.rate ?? 0) > 0) entryPoints++;
      ep.calls.forEach((call, ci) => {
        const path = ['system', 'services', si, 'endpoints', ei, 'calls', ci];
        const callee = services.get(call.service);
        if (!callee) {
          add([...path, 'service'], unknownService(call.service));
          return;
        }
        if (!callee.endpoints.some((e) => e.route === call.route)) {
          const known = callee.endpoints.map((e) => e.route);
          add(
            [...path, 'route'],
            `"${call.service}" has no route "${call.route}"${didYouMean(call.route, known)}`,
          );
        }
        if (!edgeKeys.has(`${svc.id}->${call.service}`)) {
          add(
            path,
            `"${svc.id}" calls "${call.service}" but system.edges has no edge from ${svc.id} to ${call.service}`,
          );
        }
      });
    });
  });
  if (entryPoints === 0)
    add(['system', 'services'], 'no endpoint has a rate: give user-facing endpoints `rate:`');

  const cycle = findCallCycle(s);
  if (cycle) add(cycle.path, `call graph has a cycle: ${cycle.route.join(' → ')}`);

  s.timeline.forEach((e, i) => {
    if (e.service && !services.has(e.service)) add(['timeline', i, 'service'], unknownService(e.service));
  });

  checkFaults(s, services, segments, events, edgeKeys, add);
  checkTimelineAndCalls(s, services, add);
  checkMetrics(s, services, events, add);
  checkFaultMetrics(s, add);
  checkInstanceRefs(s, services, add);
  checkTopologyRefs(s, services, add);
  checkAutoscalers(s, services, add);
  checkTrafficSlices(s, add);
  checkObservability(s, services, add);
  checkShards(s, services, add);
  checkReplicas(s, services, add);

  s.noise.forEach((n, i) => {
    if (!services.has(n.service)) add(['noise', i, 'service'], unknownService(n.service));
    if (n.from && n.until && parseTimestamp(n.until)! <= parseTimestamp(n.from)!)
      add(['noise', i, 'until'], `the line stops at ${n.until}, before it starts at ${n.from}: swap them`);
  });

  const root = s.solution.rootCause;
  if (!services.has(root.component))
    add(['solution', 'rootCause', 'component'], unknownService(root.component));
  const kinds = [...new Set(s.faults.map((f) => f.kind))];
  if (!kinds.includes(root.fault))
    add(
      ['solution', 'rootCause', 'fault'],
      `no fault of kind "${root.fault}" is simulated: the scenario's faults are of kind ${kinds.map((k) => `"${k}"`).join(', ')}${didYouMean(root.fault, kinds)}`,
    );
  if (root.trigger && !events.includes(root.trigger)) {
    add(
      ['solution', 'rootCause', 'trigger'],
      `unknown timeline event "${root.trigger}"${didYouMean(root.trigger, events)}`,
    );
  }
  if (root.latent !== undefined && !events.includes(root.latent))
    add(
      ['solution', 'rootCause', 'latent'],
      `unknown timeline event "${root.latent}"${didYouMean(root.latent, events)}`,
    );
  if (root.latent !== undefined && root.latent === root.trigger)
    add(
      ['solution', 'rootCause', 'latent'],
      'the latent decision is the trigger itself: name an older change, or leave it out',
    );
  root.alternatives?.components.forEach((c, i) => {
    if (!services.has(c)) add(['solution', 'rootCause', 'alternatives', 'components', i], unknownService(c));
    else if (c === root.component)
      add(
        ['solution', 'rootCause', 'alternatives', 'components', i],
        `"${c}" is the root cause's own component`,
      );
  });
  root.alternatives?.faults.forEach((f, i) => {
    if (f === root.fault)
      add(
        ['solution', 'rootCause', 'alternatives', 'faults', i],
        `"${f}" is the root cause's own kind of fault`,
      );
  });
  const clueIds = [...s.solution.clues, ...s.solution.redHerrings].map((c) => c.id);
  for (const i of duplicates(clueIds)) add(['solution'], `duplicate clue id "${clueIds[i]}"`);
  checkSolutionRefs(s, add);
  checkResponseRefs(s, add);
  checkChannelRefs(s, add);
  problems.push(...checkCodeReferences(s));
  // The budget walks the call graph, so it needs every reference resolved and no cycle.
  if (problems.length === 0) problems.push(...checkBudget(s));
  return problems;
}

function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) out.push(i);
    seen.add(v);
  });
  return out;
}

/** Depth-first search over endpoint calls; returns the first cycle found. */
function findCallCycle(s: Scenario): { path: PropertyKey[]; route: string[] } | undefined {
  const key = (service: string, route: string) => `${service} ${route}`;
  const calls = new Map<string, { service: string; route: string }[]>();
  const where = new Map<string, PropertyKey[]>();
  s.system.services.forEach((svc, si) => {
    svc.endpoints.forEach((ep, ei) => {
      calls.set(key(svc.id, ep.route), ep.calls);
      where.set(key(svc.id, ep.route), ['system', 'services', si, 'endpoints', ei, 'calls']);
    });
  });
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const c of calls.get(node) ?? []) {
      const found = visit(key(c.service, c.route));
      if (found) return found;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of calls.keys()) {
    const found = visit(node);
    if (found) return { path: where.get(found[0]!) ?? [], route: found };
  }
  return undefined;
}
