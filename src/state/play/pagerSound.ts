import type { KeyValueStorage } from '../save.ts';
import type { AppStore } from '../store.ts';

/** Where this browser remembers whether the pager rings aloud. */
export const PAGER_SOUND_KEY = 'twoam.pagerSound';

/** Whether this browser was left with the pager's sound on (muted unless it was turned on). */
export function pagerSoundOn(storage: KeyValueStorage): boolean {
  try {
    return storage.getItem(PAGER_SOUND_KEY) === 'on';
  } catch {
    // Storage the browser refuses (a private window's quota) leaves the pager muted.
    return false;
  }
}

/**
 * Starts the store's pager with the choice this browser remembers and remembers each change. Answers the
 * function that stops remembering.
 */
export function rememberPagerSound(store: AppStore, storage: KeyValueStorage): () => void {
  store.getState().setPagerSound(pagerSoundOn(storage));
  return store.subscribe(
    (s) => s.pagerSound,
    (on) => {
      try {
        storage.setItem(PAGER_SOUND_KEY, on ? 'on' : 'off');
      } catch {
        // Not remembered, but the choice holds for this page.
      }
    },
  );
}
