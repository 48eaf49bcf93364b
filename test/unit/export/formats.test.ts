import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../../src/engine/export/gitFastImport.ts';
import { oneLine, writeLogJsonl, writeLogText } from '../../../src/engine/export/logsExport.ts';
import { unixNano, writeOtlpJson } from '../../../src/engine/export/otlpJson.ts';
import { LogStore } from '../../../src/engine/world/logStore.ts';
import { TraceStore } from '../../../src/engine/world/traceStore.ts';

const T0 = Date.UTC(2026, 9, 25, 1, 40);

describe('log exports', () => {
  const store = new LogStore();
  store.append(
    { service: 'cart', instance: 'cart-0', env: 'prod' },
    T0 + 5,
    'TypeError: x\n    at applyCoupon',
  );
  store.append({ service: 'web', instance: 'web-0', env: 'prod' }, T0, 'GET / 200 "a\\b"');
  store.seal();

  it('writes one line per entry, in time order, prefixed by the stream labels', () => {
    expect(writeLogText(store)).toBe(
      '{env="prod",instance="web-0",service="web"} GET / 200 "a\\b"\n' +
        '{env="prod",instance="cart-0",service="cart"} TypeError: x\\n    at applyCoupon\n',
    );
  });

  it('writes JSON lines with RFC 3339 times in milliseconds and entry ids', () => {
    expect(
      writeLogJsonl(store)
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        ts: '2026-10-25T01:40:00.000Z',
        labels: { env: 'prod', instance: 'web-0', service: 'web' },
        line: 'GET / 200 "a\\b"',
        id: 0,
      },
      {
        ts: '2026-10-25T01:40:00.005Z',
        labels: { env: 'prod', instance: 'cart-0', service: 'cart' },
        line: 'TypeError: x\n    at applyCoupon',
        id: 1,
      },
    ]);
  });

  it.each([
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\r\\nb'],
    ['no break', 'no break'],
  ])('oneLine(%j)', (line, out) => {
    expect(oneLine(line)).toBe(out);
  });
});

describe('OTLP JSON', () => {
  const traces = new TraceStore();
  const base = { traceId: '4ed3cef48fdf3ebfb0a732abec1c3bd2', startMs: T0 };
  traces.append({
    ...base,
    spanId: '00f067aa0ba902b7',
    parentSpanId: '',
    service: 'web',
    name: 'POST /checkout',
    kind: 'server',
    durationMs: 12.5,
    status: 'error',
    attributes: { 'http.route': '/checkout', 'http.response.status_code': 502 },
  });
  traces.append({
    ...base,
    spanId: '53995c3f42cd8ad8',
    parentSpanId: '00f067aa0ba902b7',
    service: 'cart',
    name: 'POST /api/cart/price',
    kind: 'server',
    durationMs: 3,
    status: 'unset',
    attributes: {},
  });

  it('groups spans by service, with hex ids, nanosecond strings, typed attributes and status codes', () => {
    expect(JSON.parse(writeOtlpJson(traces))).toEqual({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] },
          scopeSpans: [
            {
              scope: { name: '2am.sim' },
              spans: [
                {
                  traceId: base.traceId,
                  spanId: '53995c3f42cd8ad8',
                  parentSpanId: '00f067aa0ba902b7',
                  name: 'POST /api/cart/price',
                  kind: 2,
                  startTimeUnixNano: '1792892400000000000',
                  endTimeUnixNano: '1792892400003000000',
                  attributes: [],
                  status: {},
                },
              ],
            },
          ],
        },
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'web' } }] },
          scopeSpans: [
            {
              scope: { name: '2am.sim' },
              spans: [
                {
                  traceId: base.traceId,
                  spanId: '00f067aa0ba902b7',
                  name: 'POST /checkout',
                  kind: 2,
                  startTimeUnixNano: '1792892400000000000',
                  endTimeUnixNano: '1792892400012500000',
                  attributes: [
                    { key: 'http.response.status_code', value: { intValue: '502' } },
                    { key: 'http.route', value: { stringValue: '/checkout' } },
                  ],
                  status: { code: 2 },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it.each([
    [0, '0'],
    [1.5, '1500000'],
    [T0, '1792892400000000000'],
  ])('unixNano(%d)', (ms, ns) => {
    expect(unixNano(ms)).toBe(ns);
  });
});

describe('utf8Length', () => {
  it.each([
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['👍', 4],
  ])('%s', (text, n) => {
    expect(utf8Length(text)).toBe(n);
  });
});
