/**
 * The only host globals the engine may use. It runs unchanged in Node, the browser and a worker, so its own
 * type check (src/engine/tsconfig.json) has neither the DOM's nor Node's types: these declarations give it
 * the part of each that all three hosts share, and nothing else. The app's type check, which has the DOM,
 * leaves this file out.
 */

/** UTF-8 encoding, as WHATWG Encoding defines it. */
interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}

declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };

/** UTF-8 decoding, as WHATWG Encoding defines it. */
interface TextDecoder {
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

declare var TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder;
};
