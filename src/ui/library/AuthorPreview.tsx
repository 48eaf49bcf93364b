import { useEffect, useState } from 'preact/hooks';
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { Session } from '../../state/session.ts';
import { useStore } from '../useStore.ts';
import './preview.css';

/**
 * The author preview beside the game: opens the scenario named by `?preview=` and shows its hidden truth
 * (root cause, fault windows, clues, chain and reference path). In `npm run dev` saving a scenario file
 * reloads the page; the built game previews only its own scenarios.
 */
export function AuthorPreview({ session, target }: { session: Session; target: string }) {
  const scenario = useStore(session.store, (s) => s.scenario);
  const world = useStore(session.store, (s) => s.world.state);
  // The author asked to see the hidden truth: the world host hands it over for the preview only.
  const [truth, setTruth] = useState<Scenario | undefined>(undefined);
  useEffect(() => {
    if (scenario?.id !== target || world !== 'ready') return;
    let live = true;
    void session.preview().then((full) => live && setTruth(full));
    return () => {
      live = false;
    };
  }, [scenario?.id, target, world, session]);
  const catalog = useStore(session.store, (s) => s.catalog);
  const phase = useStore(session.store, (s) => s.phase);
  const [reloads, setReloads] = useState(false);
  const known = catalog.some((c) => c.id === target);

  useEffect(() => {
    if (!import.meta.env.DEV) return;
    void import('./previewReload.ts').then((m) => setReloads(m.RELOADS_ON_SAVE));
  }, []);

  // From the library, the preview opens its scenario at once; an investigation already open is left alone.
  useEffect(() => {
    if (phase === 'menu' && known) session.send({ type: 'select scenario', scenarioId: target });
  }, [phase, known, target, session]);

  return (
    <aside class="author-preview" aria-label="Author preview">
      <h2>Author preview</h2>
      <p class="muted">
        {reloads
          ? 'Saving the scenario file reloads this page.'
          : 'The built game previews its own scenarios only.'}
      </p>
      {phase !== 'loading' && !known && (
        <p role="alert">
          No scenario of the game is named "{target}". Name the file for its id, put it in scenarios/, and run
          npm run dev.
        </p>
      )}
      {scenario && scenario.id !== target && (
        <p class="muted">
          The open investigation is "{scenario.id}"; go back to the scenarios to preview "{target}".
        </p>
      )}
      {scenario?.id === target && truth?.id === target && <HiddenTruth scenario={truth} />}
    </aside>
  );
}

function HiddenTruth({ scenario }: { scenario: Scenario }) {
  const { solution } = scenario;
  return (
    <div class="hidden-truth">
      <h3>Root cause</h3>
      <p>
        <code>{solution.rootCause.component}</code>: {solution.rootCause.fault}
        {solution.rootCause.trigger ? `, set off by ${solution.rootCause.trigger}` : ''}
      </p>
      <p>{solution.explanation}</p>
      <h3>Faults</h3>
      <ul>
        {scenario.faults.map((f) => (
          <li key={f.id}>
            <code>{f.id}</code> {f.kind} on {f.edge ? `${f.edge.from} → ${f.edge.to}` : f.service}
            {f.region ? ` in ${f.region}` : ''}:{' '}
            {f.from ?? (f.trigger ? `at ${f.trigger}` : 'from the start')}
            {' – '}
            {f.until ?? 'to the end'}
          </li>
        ))}
      </ul>
      <h3>Chain</h3>
      <ol>
        {solution.chain.map((link) => (
          <li key={`${link.from}>${link.to}`}>
            {link.from} → {link.to}
            {link.clues.length > 0 ? ` (${link.clues.join(', ')})` : ''}
          </li>
        ))}
      </ol>
      <h3>Clues</h3>
      <ul>
        {solution.clues.map((c) => (
          <li key={c.id}>
            <code>{c.id}</code> {c.description}
            {c.query ? (
              <>
                {' '}
                <code>{c.query}</code>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {solution.redHerrings.length > 0 && (
        <>
          <h3>Red herrings</h3>
          <ul>
            {solution.redHerrings.map((c) => (
              <li key={c.id}>
                <code>{c.id}</code> {c.description}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Reference path</h3>
      <ol>
        {solution.path.map((step, i) => (
          <li key={`${i}:${step.tool}`}>
            {step.tool}
            {step.query ? (
              <>
                {' '}
                <code>{step.query}</code>
              </>
            ) : null}
            : {step.note}
          </li>
        ))}
      </ol>
    </div>
  );
}
