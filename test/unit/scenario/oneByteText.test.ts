import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { oneByteText, withOneByteText } from '../../../src/engine/scenario/oneByteText.ts';
import { parseScenarioYaml } from '../../../src/engine/scenario/parse.ts';

// How V8 holds a string, read from its own serializer: a one-byte string is tagged `"`, a two-byte one `c`.
function held(text: string): 'one byte' | 'two bytes' {
  const tag = String.fromCharCode(serialize(text)[2]!);
  if (tag === '"') return 'one byte';
  if (tag === 'c') return 'two bytes';
  throw new Error(`unexpected serializer tag ${tag}`);
}

/** A string cut from a text holding a wide character: held two bytes a character, as a file's strings are. */
function cutFromWide(text: string): string {
  return `${text}\u2014`.slice(0, text.length);
}

describe('oneByteText', () => {
  it.each([
    ['ascii', 'GET /api/orders'],
    ['latin-1', 'café à la crème'],
    ['a control character', 'tab\there'],
    ['longer than one chunk', 'x'.repeat(20_000)],
  ])('keeps %s and holds it one byte a character', (_, text) => {
    const wide = cutFromWide(text);
    expect(held(wide)).toBe('two bytes');
    const narrow = oneByteText(wide);
    expect(narrow).toBe(text);
    expect(held(narrow)).toBe('one byte');
  });

  it.each([
    ['an em dash', 'checkout — payments'],
    ['an emoji', 'fire 🔥'],
  ])('gives back text with %s as it was', (_, text) => {
    expect(oneByteText(text)).toBe(text);
    expect(held(oneByteText(text))).toBe('two bytes');
  });

  it('gives back the empty string', () => {
    expect(oneByteText('')).toBe('');
  });
});

describe('withOneByteText', () => {
  it('makes every string of a value one byte a character, keys included, and keeps the rest', () => {
    const key = cutFromWide('service');
    const value = {
      [key]: cutFromWide('cart'),
      list: [cutFromWide('a'), 3, true, null, { deep: cutFromWide('deeper') }],
      wide: 'over — there',
      n: Number.POSITIVE_INFINITY,
    };
    const out = withOneByteText(value) as typeof value & { service: string };
    expect(out).toEqual(value);
    expect(Object.keys(out)).toEqual(['service', 'list', 'wide', 'n']);
    expect(held(Object.keys(out)[0]!)).toBe('one byte');
    expect(held(out.service)).toBe('one byte');
    expect(held(out.list[0] as string)).toBe('one byte');
    expect(held((out.list[4] as { deep: string }).deep)).toBe('one byte');
    expect(held(out.wide)).toBe('two bytes');
  });

  it('keeps a `__proto__` key as data, never as the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "yes"}}') as object;
    const out = withOneByteText(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect((out as { polluted?: string }).polluted).toBeUndefined();
  });
});

describe('a scenario file with a wide character', () => {
  it('parses to strings held one byte a character wherever they allow', () => {
    const text = 'title: "Checkout — down"\nservice: cart\npaths: [/api/orders, /api/cart]\n';
    const { parsed } = parseScenarioYaml(text, 'wide.yaml');
    const value = parsed!.value as { title: string; service: string; paths: string[] };
    expect(value).toEqual({ title: 'Checkout — down', service: 'cart', paths: ['/api/orders', '/api/cart'] });
    expect(held(value.service)).toBe('one byte');
    expect(held(value.paths[1]!)).toBe('one byte');
    expect(held(value.title)).toBe('two bytes');
  });
});
