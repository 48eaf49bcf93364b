import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ProgressByScenario } from '../../state/progress.ts';
import type { Session } from '../../state/session.ts';
import type { ScenarioCard } from '../../state/store.ts';
import { useStore } from '../useStore.ts';
import { DailyCard } from './DailyCard.tsx';
import type { LibraryFilter, TrainsFilter } from './libraryView.ts';
import { allTags, DIFFICULTIES, readable, trainsValues, visibleCards } from './libraryView.ts';
import { Profile } from './Profile.tsx';
import { diagnosticLine, ScenarioFileLoader, useScenarioFile } from './ScenarioFileLoader.tsx';
import { SetAsideCopies } from './SetAsideCopies.tsx';
import './library.css';

/** Makes the element a place to drop a scenario file; listeners go on the element, which has no role of its own. */
function useDropZone(setDragging: (on: boolean) => void, load: (file: File) => Promise<void>) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const zone = ref.current;
    if (!zone) return;
    const over = (e: DragEvent) => {
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.target === zone) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const dropped = e.dataTransfer?.files[0];
      if (dropped) void load(dropped);
    };
    zone.addEventListener('dragover', over);
    zone.addEventListener('dragleave', leave);
    zone.addEventListener('drop', drop);
    return () => {
      zone.removeEventListener('dragover', over);
      zone.removeEventListener('dragleave', leave);
      zone.removeEventListener('drop', drop);
    };
  }, [setDragging, load]);
  return ref;
}

/** The filters on what a scenario trains, with the label each has on the page. */
const TRAINS_LABELS: readonly (readonly [TrainsFilter, string])[] = [
  ['family', 'Fault family'],
  ['system', 'System'],
  ['tool', 'Tool'],
];

/** One filter's select: "any", then every value the catalog has. */
function FilterSelect({
  label,
  value,
  values,
  onChange,
}: {
  label: string;
  value: string | undefined;
  values: readonly string[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <label>
      {label}{' '}
      <select value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value || undefined)}>
        <option value="">any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {readable(v)}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The scenario library: every built-in scenario with its difficulty, tags, what it trains, estimated time,
 * best score and completion, filtered by difficulty, tag, fault family, system and tool, easiest first;
 * and a scenario file of one's own, chosen or dropped on the page.
 */
export function Library({ session }: { session: Session }) {
  const catalog = useStore(session.store, (s) => s.catalog);
  const problems = useStore(session.store, (s) => s.catalogProblems);
  const progress = useStore(session.store, (s) => s.progress);
  const [filter, setFilter] = useState<LibraryFilter>({ difficulty: undefined, tag: undefined });
  const [dragging, setDragging] = useState(false);
  const file = useScenarioFile(session);
  const cards = useMemo(() => visibleCards(catalog, filter), [catalog, filter]);
  const tags = useMemo(() => allTags(catalog), [catalog]);
  const dropZone = useDropZone(setDragging, file.load);
  return (
    <div class={`library${dragging ? ' dragging' : ''}`} ref={dropZone}>
      <DailyCard session={session} nowMs={Date.now()} />
      <Profile session={session} nowMs={Date.now()} />
      <h2>Scenarios</h2>
      <fieldset class="library-filters">
        <legend class="muted">Filter</legend>
        <label>
          Difficulty{' '}
          <select
            value={filter.difficulty ?? ''}
            onChange={(e) => setFilter({ ...filter, difficulty: e.currentTarget.value || undefined })}
          >
            <option value="">any</option>
            {DIFFICULTIES.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <FilterSelect
          label="Tag"
          value={filter.tag}
          values={tags}
          onChange={(tag) => setFilter({ ...filter, tag })}
        />
        {TRAINS_LABELS.map(([key, label]) => (
          <FilterSelect
            key={key}
            label={label}
            value={filter[key]}
            values={trainsValues(catalog, key)}
            onChange={(value) => setFilter({ ...filter, [key]: value })}
          />
        ))}
        <span class="muted">
          {cards.length} of {catalog.length}
        </span>
      </fieldset>
      {cards.length === 0 && <p class="muted">No scenario matches these filters.</p>}
      <ul class="scenario-list">
        {cards.map((s) => (
          <LibraryCard key={s.id} session={session} card={s} progress={progress[s.id]} />
        ))}
      </ul>
      <ScenarioFileLoader {...file} />
      <SetAsideCopies session={session} storage={globalThis.localStorage} />
      {problems.length > 0 && (
        <section class="problems" aria-label="Scenario problems">
          <h2>Scenarios that could not be loaded</h2>
          <ul>
            {problems.map((p) => (
              <li key={diagnosticLine(p)}>
                <code>{diagnosticLine(p)}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function LibraryCard({
  session,
  card,
  progress,
}: {
  session: Session;
  card: ScenarioCard;
  progress: ProgressByScenario[string] | undefined;
}) {
  return (
    <li class="scenario-card" data-scenario={card.id}>
      <div class="scenario-meta">
        <span class={`badge difficulty-${card.difficulty}`}>{card.difficulty}</span>
        <span class="muted">~{card.estimatedMinutes} min</span>
        {card.tags.map((t) => (
          <span key={t} class="tag">
            {t}
          </span>
        ))}
      </div>
      <h3>{card.title}</h3>
      <p>{card.summary}</p>
      {card.trains && (
        <p class="scenario-trains" data-testid="scenario-trains">
          <span class="muted">Trains:</span> {readable(card.trains.system)} · tell apart{' '}
          {card.trains.families.map(readable).join(', ')} · {card.trains.tools.join(', ')}
        </p>
      )}
      <p class="scenario-progress" data-testid="scenario-progress">
        {progress
          ? `${progress.completed ? 'Completed' : 'Not solved yet'} · best score ${progress.bestScore} / 100${progress.bestGrade ? ` (grade ${progress.bestGrade})` : ''} · played ${progress.plays} ${progress.plays === 1 ? 'time' : 'times'}`
          : 'Not played yet'}
      </p>
      <button
        type="button"
        class="primary"
        aria-label={`Start ${card.title}`}
        onClick={() => session.send({ type: 'select scenario', scenarioId: card.id })}
      >
        Start
      </button>
    </li>
  );
}
