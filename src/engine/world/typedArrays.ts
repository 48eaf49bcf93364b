/** The typed arrays the columnar stores keep their columns in. */
export type Column = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

/** A copy of `column` with room for `size` entries (the extra entries are zero): how a column grows. */
export function resized<T extends Column>(column: T, size: number): T {
  const next = new (column.constructor as new (length: number) => T)(size);
  next.set(column);
  return next;
}
