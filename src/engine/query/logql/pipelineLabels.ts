/**
 * The label set a line carries through a pipeline, and the conventions Loki's parsers follow when they add
 * labels: keys are sanitized, a key that collides with a stream label gets `_extracted`, and failures are
 * recorded in `__error__` and `__error_details__` instead of dropping the line.
 */

/** Labels being built for one line; created only for lines that reach a stage that needs them. */
export type MutableLabels = Record<string, string>;

/** The label Loki sets when a stage fails on a line. */
export const ERROR_LABEL = '__error__';
/** The label holding the reason for {@link ERROR_LABEL}. */
export const ERROR_DETAILS_LABEL = '__error_details__';

/** Marks a line as failed, as Loki's `LabelsBuilder.SetErr` does. */
export function setError(labels: MutableLabels, kind: string, details: string): void {
  labels[ERROR_LABEL] = kind;
  labels[ERROR_DETAILS_LABEL] = details;
}

/** Makes a key a valid label name as Loki does: every other character becomes `_`, and a leading digit gets a `_` in front. */
export function sanitizeLabelKey(key: string): string {
  let out = key.trim();
  if (out === '') return '';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(out)) {
    out = out.replace(/[^A-Za-z0-9_]/g, '_');
    if (/^[0-9]/.test(out)) out = `_${out}`;
  }
  return out;
}

/** Sets an extracted label, renaming it `<key>_extracted` when the stream already has that label. */
export function setExtracted(
  labels: MutableLabels,
  base: Readonly<Record<string, string>>,
  key: string,
  value: string,
): void {
  labels[Object.hasOwn(base, key) ? `${key}_extracted` : key] = value;
}
