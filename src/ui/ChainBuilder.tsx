import { useState } from 'preact/hooks';
import { describeEvidence } from '../engine/investigation/actions.ts';
import type { VocabularyNode } from '../engine/investigation/clues.ts';
import { chainVocabulary } from '../engine/investigation/clues.ts';
import type { ChainLink } from '../engine/investigation/notebook.ts';
import type { Session } from '../state/session.ts';
import { freshId } from './Hypotheses.tsx';
import { useStore } from './useStore.ts';

const GROUPS: readonly { kind: VocabularyNode['kind']; label: string }[] = [
  { kind: 'change', label: 'Changes' },
  { kind: 'component', label: 'Components' },
  { kind: 'condition', label: 'Conditions' },
  { kind: 'symptom', label: 'Symptoms' },
];

/** The scenario's chain vocabulary as grouped options. */
function NodeOptions({ nodes }: { nodes: readonly VocabularyNode[] }) {
  return (
    <>
      {GROUPS.map((g) => {
        const members = nodes.filter((n) => n.kind === g.kind);
        return members.length === 0 ? null : (
          <optgroup key={g.kind} label={g.label}>
            {members.map((n) => (
              <option key={n.id} value={n.id}>
                {n.label}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}

/**
 * The causal chain builder: ordered links from the root cause to the symptom the page reported, each between
 * two nodes of the scenario's vocabulary (changes, services, the solution's conditions and symptoms) and
 * citing pinned evidence. Links can be reordered, cited further and removed.
 */
export function ChainBuilder({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const chain = useStore(session.store, (s) => s.notebook.chain);
  const pinned = useStore(session.store, (s) => s.notebook.pinned);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [cited, setCited] = useState<readonly string[]>([]);
  const nodes = chainVocabulary(scenario);
  const label = (id: string) => nodes.find((n) => n.id === id)?.label ?? id;
  const pinnedRefs = new Set(pinned.map((p) => p.evidence.ref));

  // Moving or re-citing a link is taking it out and putting it back: the action log stays a plain sequence.
  const replace = (link: ChainLink, index: number, evidence: readonly string[]) => {
    session.act({ type: 'unlink', id: link.id });
    session.act({ type: 'link', id: link.id, from: link.from, to: link.to, evidence: [...evidence], index });
  };
  const add = () => {
    if (!from || !to || from === to) return;
    const evidence = cited.filter((r) => pinnedRefs.has(r));
    session.act({
      type: 'link',
      id: freshId(
        'l',
        chain.map((l) => l.id),
      ),
      from,
      to,
      evidence,
    });
    // The next link usually starts where this one ended.
    setFrom(to);
    setTo('');
    setCited([]);
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
      <form
        class="add-link"
        aria-label="Add a link"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label>
          Cause
          <select value={from} onChange={(e) => setFrom((e.target as HTMLSelectElement).value)}>
            <option value="">Choose a cause…</option>
            <NodeOptions nodes={nodes} />
          </select>
        </label>
        <label>
          Effect
          <select value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value)}>
            <option value="">Choose what it led to…</option>
            <NodeOptions nodes={nodes.filter((n) => n.id !== from)} />
          </select>
        </label>
        <fieldset class="cite">
          <legend>Cite pinned evidence</legend>
          {pinned.length === 0 ? (
            <p class="muted">Pin evidence to cite it.</p>
          ) : (
            pinned.map(({ evidence: e }) => (
              <label key={e.ref} class="check">
                <input
                  type="checkbox"
                  checked={cited.includes(e.ref)}
                  onChange={(ev) =>
                    setCited(
                      (ev.target as HTMLInputElement).checked
                        ? [...cited, e.ref]
                        : cited.filter((r) => r !== e.ref),
                    )
                  }
                />
                {describeEvidence(e)}
              </label>
            ))
          )}
        </fieldset>
        <button type="submit" disabled={!from || !to || from === to}>
          Add link
        </button>
      </form>
    </section>
  );
}
