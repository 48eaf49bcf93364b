import { useEffect, useState } from 'preact/hooks';
import type * as Y from 'yjs';

/** Re-renders the component whenever one of the documents changes, and reads `read` afresh. */
export function useShared<T>(docs: readonly Y.Doc[], read: () => T): T {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    for (const d of docs) d.on('update', bump);
    return () => {
      for (const d of docs) d.off('update', bump);
    };
  }, docs);
  return read();
}

/** The current time, refreshed every second (for running clocks). */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
