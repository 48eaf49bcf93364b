import { describe, expect, it } from 'vitest';
import { LogSink } from '../../../src/engine/sim/telemetry/logSink.ts';
import { LogStore } from '../../../src/engine/world/logStore.ts';
import { TraceStore } from '../../../src/engine/world/traceStore.ts';

describe('LogStore', () => {
  it('keeps each entry in its stream past 65,536 streams, when ids no longer fit two bytes', () => {
    const store = new LogStore();
    const n = 70_000;
    // Lines written before and after the store's stream ids outgrow two bytes.
    store.append({ app: 's0' }, 1000, 'first');
    for (let i = 1; i < n; i++) store.streamFor({ app: `s${i}` });
    store.append({ app: `s${n - 1}` }, 2000, 'last');
    store.append({ app: 's65536' }, 3000, 'middle');
    store.seal();
    expect([0, 1, 2].map((id) => `${store.streamOf(id).labels.app} ${store.line(id)}`)).toEqual([
      's0 first',
      `s${n - 1} last`,
      's65536 middle',
    ]);
  });

  it('reads back lines across blocks, in order or sorted, and keeps appending after seal', () => {
    const inOrder = new LogStore();
    const shuffled = new LogStore();
    const n = 2000;
    const lines = Array.from(
      { length: n },
      (_, i) => `line ${i} ${'x'.repeat(i % 17)}${i % 100 === 0 ? '\nstack' : ''}`,
    );
    for (let i = 0; i < n; i++) inOrder.append({ s: String(i % 3) }, 1000 + i, lines[i]!);
    for (let i = n - 1; i >= 0; i--) shuffled.append({ s: String(i % 3) }, 1000 + i, lines[i]!);
    inOrder.seal();
    shuffled.seal();
    for (const store of [inOrder, shuffled]) {
      expect(Array.from({ length: n }, (_, i) => store.line(i))).toEqual(lines);
      expect(Array.from(store.streamEntries(store.streamFor({ s: '1' }).id)).slice(0, 3)).toEqual([1, 4, 7]);
    }
    inOrder.append({ s: '0' }, 5000, 'later');
    expect([inOrder.size, inOrder.line(n), inOrder.tsMs(n)]).toEqual([n + 1, 'later', 5000]);
    expect(() => inOrder.append({ s: '0' }, 10, 'too early')).toThrow(/older/);
  });

  it('keeps blocks as UTF-8 bytes when asked and reads them back as the same text, whatever it holds', () => {
    // ASCII, accents and emoji, a byte order mark at a block's start, a surrogate pair split over two
    // lines and a lone surrogate: every block reads back as the text a plain store joins.
    const n = 5 * 1024 + 300;
    const lines = Array.from({ length: n }, (_, i) => {
      if (i === 1024) return '\ufeffbom first';
      if (i === 2100) return 'pair \ud83d';
      if (i === 2101) return '\ude00 split';
      if (i === 3300) return 'lone \udc00 surrogate';
      if (i >= 4096 && i < 4200) return `café ${i} 🚀`;
      return i % 1024 === 1023 ? '' : `level=info n=${i}`;
    });
    const plain = new LogStore();
    const encoded = new LogStore(true);
    for (const store of [plain, encoded])
      for (let i = 0; i < n; i++) store.append({ s: String(i % 2) }, i, lines[i]!);
    expect(encoded.encodedBytes).toBeGreaterThan(0);
    const held = encoded.blocksFrom(0);
    expect(held.map((b) => typeof b)).toEqual(['object', 'object', 'object', 'string', 'object']);
    expect(Array.from({ length: n }, (_, i) => encoded.line(i))).toEqual(lines);
    for (let b = 0; b < 5; b++) expect(encoded.blockText(b)).toBe(plain.blockText(b));
    // Read once, a block is text from then on.
    expect(encoded.encodedBytes).toBe(0);
    // A store that takes the bytes over reads the same text; the bytes moved away cannot be read here.
    const fresh = new LogStore(true);
    for (let i = 0; i < 2048; i++) fresh.append({ s: String(i % 2) }, i, lines[i]!);
    fresh.seal();
    const to = new LogStore();
    to.streamFor({ s: '0' });
    to.streamFor({ s: '1' });
    const parts = fresh.parts();
    to.adopt(structuredClone(parts, { transfer: parts.blocks.map((b) => (b as Uint8Array).buffer) }));
    expect(to.line(1024)).toBe('\ufeffbom first');
    expect(to.line(2047)).toBe(lines[2047]);
    expect(() => fresh.line(5)).toThrow(/log block 0 was handed over/);
  });

  it('hands the store what a tick wrote in time order and keeps back what is not due', () => {
    const store = new LogStore();
    const a = store.streamFor({ s: 'a' });
    const b = store.streamFor({ s: 'b' });
    const sink = new LogSink(0);
    sink.push(a, 30, 'third');
    sink.push(b, 10, 'first');
    sink.push(a, 10.4, 'second, same millisecond, written later');
    sink.push(b, 70, 'next tick');
    sink.push(a, 65, 'due next tick too');
    sink.flush(store, 60);
    expect(Array.from({ length: store.size }, (_, i) => [store.tsMs(i), store.line(i)])).toEqual([
      [10, 'first'],
      [10, 'second, same millisecond, written later'],
      [30, 'third'],
    ]);
    sink.push(a, 61, 'written after the flush');
    sink.flush(store, 120);
    expect(Array.from({ length: store.size - 3 }, (_, i) => [store.tsMs(i + 3), store.line(i + 3)])).toEqual([
      [61, 'written after the flush'],
      [65, 'due next tick too'],
      [70, 'next tick'],
    ]);
    expect(Array.from(store.streamEntries(b.id))).toEqual([0, 5]);
  });

  it('orders a flush the same way whether its entries span minutes or hours, and however many they are', () => {
    // A tick's entries usually lie within seconds; a long quiet stretch or a heavy tick takes the other path.
    for (const [count, spanMs] of [
      [500, 60_000],
      [500, 3 * 3_600_000],
      [9000, 60_000],
    ] as const) {
      const store = new LogStore();
      const a = store.streamFor({ s: 'a' });
      const sink = new LogSink(1_000);
      let x = 11;
      const written: [number, string][] = [];
      for (let i = 0; i < count; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        // Few distinct times, so ties are common and must keep the order they were written in.
        const t = 1_000 + Math.floor(((x % 50) / 50) * spanMs);
        sink.push(a, t, `line ${i}`);
        written.push([t, `line ${i}`]);
      }
      sink.flush(store, Number.POSITIVE_INFINITY);
      const expected = written
        .map((w, i) => [w, i] as const)
        .sort((p, q) => p[0][0] - q[0][0] || p[1] - q[1]);
      expect(Array.from({ length: store.size }, (_, i) => [store.tsMs(i), store.line(i)])).toEqual(
        expected.map(([w]) => w),
      );
    }
  });

  it('keeps times that are not whole milliseconds', () => {
    const store = new LogStore();
    store.append({ s: 'a' }, 1.5, 'a');
    store.append({ s: 'a' }, 1e12, 'b');
    store.seal();
    expect([store.tsMs(0), store.tsMs(1)]).toEqual([1.5, 1e12]);
  });
});

describe('TraceStore', () => {
  it('reads spans back by trace and by service, with parents and shared attributes', () => {
    const store = new TraceStore();
    const attrs = { 'http.route': '/x' };
    const base = {
      kind: 'server' as const,
      startMs: 1,
      durationMs: 2,
      status: 'unset' as const,
      attributes: attrs,
    };
    store.append({
      ...base,
      traceId: 't1',
      spanId: '00000000000000aa',
      parentSpanId: '',
      service: 'web',
      name: 'GET /x',
    });
    store.append({
      ...base,
      traceId: 't2',
      spanId: '00000000000000bb',
      parentSpanId: '',
      service: 'web',
      name: 'GET /x',
    });
    store.append({
      ...base,
      traceId: 't1',
      spanId: 'not-hex',
      parentSpanId: '00000000000000aa',
      service: 'api',
      name: 'GET /y',
      status: 'error',
    });
    expect(store.trace('t1').map((s) => [s.spanId, s.parentSpanId, s.service, s.status])).toEqual([
      ['00000000000000aa', '', 'web', 'unset'],
      ['not-hex', '00000000000000aa', 'api', 'error'],
    ]);
    expect([store.spansOf('web'), store.services(), store.hasError('t1'), store.hasError('t2')]).toEqual([
      [0, 1],
      ['api', 'web'],
      true,
      false,
    ]);
    expect(store.span(1).attributes).toEqual(attrs);
    // The row readers agree with the spans they stand for.
    expect([0, 1, 2].map((row) => [store.isError(row), store.startMsOf(row)])).toEqual(
      [0, 1, 2].map((row) => [store.span(row).status === 'error', store.span(row).startMs]),
    );
  });

  it('gives a span an attribute of its own beside its shape’s, past the first 65,535 of them', () => {
    const store = new TraceStore();
    const shape = store.shape('web', 'GET /s/{site}', 'server', 'unset', { 'http.route': '/s/{site}' });
    const first = store.ownAttribute('url.path', '/s/k3x9a');
    expect(store.ownAttribute('url.path', '/s/k3x9a')).toBe(first);
    // Enough rows and ids to grow the columns and to need more than 16 bits for an id.
    let last = 0;
    for (let i = 0; i < 70_000; i++) {
      last = store.ownAttribute('url.path', `/s/${i}`);
      store.appendShaped(`t${i}`, 0, i, -1, shape, i, 1, i === 69_999 ? last : i % 3 === 0 ? 0 : first);
    }
    expect(last).toBe(70_001);
    expect([0, 1, 69_999].map((row) => store.span(row).attributes)).toEqual([
      { 'http.route': '/s/{site}' },
      { 'http.route': '/s/{site}', 'url.path': '/s/k3x9a' },
      { 'http.route': '/s/{site}', 'url.path': '/s/69999' },
    ]);
    // A span read back is a copy: changing it changes nothing stored.
    (store.span(1).attributes as Record<string, string>)['url.path'] = '/s/other';
    expect(store.span(1).attributes['url.path']).toBe('/s/k3x9a');
  });
});
