import { useMemo } from 'preact/hooks';
import { nodeLabel } from '../../engine/investigation/chainNodes.ts';
import { conditionVocabulary } from '../../engine/investigation/conditionVocabulary.ts';
import { describeEvidence } from '../../engine/investigation/evidence.ts';
import type { ChainLink } from '../../engine/investigation/notebook.ts';
import type { Session } from '../../state/session.ts';
import { withDiscovered } from '../../state/slices/toolViews.ts';
import { useStore } from '../useStore.ts';
import { ChainLinkForm } from './ChainLinkForm.tsx';

/**
 * The causal chain builder: ordered links from the root cause to the symptom the page reported, each between
 * two of the trainee's own nodes (services, edges, changes, pinned evidence, hypotheses, conditions of the
 * system's vocabulary or in their own words) and citing pinned evidence. Links can be reordered, cited
 * further and removed.
 */
export function ChainBuilder({ session }: { session: Session }) {
  const played = useStore(session.store, (s) => s.scenario)!;
  const discovered = useStore(session.store, (s) => s.mapView.discovered);
  const notebook = useStore(session.store, (s) => s.notebook);
  const { chain, pinned } = notebook;
  // The system as the trainee knows it: the diagram's calls and those they discovered.
  const scenario = useMemo(() => withDiscovered(played, discovered), [played, discovered]);
  // The vocabulary depends on the system alone: generate it once per system known.
  const conditions = useMemo(() => conditionVocabulary(scenario), [scenario]);
  const label = (id: string) => nodeLabel(id, scenario, notebook, conditions);

  // Moving or re-citing a link is taking it out and putting it back: the action log stays a plain sequence.
  const replace = (link: ChainLink, index: number, evidence: readonly string[]) => {
    session.act({ type: 'unlink', id: link.id });
    session.act({ type: 'link', id: link.id, from: link.from, to: link.to, evidence: [...evidence], index });
  };
  return (
    <section class="panel chain-builder" aria-label="Causal chain">
      <h2>Causal chain</h2>
      <p class="muted">
        Root cause first; the last link reaches the symptom the page reported. Cite what shows each link.
      </p>
      {chain.length === 0 ? (
        <p class="muted">No links yet.</p>
      ) : (
        <ol class="chain">
          {chain.map((link, i) => {
            const name = `link ${i + 1}`;
            const uncited = pinned.filter((p) => !link.evidence.includes(p.evidence.ref));
            return (
              <li
                key={link.id}
                class="chain-link"
                aria-label={`Link ${i + 1}: ${label(link.from)} → ${label(link.to)}`}
              >
                <p class="chain-nodes">
                  <span class="node">{label(link.from)}</span> <span aria-hidden="true">→</span>{' '}
                  <span class="node">{label(link.to)}</span>
                </p>
                {link.evidence.length === 0 ? (
                  <p class="muted">Cites no evidence: a claim, not yet a finding.</p>
                ) : (
                  <ul class="citations" aria-label={`Evidence cited by ${name}`}>
                    {link.evidence.map((ref) => {
                      const e = pinned.find((p) => p.evidence.ref === ref)?.evidence;
                      return <li key={ref}>{e ? describeEvidence(e) : ref}</li>;
                    })}
                  </ul>
                )}
                <div class="chain-controls">
                  <button
                    type="button"
                    disabled={i === 0}
                    aria-label={`Move ${name} up`}
                    onClick={() => replace(link, i - 1, link.evidence)}
                  >
                    Up
                  </button>
                  <button
                    type="button"
                    disabled={i === chain.length - 1}
                    aria-label={`Move ${name} down`}
                    onClick={() => replace(link, i + 1, link.evidence)}
                  >
                    Down
                  </button>
                  {uncited.length > 0 && (
                    <select
                      aria-label={`Cite more evidence in ${name}`}
                      value=""
                      onChange={(e) => {
                        const ref = (e.target as HTMLSelectElement).value;
                        if (ref) replace(link, i, [...link.evidence, ref]);
                      }}
                    >
                      <option value="">Cite…</option>
                      {uncited.map((p) => (
                        <option key={p.evidence.ref} value={p.evidence.ref}>
                          {describeEvidence(p.evidence)}
                        </option>
                      ))}
                    </select>
                  )}
                  <button
                    type="button"
                    class="link"
                    aria-label={`Remove ${name}`}
                    onClick={() => session.act({ type: 'unlink', id: link.id })}
                  >
                    Remove
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <ChainLinkForm session={session} scenario={scenario} notebook={notebook} conditions={conditions} />
    </section>
  );
}
