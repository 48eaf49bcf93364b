import { parseNodeId } from '../investigation/chainNodes.ts';
import { matchesClue } from '../investigation/clues.ts';
import type { Condition } from '../investigation/conditionVocabulary.ts';
import { conditionVocabulary } from '../investigation/conditionVocabulary.ts';
import type { Evidence } from '../investigation/evidence.ts';
import { evidenceService } from '../investigation/evidence.ts';
import type { ChainLink, Hypothesis, InvestigationState } from '../investigation/notebook.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { SolutionClue } from '../scenario/solutionSchema.ts';

/** How one link of the reference chain was matched by the trainee's chain. */
export interface LinkCredit {
  readonly from: string;
  readonly to: string;
  /** 0 to 1: 1 for a link naming both nodes exactly, backed by a citation of one of its clues. */
  readonly credit: number;
  /** The trainee's link that earned it, if any. */
  readonly matchedBy?: ChainLink;
  /** Hops between the trainee's link and the reference one (0 when it names the same nodes). */
  readonly hops?: number;
  readonly backed: boolean;
  /** How exactly the trainee's nodes name the reference ones: 1, or a half for the right component only. */
  readonly meaning?: number;
  /** Set when the link names the right effect, shown by its own clue, but blames a cause off the story. */
  readonly causeMissed?: boolean;
  /** Set when the only clue a citation matched is the change record, which shows no effect of the change. */
  readonly changeOnly?: boolean;
  /** The cited item and the clue it matched, when backed by a citation. */
  readonly citation?: { readonly ref: string; readonly clue: string };
}

/** A trainee's link that stands for no reference link. */
export interface ExtraLink {
  readonly link: ChainLink;
  /**
   * `repeats`: it names a reference link another of the trainee's links already earned; `own evidence`: off
   * the story but it cites pinned evidence about both its ends that no other such link cites; `unbacked`:
   * neither, so it costs precision.
   */
  readonly standing: 'repeats' | 'own evidence' | 'unbacked';
}

/** The trainee's chain against the reference: per reference link, the extra links, and the F-score. */
export interface ChainAssessment {
  readonly links: readonly LinkCredit[];
  readonly extra: readonly ExtraLink[];
  /** Share of the reference chain earned (credit summed over its links). */
  readonly recall: number;
  /** Credit earned per link that counts: matched links and extra links without evidence of their own. */
  readonly precision: number;
  /** The harmonic mean of the two, 0 when either is. */
  readonly f: number;
  /** The reference nodes a link of the trainee's chain names exactly and backs with an item showing them. */
  readonly reached: ReadonlySet<string>;
  /**
   * The trainee's links (by id) that cite evidence for themselves: an item that backs the reference link
   * they stand for, or one about either of their ends. Citing an unrelated item backs no claim.
   */
  readonly grounded: ReadonlySet<string>;
}

/** What an unbacked link earns, relative to a backed one: a claim without evidence is worth little. */
export const UNBACKED_SHARE = 0.1;
/** What a link earns that shows the right effect with its own clue but blames a cause off the story. */
export const EFFECT_SHARE = 0.25;
/** What a node naming the right component (or edge) with another condition earns against an exact one. */
export const COMPONENT_SHARE = 0.5;

/** The part of the notebook a chain's nodes stand on besides pinned evidence: the hypotheses. */
type Notebook = Pick<InvestigationState, 'hypotheses'>;

/** What the scoring reads of a reference node: what it means and which clues show it. */
interface ReferenceNode {
  readonly id: string;
  readonly service?: string;
  readonly event?: string;
  readonly means: readonly Condition[];
  readonly clues: readonly SolutionClue[];
}

function referenceNodes(scenario: Scenario, conditions: ReadonlyMap<string, Condition>): ReferenceNode[] {
  const sol = scenario.solution;
  const clues = new Map(sol.clues.map((c) => [c.id, c]));
  const ids: string[] = [];
  for (const l of sol.chain) for (const n of [l.from, l.to]) if (!ids.includes(n)) ids.push(n);
  return ids.map((id) => {
    // What shows a node: the clues of the links into it; a root has none, so the links out of it.
    const into = sol.chain.filter((l) => l.to === id);
    const showing = (into.length > 0 ? into : sol.chain.filter((l) => l.from === id)).flatMap((l) => l.clues);
    const node = sol.nodes.find((n) => n.id === id);
    return {
      id,
      ...(scenario.system.services.some((s) => s.id === id) && !node ? { service: id } : {}),
      ...(scenario.timeline.some((e) => e.id === id) && !node ? { event: id } : {}),
      means: (node?.means ?? []).flatMap((m) => conditions.get(m) ?? []),
      clues: [...new Set(showing)].flatMap((c) => clues.get(c) ?? []),
    };
  });
}

const sameServices = (a: readonly string[], b: readonly string[]) =>
  a.length > 0 && a.length === b.length && a.every((s, i) => s === b[i]);

/** The evidence a node stands on: the item itself, a hypothesis' supporting marks, a free text's citations. */
function nodeEvidence(
  id: string,
  scenario: Scenario,
  chain: readonly ChainLink[],
  notebook: Notebook,
  pinned: ReadonlyMap<string, Evidence>,
): Evidence[] {
  const node = parseNodeId(id, scenario);
  let refs: readonly string[] = [];
  if (node?.kind === 'evidence') refs = [node.ref];
  else if (node?.kind === 'hypothesis')
    refs = (notebook.hypotheses.find((h) => h.id === node.id)?.marks ?? [])
      .filter((m) => m.stance === 'supports')
      .map((m) => m.ref);
  else if (node?.kind === 'text')
    refs = chain.filter((l) => l.from === id || l.to === id).flatMap((l) => l.evidence);
  return refs.flatMap((r) => pinned.get(r) ?? []);
}

/**
 * How well a trainee's node names each reference node, 0 to 1: exactly (the same service or change, a
 * condition the node means, evidence matching the clues that show it, or a hypothesis naming the node's
 * component and a kind of fault its meanings describe), or in part (the right component or edge only).
 */
function meaning(
  id: string,
  ref: ReferenceNode,
  scenario: Scenario,
  conditions: ReadonlyMap<string, Condition>,
  evidence: readonly Evidence[],
  hypothesis: Hypothesis | undefined,
): number {
  const node = parseNodeId(id, scenario);
  if (!node) return 0;
  const subjects = ref.means.map((m) => m.services);
  if (ref.service !== undefined) subjects.push([ref.service]);
  switch (node.kind) {
    case 'service':
      if (ref.service === node.id) return 1;
      return subjects.some((s) => sameServices(s, [node.id])) ? COMPONENT_SHARE : 0;
    case 'edge':
      return subjects.some((s) => sameServices(s, [node.from, node.to])) ? COMPONENT_SHARE : 0;
    case 'event': {
      if (ref.event === node.id) return 1;
      // The latent decision stands for the trigger where the story gives it no link of its own.
      const root = scenario.solution.rootCause;
      const linked = scenario.solution.chain.some((l) => l.from === root.latent || l.to === root.latent);
      return root.latent === node.id && ref.event === root.trigger && !linked ? 1 : 0;
    }
    case 'condition': {
      if (ref.means.some((m) => m.id === node.id)) return 1;
      const c = conditions.get(node.id);
      return c && subjects.some((s) => sameServices(s, c.services)) ? COMPONENT_SHARE : 0;
    }
    case 'hypothesis': {
      if (evidence.some((e) => ref.clues.some((c) => matchesClue(e, c)))) return 1;
      // A hypothesis that names its component and kind of fault claims the conditions of that kind there.
      const component = hypothesis?.component;
      if (component === undefined) return 0;
      if (ref.service === component) return 1;
      const about = ref.means.filter((m) => sameServices(m.services, [component]));
      if (hypothesis?.fault !== undefined && about.some((m) => m.faults.includes(hypothesis.fault!)))
        return 1;
      return about.length > 0 ? COMPONENT_SHARE : 0;
    }
    case 'evidence':
    case 'text':
      return evidence.some((e) => ref.clues.some((c) => matchesClue(e, c))) ? 1 : 0;
  }
}

interface Candidate {
  readonly ref: number;
  readonly link: number;
  readonly credit: LinkCredit;
}

/**
 * Scores the trainee's chain against the reference as an F-score. Each trainee node is mapped onto the
 * reference nodes it names — by meaning (a service, a change, a condition of the vocabulary the author
 * declared the node `means`) or by the evidence it stands on — and each reference link is earned by at
 * most one trainee link: fully when it names both ends exactly, `1 / (1 + hops)` of it when it blames a
 * node further down the story, half when a node names only the right component; full credit needs a
 * citation matching one of *that link's* clues, else `UNBACKED_SHARE`; a link that shows the right effect
 * with its own clue but blames a cause off the story earns `EFFECT_SHARE`. A trainee link that earns nothing
 * costs precision unless it cites evidence of its own about both its ends.
 */
export function assessChain(
  scenario: Scenario,
  chain: readonly ChainLink[],
  pinned: ReadonlyMap<string, Evidence>,
  notebook: Notebook = { hypotheses: [] },
): ChainAssessment {
  const sol = scenario.solution;
  const conditions = new Map(conditionVocabulary(scenario).map((c) => [c.id, c]));
  const nodes = referenceNodes(scenario, conditions);
  const order = nodes.map((n) => n.id);
  const pos = (n: string) => order.indexOf(n);
  const clues = new Map(sol.clues.map((c) => [c.id, c]));
  const evidenceOf = new Map<string, Evidence[]>();
  const mapped = new Map<string, Map<string, number>>();
  const mapping = (id: string) => {
    let m = mapped.get(id);
    if (!m) {
      const ev = nodeEvidence(id, scenario, chain, notebook, pinned);
      evidenceOf.set(id, ev);
      const node = parseNodeId(id, scenario);
      const h = node?.kind === 'hypothesis' ? notebook.hypotheses.find((x) => x.id === node.id) : undefined;
      m = new Map(nodes.map((n) => [n.id, meaning(id, n, scenario, conditions, ev, h)]));
      mapped.set(id, m);
    }
    return m;
  };

  const candidates: Candidate[] = [];
  sol.chain.forEach((ref, r) => {
    chain.forEach((link, l) => {
      const from = mapping(link.from);
      const to = mapping(link.to);
      let best: { hops: number; meaning: number } | undefined;
      const consider = (hops: number, m: number) => {
        if (m > 0 && (!best || m / (1 + hops) > best.meaning / (1 + best.hops))) best = { hops, meaning: m };
      };
      consider(0, Math.min(from.get(ref.from) ?? 0, to.get(ref.to) ?? 0));
      // Blaming a node further down the story (a symptom for its cause), or skipping ahead past the effect.
      for (const [n, m] of from)
        if (pos(n) > pos(ref.from) && pos(n) < pos(ref.to))
          consider(pos(n) - pos(ref.from), Math.min(m, to.get(ref.to) ?? 0));
      for (const [n, m] of to)
        if (pos(n) > pos(ref.to)) consider(pos(n) - pos(ref.to), Math.min(m, from.get(ref.from) ?? 0));
      // A change record says a change was made, not what it did: where the link has a clue showing the
      // effect, only such a clue backs it.
      const showing = ref.clues.filter((id) => clues.has(id));
      const effectClues = showing.filter((id) => clues.get(id)!.change === undefined);
      const backing = effectClues.length > 0 ? effectClues : showing;
      let citation: LinkCredit['citation'];
      let changeOnly = false;
      for (const refId of link.evidence) {
        const e = pinned.get(refId);
        const clue = e && backing.find((id) => matchesClue(e, clues.get(id)!));
        if (clue) {
          citation = { ref: refId, clue };
          break;
        }
        if (e && showing.some((id) => matchesClue(e, clues.get(id)!))) changeOnly = true;
      }
      // The right effect shown by this link's own clue, blamed on a cause off the story: a part of it.
      const effect = to.get(ref.to) ?? 0;
      const causeMissed = !best && citation !== undefined && effect > 0;
      if (causeMissed) best = { hops: 0, meaning: effect };
      if (!best) return;
      const backed = ref.clues.length === 0 || citation !== undefined;
      const credit =
        (best.meaning / (1 + best.hops)) * (causeMissed ? EFFECT_SHARE : backed ? 1 : UNBACKED_SHARE);
      candidates.push({
        ref: r,
        link: l,
        credit: {
          from: ref.from,
          to: ref.to,
          credit,
          matchedBy: link,
          hops: best.hops,
          backed,
          meaning: best.meaning,
          ...(causeMissed ? { causeMissed } : {}),
          ...(citation ? { citation } : changeOnly ? { changeOnly } : {}),
        },
      });
    });
  });

  // Each reference link is earned by one trainee link and each trainee link earns one: best pairs first.
  candidates.sort((a, b) => b.credit.credit - a.credit.credit || a.ref - b.ref || a.link - b.link);
  const earned = new Map<number, LinkCredit>();
  const used = new Set<number>();
  for (const c of candidates) {
    if (earned.has(c.ref) || used.has(c.link)) continue;
    earned.set(c.ref, c.credit);
    used.add(c.link);
  }
  const links = sol.chain.map(
    (ref, r): LinkCredit => earned.get(r) ?? { from: ref.from, to: ref.to, credit: 0, backed: false },
  );

  const onStory = new Set(candidates.filter((c) => !c.credit.causeMissed).map((c) => c.link));
  const ownBacking = new Set<string>();
  const extra: ExtraLink[] = [];
  chain.forEach((link, l) => {
    if (used.has(l)) return;
    if (onStory.has(l)) {
      extra.push({ link, standing: 'repeats' });
      return;
    }
    const own = link.evidence.filter(
      (r) => !ownBacking.has(r) && pinned.has(r) && (bears(link.from, r) || bears(link.to, r)),
    );
    const backsBoth = own.some((r) => bears(link.from, r)) && own.some((r) => bears(link.to, r));
    if (backsBoth) for (const r of own) ownBacking.add(r);
    extra.push({ link, standing: backsBoth ? 'own evidence' : 'unbacked' });
  });

  function bears(nodeId: string, ref: string): boolean {
    const e = pinned.get(ref)!;
    const node = parseNodeId(nodeId, scenario);
    const service = evidenceService(e);
    switch (node?.kind) {
      case 'service':
        return service === node.id || (e.kind === 'trace' && e.services.includes(node.id));
      case 'edge':
        return service === node.from || service === node.to;
      case 'event': {
        const ev = scenario.timeline.find((t) => t.id === node.id);
        return (
          (e.kind === 'change' && e.eventId === node.id) || (service !== undefined && ev?.service === service)
        );
      }
      case 'condition':
        return service !== undefined && (conditions.get(node.id)?.services.includes(service) ?? false);
      case 'evidence':
        return node.ref === ref;
      case 'hypothesis':
      case 'text':
        mapping(nodeId);
        return (evidenceOf.get(nodeId) ?? []).some((x) => x.ref === ref);
      case undefined:
        return false;
    }
  }

  // A node is reached when a link names it exactly and cites an item showing it (a clue of a link into it).
  const reached = new Set<string>();
  for (const link of chain)
    for (const [n, m] of mapping(link.to)) {
      const showing = nodes.find((x) => x.id === n)?.clues ?? [];
      const cited = link.evidence.some((r) => {
        const e = pinned.get(r);
        return e !== undefined && showing.some((c) => matchesClue(e, c));
      });
      if (m === 1 && cited) reached.add(n);
    }
  const recall = links.length ? links.reduce((s, l) => s + l.credit, 0) / links.length : 0;
  const counted = used.size + extra.filter((x) => x.standing === 'unbacked').length;
  const precision = counted ? links.reduce((s, l) => s + l.credit, 0) / counted : 0;
  const f = recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0;
  const backedBy = new Set(links.flatMap((l) => (l.citation && l.matchedBy ? [l.matchedBy.id] : [])));
  const grounded = new Set(
    chain
      .filter(
        (l) =>
          backedBy.has(l.id) || l.evidence.some((r) => pinned.has(r) && (bears(l.from, r) || bears(l.to, r))),
      )
      .map((l) => l.id),
  );
  return { links, extra, recall, precision, f, reached, grounded };
}

/**
 * The reference links and what the trainee's chain earned of each (see {@link assessChain}).
 *
 * @example chainCredit(scenario, state.chain, pinnedByRef).filter((l) => !l.matchedBy) // missing links
 */
export function chainCredit(
  scenario: Scenario,
  chain: readonly ChainLink[],
  pinned: ReadonlyMap<string, Evidence>,
): LinkCredit[] {
  return [...assessChain(scenario, chain, pinned).links];
}
