import type { ChainNotebook } from '../investigation/chainNodes.ts';
import { nodeLabel } from '../investigation/chainNodes.ts';
import { conditionVocabulary } from '../investigation/conditionVocabulary.ts';
import { describeEvidence } from '../investigation/evidence.ts';
import type { ChainLink } from '../investigation/notebook.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { ChainAssessment } from './chainCredit.ts';
import { EFFECT_SHARE, UNBACKED_SHARE } from './chainCredit.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;
/** A clue's description inside a sentence: without its closing full stop. */
const sentence = (text: string) => text.trim().replace(/\.$/, '');

/** How a reference node reads in the debrief: the author's label for a condition, else the trainee's word. */
export function referenceLabel(scenario: Scenario, id: string, notebook: ChainNotebook): string {
  return scenario.solution.nodes.find((n) => n.id === id)?.label ?? nodeLabel(id, scenario, notebook);
}

/**
 * The debrief's sentences for the chain part: why each of the trainee's links did or did not count, which
 * reference links are missing, and the arithmetic from recall and precision to the points.
 */
export function chainNotes(
  scenario: Scenario,
  assessment: ChainAssessment,
  notebook: ChainNotebook,
  max: number,
): string[] {
  const conditions = conditionVocabulary(scenario);
  const mine = (l: ChainLink) =>
    `Your link ${nodeLabel(l.from, scenario, notebook, conditions)} → ${nodeLabel(l.to, scenario, notebook, conditions)}`;
  const theirs = (from: string, to: string) =>
    `${referenceLabel(scenario, from, notebook)} → ${referenceLabel(scenario, to, notebook)}`;
  const clues = new Map(scenario.solution.clues.map((c) => [c.id, c]));
  const pinned = new Map(notebook.pinned.map((p) => [p.evidence.ref, p.evidence]));
  const notes: string[] = [];
  for (const l of assessment.links) {
    const story = theirs(l.from, l.to);
    if (!l.matchedBy) {
      notes.push(`Missing link: ${story}.`);
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
        `backed by ${e ? describeEvidence(e) : l.citation.ref}, which shows that ${sentence(clue?.description ?? l.citation.clue)}`,
      );
    } else if (l.backed) reasons.push('the story needs no evidence for it');
    else {
      const needed = scenario.solution.chain
        .find((c) => c.from === l.from && c.to === l.to)
        ?.clues.flatMap((id) => (clues.has(id) ? [sentence(clues.get(id)!.description)] : []))
        .join('; ');
      reasons.push(
        `nothing it cites shows this link${needed ? ` (what would: ${needed})` : ''}, so ${pct(UNBACKED_SHARE)} of it`,
      );
    }
    notes.push(`${mine(l.matchedBy)} counts for ${story}, earning ${pct(l.credit)}: ${reasons.join('; ')}.`);
  }
  for (const x of assessment.extra) {
    if (x.standing === 'repeats')
      notes.push(`${mine(x.link)} repeats a link another of yours already stands for: it adds nothing.`);
    else if (x.standing === 'own evidence')
      notes.push(
        `${mine(x.link)} is not in the story, but it cites evidence of its own about both its ends: it costs nothing.`,
      );
    else
      notes.push(
        `${mine(x.link)} is not in the story and cites no evidence of its own about both its ends: it lowers the chain's precision.`,
      );
  }
  if (assessment.links.length > 0)
    notes.push(
      `Recall ${pct(assessment.recall)} of the story, precision ${pct(assessment.precision)}: F-score ${pct(assessment.f)} of ${max} points.`,
    );
  return notes;
}
