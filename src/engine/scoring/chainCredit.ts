import { matchesClue } from '../investigation/clues.ts';
import type { Evidence } from '../investigation/evidence.ts';
import type { ChainLink } from '../investigation/notebook.ts';
import type { Scenario } from '../scenario/schema.ts';

/** How one link of the reference chain was matched by the trainee's chain. */
export interface LinkCredit {
  readonly from: string;
  readonly to: string;
  /** 0 to 1: 1 for the same link backed by a matching clue. */
  readonly credit: number;
  /** The trainee's link that earned it, if any. */
  readonly matchedBy?: ChainLink;
  /** Hops between the trainee's link and the reference one (0 when it names the same nodes). */
  readonly hops?: number;
  readonly backed: boolean;
}

/** What an unbacked link earns, relative to a backed one: a claim without evidence is worth little. */
export const UNBACKED_SHARE = 0.4;

/**
 * Scores the trainee's chain against the reference, link by link. A trainee link naming the same two nodes
 * matches fully; one that blames a node further down the chain (a symptom instead of its cause) earns
 * `1 / (1 + hops)`, as ITBench scores proximity. Full credit needs the link to cite a pinned item that
 * matches one of the reference link's clues; otherwise it earns `UNBACKED_SHARE` of it.
 */
export function chainCredit(
  scenario: Scenario,
  chain: readonly ChainLink[],
  pinned: ReadonlyMap<string, Evidence>,
): LinkCredit[] {
  const reference = scenario.solution.chain;
  // Node order along the reference chain, root cause first, to measure hops.
  const order: string[] = [];
  for (const l of reference) {
    if (!order.includes(l.from)) order.push(l.from);
    if (!order.includes(l.to)) order.push(l.to);
  }
  const pos = (n: string) => order.indexOf(n);
  const clues = new Map(scenario.solution.clues.map((c) => [c.id, c]));

  return reference.map((ref) => {
    let best: LinkCredit = { from: ref.from, to: ref.to, credit: 0, backed: false };
    for (const link of chain) {
      let hops: number | undefined;
      if (link.from === ref.from && link.to === ref.to) hops = 0;
      else if (link.to === ref.to && pos(link.from) > pos(ref.from) && pos(link.from) < pos(ref.to))
        hops = pos(link.from) - pos(ref.from);
      else if (link.from === ref.from && pos(link.to) > pos(ref.to)) hops = pos(link.to) - pos(ref.to);
      if (hops === undefined) continue;
      const backed =
        ref.clues.length === 0 ||
        link.evidence.some((r) => {
          const e = pinned.get(r);
          return e !== undefined && ref.clues.some((id) => matchesClue(e, clues.get(id)!));
        });
      const credit = (1 / (1 + hops)) * (backed ? 1 : UNBACKED_SHARE);
      if (credit > best.credit) best = { from: ref.from, to: ref.to, credit, matchedBy: link, hops, backed };
    }
    return best;
  });
}
