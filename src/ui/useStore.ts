import { useEffect, useState } from 'preact/hooks';
import type { AppState, AppStore } from '../state/store.ts';

/** Subscribes a component to one slice of the store; it re-renders only when that slice changes. */
export function useStore<T>(store: AppStore, select: (state: AppState) => T): T {
  const [value, setValue] = useState(() => select(store.getState()));
  useEffect(() => {
    setValue(select(store.getState()));
    return store.subscribe(select, setValue);
    // The selector is re-created every render but is stable in meaning for the component's life.
  }, [store]);
  return value;
}
