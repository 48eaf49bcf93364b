import { useState } from 'preact/hooks';
import type { ScenarioDiagnostic } from '../../engine/scenario/diagnostics.ts';
import type { Session } from '../../state/session.ts';

/** A diagnostic as one line of text: `file:line:col: path: message`. */
export function diagnosticLine(d: ScenarioDiagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.path ? `${d.path}: ` : ''}${d.message}`;
}

/**
 * Loads a scenario from a file, by the file picker or by dropping it anywhere on the library. A file that
 * does not load lists its errors here, as text; a valid one opens its briefing.
 */
export function useScenarioFile(session: Session) {
  const [errors, setErrors] = useState<{ file: string; lines: string[] } | undefined>(undefined);
  const [reading, setReading] = useState(false);
  const load = async (file: File) => {
    setReading(true);
    try {
      const result = await session.loadScenarioText(await file.text(), file.name);
      const lines = result.diagnostics.filter((d) => d.severity === 'error').map(diagnosticLine);
      setErrors(result.ok ? undefined : { file: file.name, lines });
    } catch (err) {
      setErrors({ file: file.name, lines: [`${file.name}: could not be read (${(err as Error).message})`] });
    } finally {
      setReading(false);
    }
  };
  return { errors, reading, load };
}

/** The file picker and the list of errors of the last file that did not load. */
export function ScenarioFileLoader({ errors, reading, load }: ReturnType<typeof useScenarioFile>) {
  return (
    <section class="scenario-file" aria-label="Your own scenario">
      <h2>Your own scenario</h2>
      <p class="muted">Drop a scenario YAML file anywhere on this page, or choose one.</p>
      <input
        type="file"
        accept=".yaml,.yml,text/yaml"
        aria-label="Load a scenario file"
        disabled={reading}
        onChange={(e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          if (file)
            void load(file).then(() => {
              // Choosing the same file again after fixing it must fire another change.
              input.value = '';
            });
        }}
      />
      {reading && <p class="muted">Checking the file…</p>}
      {errors && (
        <div class="problems" role="alert" aria-label="Scenario file errors">
          <p>{errors.file} could not be loaded:</p>
          <ul>
            {errors.lines.map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
