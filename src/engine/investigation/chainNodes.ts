import type { Condition, VocabularySource } from './conditionVocabulary.ts';
import { conditionVocabulary } from './conditionVocabulary.ts';
import type { Evidence } from './evidence.ts';
import { describeEvidence } from './evidence.ts';

// The nodes of a trainee's causal chain are the trainee's own material: the system's services and call
// edges, the timeline's changes, pinned evidence, their hypotheses, and conditions — from the generated
// vocabulary, or written in their own words and tied to the evidence their links cite. A node is named by
// a prefixed id so a saved chain reads the same anywhere:
//   service:<id>  edge:<caller>><callee>  event:<id>  evidence:<ref>  hypothesis:<id>
//   condition:<condition id>  text:<the trainee's words>

/** What the chain's nodes are drawn from beside the trainee's notebook: the system and its timeline. */
export interface ChainSource extends VocabularySource {
  readonly system: {
    readonly services: readonly {
      readonly id: string;
      readonly name?: string;
      readonly regions?: readonly string[];
    }[];
    readonly edges: readonly { readonly from: string; readonly to: string }[];
    readonly segments?: readonly { readonly id: string }[];
  };
  readonly timeline: readonly {
    readonly id: string;
    readonly at: string;
    readonly kind: string;
    readonly service?: string;
    readonly description: string;
  }[];
}

/** The part of the notebook whose items can be nodes. */
export interface ChainNotebook {
  readonly pinned: readonly { readonly evidence: Evidence }[];
  readonly hypotheses: readonly { readonly id: string; readonly text: string }[];
}

/** A chain node id taken apart. */
export type ChainNodeRef =
  | { readonly kind: 'service'; readonly id: string }
  | { readonly kind: 'edge'; readonly from: string; readonly to: string }
  | { readonly kind: 'event'; readonly id: string }
  | { readonly kind: 'evidence'; readonly ref: string }
  | { readonly kind: 'hypothesis'; readonly id: string }
  | { readonly kind: 'condition'; readonly id: string }
  | { readonly kind: 'text'; readonly text: string };

/** Builders of chain node ids, so the builder, the bots and the scoring spell them the same way. */
export const nodeIds = {
  service: (id: string) => `service:${id}`,
  edge: (from: string, to: string) => `edge:${from}>${to}`,
  event: (id: string) => `event:${id}`,
  evidence: (ref: string) => `evidence:${ref}`,
  hypothesis: (id: string) => `hypothesis:${id}`,
  condition: (id: string) => `condition:${id}`,
  text: (words: string) => `text:${words.trim()}`,
} as const;

/** The longest condition a trainee may write in their own words. */
export const MAX_TEXT_NODE = 200;

/**
 * Takes a node id apart, or answers undefined when it is malformed. A bare id (as older saves hold) is read
 * as the service or the timeline event of that name when `source` has one.
 */
export function parseNodeId(id: string, source?: ChainSource): ChainNodeRef | undefined {
  const colon = id.indexOf(':');
  const prefix = colon < 0 ? '' : id.slice(0, colon);
  const rest = id.slice(colon + 1);
  switch (prefix) {
    case 'service':
    case 'event':
    case 'hypothesis':
    case 'condition':
      return rest ? { kind: prefix, id: rest } : undefined;
    case 'edge': {
      const [from, to, ...more] = rest.split('>');
      return from && to && more.length === 0 ? { kind: 'edge', from, to } : undefined;
    }
    case 'evidence':
      return rest ? { kind: 'evidence', ref: rest } : undefined;
    case 'text': {
      const words = rest.trim();
      return words && words.length <= MAX_TEXT_NODE ? { kind: 'text', text: words } : undefined;
    }
  }
  if (source?.system.services.some((s) => s.id === id)) return { kind: 'service', id };
  if (source?.timeline.some((e) => e.id === id)) return { kind: 'event', id };
  return undefined;
}

/** The groups the chain builder shows its nodes in, in order. */
export const NODE_GROUPS = ['Services', 'Edges', 'Changes', 'Evidence', 'Hypotheses', 'Conditions'] as const;
/** One group of nodes. */
export type NodeGroup = (typeof NODE_GROUPS)[number];

/** A node the builder offers. */
export interface NodeOption {
  readonly id: string;
  readonly label: string;
  readonly group: NodeGroup;
}

function serviceLabel(source: ChainSource, id: string): string {
  const name = source.system.services.find((s) => s.id === id)?.name;
  return name ? `${name} (${id})` : id;
}

function eventLabel(e: ChainSource['timeline'][number]): string {
  return `${e.at.slice(11, 16)} ${e.kind}${e.service ? ` ${e.service}` : ''}: ${e.description}`;
}

/**
 * Every node a trainee's chain may use now: the system's services and edges, the timeline's changes, what
 * they pinned, their hypotheses and every condition of the vocabulary. Nothing here depends on the answer.
 */
export function chainNodeOptions(
  source: ChainSource,
  notebook: ChainNotebook,
  conditions: readonly Condition[] = conditionVocabulary(source),
): NodeOption[] {
  return [
    ...source.system.services.map((s) => ({
      id: nodeIds.service(s.id),
      label: serviceLabel(source, s.id),
      group: 'Services' as const,
    })),
    ...source.system.edges.map((e) => ({
      id: nodeIds.edge(e.from, e.to),
      label: `${e.from} → ${e.to}`,
      group: 'Edges' as const,
    })),
    ...source.timeline.map((e) => ({
      id: nodeIds.event(e.id),
      label: eventLabel(e),
      group: 'Changes' as const,
    })),
    ...notebook.pinned.map(({ evidence }) => ({
      id: nodeIds.evidence(evidence.ref),
      label: describeEvidence(evidence),
      group: 'Evidence' as const,
    })),
    ...notebook.hypotheses.map((h) => ({
      id: nodeIds.hypothesis(h.id),
      label: h.text,
      group: 'Hypotheses' as const,
    })),
    ...conditions.map((c) => ({ id: nodeIds.condition(c.id), label: c.label, group: 'Conditions' as const })),
  ];
}

/**
 * How a node reads in the chain and the debrief; an id that names nothing known reads as itself. Evidence
 * since unpinned and hypotheses since removed keep their id.
 */
export function nodeLabel(
  id: string,
  source: ChainSource,
  notebook: ChainNotebook,
  conditions: readonly Condition[] = conditionVocabulary(source),
): string {
  const node = parseNodeId(id, source);
  switch (node?.kind) {
    case 'service':
      return serviceLabel(source, node.id);
    case 'edge':
      return `${node.from} → ${node.to}`;
    case 'event': {
      const e = source.timeline.find((t) => t.id === node.id);
      return e ? eventLabel(e) : id;
    }
    case 'evidence': {
      const e = notebook.pinned.find((p) => p.evidence.ref === node.ref)?.evidence;
      return e ? describeEvidence(e) : id;
    }
    case 'hypothesis':
      return notebook.hypotheses.find((h) => h.id === node.id)?.text ?? id;
    case 'condition':
      return conditions.find((c) => c.id === node.id)?.label ?? id;
    case 'text':
      return `“${node.text}”`;
    case undefined:
      return id;
  }
}

/**
 * Why a node id cannot be used in this chain, or undefined when it can: it must name a service, an edge,
 * a change or a condition of this system, or an item pinned or a hypothesis written; free text must be
 * short and not empty.
 */
export function unknownNode(
  id: string,
  source: ChainSource,
  notebook: ChainNotebook,
  conditions: readonly Condition[] = conditionVocabulary(source),
): string | undefined {
  const node = parseNodeId(id, source);
  switch (node?.kind) {
    case 'service':
      return source.system.services.some((s) => s.id === node.id) ? undefined : `no service "${node.id}"`;
    case 'edge':
      return source.system.edges.some((e) => e.from === node.from && e.to === node.to)
        ? undefined
        : `no call edge ${node.from} → ${node.to}`;
    case 'event':
      return source.timeline.some((e) => e.id === node.id) ? undefined : `no change "${node.id}"`;
    case 'evidence':
      return notebook.pinned.some((p) => p.evidence.ref === node.ref)
        ? undefined
        : `"${node.ref}" is not pinned`;
    case 'hypothesis':
      return notebook.hypotheses.some((h) => h.id === node.id) ? undefined : `no hypothesis "${node.id}"`;
    case 'condition':
      return conditions.some((c) => c.id === node.id) ? undefined : `no condition "${node.id}"`;
    case 'text':
      return undefined;
    case undefined:
      return `"${id}" is not a chain node`;
  }
}

/**
 * The options whose label or group holds every word of `query` (any case), plus those in `keep` (the ones
 * chosen already, so filtering never drops a choice made).
 *
 * @example matchingNodes(options, 'cart time', []) // "web's calls to cart time out", …
 */
export function matchingNodes(
  options: readonly NodeOption[],
  query: string,
  keep: readonly string[] = [],
): NodeOption[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return options.filter(
    (o) =>
      keep.includes(o.id) ||
      words.every((w) => o.label.toLowerCase().includes(w) || o.group.toLowerCase().includes(w)),
  );
}
