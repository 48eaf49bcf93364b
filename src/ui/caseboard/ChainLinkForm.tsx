import { useState } from 'preact/hooks';
import type { NodeOption } from '../../engine/investigation/chainNodes.ts';
import {
  chainNodeOptions,
  MAX_TEXT_NODE,
  matchingNodes,
  NODE_GROUPS,
  nodeIds,
  parseNodeId,
} from '../../engine/investigation/chainNodes.ts';
import type { Condition } from '../../engine/investigation/conditionVocabulary.ts';
import { describeEvidence } from '../../engine/investigation/evidence.ts';
import type { InvestigationState } from '../../engine/investigation/notebook.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { Session } from '../../state/session.ts';
import { freshId } from './Hypotheses.tsx';

type Props = {
  session: Session;
  scenario: Pick<Scenario, 'system' | 'traffic' | 'timeline'>;
  notebook: InvestigationState;
  conditions: readonly Condition[];
};

/** The nodes as grouped options: the trainee's own conditions first among the conditions. */
function NodeOptions({ options }: { options: readonly NodeOption[] }) {
  return (
    <>
      {NODE_GROUPS.map((g) => {
        const members = options.filter((n) => n.group === g);
        return members.length === 0 ? null : (
          <optgroup key={g} label={g}>
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
 * The form that adds a link: a cause and an effect chosen among the trainee's material (services, edges,
 * changes, pinned evidence, hypotheses, conditions of the system's vocabulary) or written in their own
 * words, narrowed by a filter, and the pinned evidence it cites. A condition in one's own words counts only
 * through the evidence cited, so a link naming one must cite something.
 */
export function ChainLinkForm({ session, scenario, notebook, conditions }: Props) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [cited, setCited] = useState<readonly string[]>([]);
  const [filter, setFilter] = useState('');
  const [words, setWords] = useState('');
  const [written, setWritten] = useState<readonly string[]>([]);
  const pinnedRefs = new Set(notebook.pinned.map((p) => p.evidence.ref));

  // One's own conditions: those written here and those already in the chain, which a reload keeps.
  const own = [
    ...new Set([
      ...notebook.chain.flatMap((l) => [l.from, l.to]).filter((id) => parseNodeId(id)?.kind === 'text'),
      ...written,
    ]),
  ];
  const all = chainNodeOptions(scenario, notebook, conditions);
  const options: NodeOption[] = [
    ...all.filter((o) => o.group !== 'Conditions'),
    ...own.map((id) => ({
      id,
      label: `“${id.slice('text:'.length)}” (yours)`,
      group: 'Conditions' as const,
    })),
    ...all.filter((o) => o.group === 'Conditions'),
  ];
  const shown = matchingNodes(options, filter, [from, to]);
  const needsEvidence = [from, to].some((id) => parseNodeId(id)?.kind === 'text');
  const evidence = cited.filter((r) => pinnedRefs.has(r));
  const ready = from !== '' && to !== '' && from !== to && (!needsEvidence || evidence.length > 0);

  const add = () => {
    if (!ready) return;
    session.act({
      type: 'link',
      id: freshId(
        'l',
        notebook.chain.map((l) => l.id),
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
  const write = () => {
    const text = words.trim();
    if (!text) return;
    const id = nodeIds.text(text);
    setWritten([...written.filter((w) => w !== id), id]);
    setWords('');
    if (!from) setFrom(id);
    else if (!to && id !== from) setTo(id);
  };

  return (
    <form
      class="add-link"
      aria-label="Add a link"
      onSubmit={(e) => {
        e.preventDefault();
        add();
      }}
    >
      <label>
        Filter nodes
        <input
          type="search"
          value={filter}
          placeholder="Type a service, a change or a word such as timeout"
          onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Cause
        <select value={from} onChange={(e) => setFrom((e.target as HTMLSelectElement).value)}>
          <option value="">Choose a cause…</option>
          <NodeOptions options={shown} />
        </select>
      </label>
      <label>
        Effect
        <select value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value)}>
          <option value="">Choose what it led to…</option>
          <NodeOptions options={shown.filter((n) => n.id !== from)} />
        </select>
      </label>
      <div class="own-condition">
        <label>
          A condition in your own words
          <input
            type="text"
            value={words}
            maxLength={MAX_TEXT_NODE}
            placeholder="What you saw, in your words"
            onInput={(e) => setWords((e.target as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                write();
              }
            }}
          />
        </label>
        <button type="button" disabled={!words.trim()} onClick={write}>
          Use this condition
        </button>
      </div>
      <fieldset class="cite">
        <legend>Cite pinned evidence</legend>
        {notebook.pinned.length === 0 ? (
          <p class="muted">Pin evidence to cite it.</p>
        ) : (
          notebook.pinned.map(({ evidence: e }) => (
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
      {needsEvidence && evidence.length === 0 && (
        <p class="muted">
          A condition in your own words stands on the evidence you cite: cite at least one item.
        </p>
      )}
      <button type="submit" disabled={!ready}>
        Add link
      </button>
    </form>
  );
}
