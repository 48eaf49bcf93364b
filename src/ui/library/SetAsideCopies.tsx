import { useState } from 'preact/hooks';
import { PROGRESS_KEY } from '../../state/progress.ts';
import type { KeyValueStorage } from '../../state/save.ts';
import { SAVE_KEY } from '../../state/save.ts';
import type { Session } from '../../state/session.ts';
import { clearSetAside, setAsideKeys } from '../../state/setAside.ts';
import { useStore } from '../useStore.ts';

const RECORDS = [SAVE_KEY, PROGRESS_KEY];

/**
 * A line under the library when unreadable saves or progress records were kept aside in this browser's
 * storage, with a button that removes them.
 */
export function SetAsideCopies({ session, storage }: { session: Session; storage: KeyValueStorage }) {
  const [cleared, setCleared] = useState(0);
  // A copy is set aside when a notice is shown: the notice is read so the line renders again then.
  useStore(session.store, (s) => s.notice);
  const keys = RECORDS.flatMap((r) => setAsideKeys(storage, r));
  if (keys.length === 0) return null;
  const copies = keys.length === 1 ? 'One unreadable save is' : `${keys.length} unreadable saves are`;
  return (
    <p class="set-aside muted">
      {copies} kept aside in this browser's storage.{' '}
      <button
        type="button"
        class="link"
        onClick={() => setCleared(cleared + clearSetAside(storage, RECORDS) + 1)}
      >
        Remove {keys.length === 1 ? 'it' : 'them'}
      </button>
    </p>
  );
}
