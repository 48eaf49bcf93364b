import { useEffect, useState } from 'preact/hooks';

/** Whether the trainee asked to see every series of `result`; asked again for each new result. */
export function useShowAll(result: unknown): [boolean, () => void] {
  const [all, setAll] = useState(false);
  useEffect(() => setAll(false), [result]);
  return [all, () => setAll(true)];
}

/** Says that only some of the series are shown, with a button to show them all. */
export function SeriesLimitNote({
  shown,
  total,
  what,
  onShowAll,
}: {
  shown: number;
  total: number;
  what: string;
  onShowAll: () => void;
}) {
  if (total <= shown) return null;
  return (
    <p class="muted series-limit">
      {what} shows {shown.toLocaleString('en')} of {total.toLocaleString('en')} series.{' '}
      <button type="button" class="link" onClick={onShowAll}>
        Show all {total.toLocaleString('en')}
      </button>
    </p>
  );
}
