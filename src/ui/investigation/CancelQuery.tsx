/**
 * The query toolbar's Cancel button, there while a query runs. The world answers on its own thread, so
 * cancelling frees the page at once; the worker stops the query at its next check (through the memory
 * the page shares with it) and the answer is dropped. Esc presses this button too.
 */
export function CancelQuery({ running, onCancel }: { running: boolean; onCancel: () => void }) {
  if (!running) return null;
  return (
    <button type="button" data-cancel-query onClick={onCancel}>
      Cancel
    </button>
  );
}
