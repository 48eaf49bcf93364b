/** A character a one-byte string cannot hold. */
const WIDE = /[\u0100-\uffff]/;
/** Characters copied at a time: `String.fromCharCode` takes them as arguments. */
const CHUNK = 8192;

/** Whether `text` holds a character wider than a byte, which makes it and every string cut from it wide. */
export function hasWideText(text: string): boolean {
  return WIDE.test(text);
}

/**
 * The same text, held one byte a character where every character fits in one. A string cut from a file
 * that holds a single wider character (an em dash in a briefing) is held two bytes a character whatever
 * it holds itself, and so is every string built with it: each log line that names an endpoint or a
 * service, and each block of lines joined from them, twice the bytes to copy and to keep. Text with a
 * wider character comes back as it was.
 *
 * @example
 * oneByteText(twoByteSlice) === twoByteSlice; // true, now held in one byte a character
 */
export function oneByteText(text: string): string {
  if (text.length === 0 || WIDE.test(text)) return text;
  // `String.fromCharCode` makes a one-byte string when every code fits in a byte.
  let out = '';
  const codes = new Uint16Array(Math.min(text.length, CHUNK));
  for (let from = 0; from < text.length; from += CHUNK) {
    const n = Math.min(CHUNK, text.length - from);
    for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(from + i);
    out += String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
  }
  return out;
}

/**
 * A parsed document's value with every string in it (keys too) made by {@link oneByteText}: what the
 * simulation writes from a scenario is then held one byte a character wherever the scenario's own text
 * allows. Objects are rebuilt as plain data (own properties in the same order); other values stay.
 */
export function withOneByteText(value: unknown): unknown {
  if (typeof value === 'string') return oneByteText(value);
  if (Array.isArray(value)) return value.map(withOneByteText);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    // fromEntries defines each key as an own property: a `__proto__` key stays data, never a prototype.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [oneByteText(k), withOneByteText(v)]));
  return value;
}
