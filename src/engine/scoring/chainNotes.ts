import type { ChainNotebook } from '../investigation/chainNodes.ts';
import { nodeLabel } from '../investigation/chainNodes.ts';
import { conditionVocabulary } from '../investigation/conditionVocabulary.ts';
import { briefEvidence } from '../investigation/evidence.ts';
import type { ChainLink } from '../investigation/notebook.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { ChainAssessment } from './chainCredit.ts';
import { EFFECT_SHARE, UNBACKED_SHARE } from './chainCredit.ts';
import type { Ledger } from './ledger.ts';
import { ledger } from './ledger.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;
/** A clue's description inside a sentence: without its closing full stop. */
const sentence = (text: string) => text.trim().replace(/\.$/, '');

/** How a reference node reads in the debrief: the author's label for a condition, else the trainee's word. */
export function referenceLabel(scenario: Scenario, id: string, notebook: ChainNotebook): string {
  return scenario.solution.nodes.find((n) => n.id === id)?.label ?? nodeLabel(id, scenario, notebook);
}

/**
 * The chain part's account: why each of the trainee's links did or did not count, which reference links
 * are missing, and the arithmetic from recall and precision to the points. The part is `max × F`, and
 * `F = 2 × earned / (reference links + links that count)`, so each of those links accounts for
 * `max / (reference links + links that count)` of what is lost: a missing reference link once, a costly
 * extra link once, a matched link twice over the share of it not earned.
 */
export function chainNotes(
  scenario: Scenario,
  assessment: ChainAssessment,
  notebook: ChainNotebook,
  max: number,
): Ledger {
  const conditions = conditionVocabulary(scenario);
  const ends = (l: ChainLink) =>
    [
      nodeLabel(l.from, scenario, notebook, conditions),
      nodeLabel(l.to, scenario, notebook, conditions),
    ] as const;
  const mine = (l: ChainLink) => `Your link ${ends(l).join(' → ')}`;
  const theirs = (from: string, to: string) =>
    `${referenceLabel(scenario, from, notebook)} → ${referenceLabel(scenario, to, notebook)}`;
  // The trainee's link and the story's, each end said once where they read the same.
  const against = (l: ChainLink, from: string, to: string) => {
    const [a, b] = ends(l);
    const [c, d] = [referenceLabel(scenario, from, notebook), referenceLabel(scenario, to, notebook)];
    if (a === c && b === d) return `Your link ${a} → ${b}`;
    if (a === c) return `Your link ${a} → ${b} counts for the story's link to ${d}`;
    if (b === d) return `Your link ${a} → ${b} counts for the story's link from ${c}`;
    return `Your link ${a} → ${b} counts for ${c} → ${d}`;
  };
  const clues = new Map(scenario.solution.clues.map((c) => [c.id, c]));
  const pinned = new Map(notebook.pinned.map((p) => [p.evidence.ref, p.evidence]));
  const account = ledger(max);
  const costly = assessment.extra.filter((x) => x.standing === 'unbacked').length;
  const matched = assessment.links.filter((l) => l.matchedBy).length;
  const unit = max / (assessment.links.length + matched + costly);
  for (const l of assessment.links) {
    const story = theirs(l.from, l.to);
    if (!l.matchedBy) {
      account.lose(unit, `Missing link: ${story}`);
      continue;
    }
    const reasons: string[] = [];
    if (l.causeMissed)
      reasons.push(
        `it shows the right effect but blames a cause that is not in the story, so ${pct(EFFECT_SHARE)}`,
      );
    if (l.meaning !== undefined && l.meaning < 1)
      reasons.push('it names the right component but not the condition, so half');
    if (l.hops) reasons.push(`it skips ${l.hops} step(s) of the story`);
    if (l.citation) {
      const e = pinned.get(l.citation.ref);
      const clue = clues.get(l.citation.clue);
      reasons.push(
        `backed by ${e ? briefEvidence(e) : l.citation.ref}, which shows that ${sentence(clue?.description ?? l.citation.clue)}`,
      );
    } else if (l.backed) reasons.push('the story needs no evidence for it');
    else {
      const link = scenario.solution.chain.find((c) => c.from === l.from && c.to === l.to);
      const needed = link?.clues
        .flatMap((id) => (clues.has(id) ? [sentence(clues.get(id)!.description)] : []))
        .join('; ');
      const cited = l.matchedBy.evidence.flatMap((r) => pinned.get(r) ?? []);
      const why =
        cited.length === 0
          ? 'it cites nothing'
          : l.changeOnly
            ? `what it cites (${cited.map(briefEvidence).join('; ')}) shows the change was made, not what it did`
            : `what it cites (${cited.map(briefEvidence).join('; ')}) shows none of this link's clues`;
      reasons.push(`${why}${needed ? ` (what would: ${needed})` : ''}, so ${pct(UNBACKED_SHARE)} of it`);
    }
    const text = `${against(l.matchedBy, l.from, l.to)}, earning ${pct(l.credit)}: ${reasons.join('; ')}`;
    if (l.credit < 1) account.lose(2 * unit * (1 - l.credit), text);
    else account.note(`${text}.`);
  }
  for (const x of assessment.extra) {
    if (x.standing === 'repeats')
      account.note(`${mine(x.link)} repeats a link another of yours already stands for: it adds nothing.`);
    else if (x.standing === 'own evidence')
      account.note(
        `${mine(x.link)} is not in the story, but it cites evidence of its own about both its ends: it costs nothing.`,
      );
    else
      account.lose(
        unit,
        `${mine(x.link)} is not in the story and cites no evidence of its own about both its ends, so it lowers the chain's precision`,
      );
  }
  account.note(
    `Recall ${pct(assessment.recall)} of the story, precision ${pct(assessment.precision)}: F-score ${pct(assessment.f)} of ${max} points.`,
  );
  return account;
}
