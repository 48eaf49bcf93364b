/** The typed arrays the columnar stores keep their columns in. */
export type Column = Int32Array | Uint32Array | Uint8Array | Float64Array;

/** A copy of `column` with room for `size` entries (the extra entries are zero): how a column grows. */
export function resized<T extends Column>(column: T, size: number): T {
  const next = new (column.constructor as new (length: number) => T)(size);
  next.set(column);
  return next;
}

/**
 * An empty list of values of any kind. V8 makes `[]` a list of small integers, and the first string or
 * object put in it changes its kind: code compiled for lists that changed already stops working on a new
 * one. A store made afresh for each run starts its lists this way, so the compiled code of one run works
 * for the next.
 */
export function emptyList<T>(): T[] {
  const list: T[] = [undefined as T];
  list.length = 0;
  return list;
}
