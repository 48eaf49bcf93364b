import { describe, expect, test } from 'vitest';
import { logQuery } from '../../../src/engine/query/logql/index.ts';
import { LogStore } from '../../../src/engine/world/logStore.ts';
import { at, fixtureStore } from './fixture.ts';

const store = fixtureStore();
const range = { startMs: at(0), endMs: at(60) };

/** The lines a query returns, newest first, flattened across streams. */
function lines(query: string, opts: Partial<Parameters<typeof logQuery>[2]> = {}): string[] {
  const r = logQuery(store, query, { ...range, ...opts });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  if (r.value.resultType !== 'streams') throw new Error('expected streams');
  return r.value.result
    .flatMap((s) => s.entries)
    .sort((a, b) => b.tsMs - a.tsMs || b.id - a.id)
    .map((e) => e.line);
}

/** The label sets of the streams a query returns. */
function streams(query: string): Record<string, string>[] {
  const r = logQuery(store, query, range);
  if (!r.ok || r.value.resultType !== 'streams') throw new Error('query failed');
  return r.value.result.map((s) => ({ ...s.labels }));
}

const BILLING = [
  'level=error msg="charge failed: timeout" user=45 duration=250ms',
  'level=error msg="charge failed: Timeout" user=44 duration=2s',
  'level=info msg="charge ok" user=42 duration=80ms size=512B',
  'level=info msg="renewal scheduled" user=43 duration=1.5s size=20MB',
  'level=info msg="renewal scheduled" user=42 duration=120ms size=2KB',
];

describe('log queries return the lines Loki would', () => {
  const cases: { query: string; expected: string[] }[] = [
    { query: '{service="billing"}', expected: BILLING },
    { query: '{service="billing", level="error"}', expected: BILLING.slice(0, 2) },
    { query: '{service="billing", level!="error"}', expected: BILLING.slice(2) },
    { query: '{service=~"bill.*", level=~"err.*|warn"}', expected: BILLING.slice(0, 2) },
    { query: '{service="billing", level!~"e.*"}', expected: BILLING.slice(2) },
    // Line filters are case-sensitive; (?i) makes a regex filter case-insensitive.
    { query: '{service="billing"} |= "timeout"', expected: [BILLING[0]!] },
    { query: '{service="billing"} |~ "(?i)timeout"', expected: BILLING.slice(0, 2) },
    { query: '{service="billing"} != "charge"', expected: BILLING.slice(3) },
    { query: '{service="billing"} |= "charge" != "ok" !~ "[A-Z]"', expected: [BILLING[0]!] },
    { query: '{service="billing"} |= "renewal" or "ok"', expected: BILLING.slice(2) },
    { query: '{service="billing"} |~ `user=4[45]`', expected: BILLING.slice(0, 2) },
    { query: '{service="billing"} |> "<_> user=42 <_>"', expected: [BILLING[2]!, BILLING[4]!] },
    // logfmt, then number, duration and bytes filters
    { query: '{service="billing"} | logfmt | user > 43', expected: BILLING.slice(0, 2) },
    { query: '{service="billing"} | logfmt | duration > 250ms', expected: [BILLING[1]!, BILLING[3]!] },
    {
      query: '{service="billing"} | logfmt | duration >= 250ms',
      expected: [BILLING[0]!, BILLING[1]!, BILLING[3]!],
    },
    { query: '{service="billing"} | logfmt | size > 1KB', expected: BILLING.slice(3) },
    { query: '{service="billing"} | logfmt | size > 20MB', expected: [] },
    {
      query: '{service="billing"} | logfmt | user == 42 or duration > 1s',
      expected: [BILLING[1]!, BILLING[2]!, BILLING[3]!, BILLING[4]!],
    },
    { query: '{service="billing"} | logfmt | user == 42, duration < 100ms', expected: [BILLING[2]!] },
    {
      query: '{service="billing"} | logfmt | (user = 44 or user = 45) and msg =~ ".*Timeout"',
      expected: [BILLING[1]!],
    },
    { query: '{service="billing"} | logfmt | msg="charge ok"', expected: [BILLING[2]!] },
    // json, with nested keys flattened with _ and parameters
    // As in Loki, a line that failed to parse keeps going: numeric filters let it through, marked with __error__.
    {
      query: '{service="api"} | json | status >= 500',
      expected: [
        'not json at all: upstream reset',
        '{"status":500,"method":"POST","path":"/pay","latency_ms":1200,"req":{"id":"r3"}}',
        '{"status":503,"method":"POST","path":"/pay","latency_ms":950,"req":{"id":"r2"},"service":"pay"}',
      ],
    },
    {
      query:
        '{service="api"} | json | req_headers_ua="curl" | line_format "{{.method}} {{.path}} {{ .req_id }}"',
      expected: ['GET /cart r1'],
    },
    {
      query: '{service="api"} | json id="req.id", first="tags[0]" | first="a" | line_format "{{.id}}"',
      expected: ['r1'],
    },
    {
      query: '{service="api"} | json | __error__="" | latency_ms > 900 | line_format "{{.status}}"',
      expected: ['500', '503'],
    },
    {
      query: '{service="api"} | json | __error__="JSONParserErr"',
      expected: ['not json at all: upstream reset'],
    },
    // regexp and pattern on access logs
    {
      query:
        '{service="web"} | regexp `"(?P<method>\\w+) (?P<uri>\\S+)` | method="POST" | line_format "{{.uri}}"',
      expected: ['/pay'],
    },
    {
      query:
        '{service="web"} | pattern `<ip> - - <_> "<method> <uri> <_>" <status> <size>` | status >= 500 | line_format "{{.ip}} {{.status}}"',
      expected: ['10.0.0.2 502'],
    },
    {
      query: '{service="web"} | pattern `<ip> - <_>` | label_format who=ip | line_format "{{.who}}|{{.ip}}"',
      expected: ['10.0.0.1|', '10.0.0.2|', '10.0.0.1|'],
    },
    {
      query:
        '{service="web"} | pattern `<ip> - <_>` | label_format ip="[{{.ip}}]" | line_format `{{.ip | ToUpper}} {{__line__ | trim}}`',
      expected: [
        '[10.0.0.1] 10.0.0.1 - - [25/Oct/2026:01:00:22 +0000] "GET /health HTTP/1.1" 200 2',
        '[10.0.0.2] 10.0.0.2 - - [25/Oct/2026:01:00:12 +0000] "POST /pay HTTP/1.1" 502 128',
        '[10.0.0.1] 10.0.0.1 - - [25/Oct/2026:01:00:02 +0000] "GET /cart HTTP/1.1" 200 512',
      ],
    },
    // multi-line entries: filters see the whole entry
    {
      query: '{service="worker"} |= "at renew"',
      expected: ['TypeError: Cannot read properties of undefined\n    at renew (schedule.ts:44:12)'],
    },
    {
      query: '{service="worker"} |~ "^Error: .*\\n.*net\\\\.js"',
      expected: ['Error: ECONNRESET\n    at Socket.onEnd (net.js:10:5)\n    at emit (events.js:1:1)'],
    },
  ];
  test.each(cases)('$query', ({ query, expected }) => {
    expect(lines(query)).toEqual(expected);
  });
});

describe('limits, direction and time range', () => {
  test('limit keeps the newest lines across streams, newest first', () => {
    expect(lines('{service=~"billing|web"}', { limit: 3 })).toEqual([
      BILLING[0]!,
      BILLING[1]!,
      '10.0.0.1 - - [25/Oct/2026:01:00:22 +0000] "GET /health HTTP/1.1" 200 2',
    ]);
  });
  test('forward direction keeps the oldest lines, oldest first within a stream', () => {
    const r = logQuery(store, '{service="billing"}', { ...range, limit: 2, direction: 'forward' });
    expect(
      r.ok && r.value.resultType === 'streams' && r.value.result.map((s) => s.entries.map((e) => e.line)),
    ).toEqual([[BILLING[4]!, BILLING[3]!]]);
  });
  test('start is inclusive and end exclusive', () => {
    expect(lines('{service="billing"}', { startMs: at(10), endMs: at(30) })).toEqual([
      BILLING[2]!,
      BILLING[3]!,
    ]);
  });
  test('the default limit is 100', () => {
    expect(lines('{service=~".+"}')).toHaveLength(15);
  });
  test('lines carry their store entry ids', () => {
    const r = logQuery(store, '{service="billing"} |= "timeout"', range);
    const entry = r.ok && r.value.resultType === 'streams' ? r.value.result[0]!.entries[0]! : undefined;
    expect(entry && store.line(entry.id)).toBe(BILLING[0]);
  });
});

describe('labels after the pipeline', () => {
  test('extracted labels that collide with stream labels get _extracted', () => {
    expect(streams('{service="api"} | json | path="/pay" | status=503')).toEqual([
      {
        service: 'api',
        format: 'json',
        status: '503',
        method: 'POST',
        path: '/pay',
        latency_ms: '950',
        req_id: 'r2',
        service_extracted: 'pay',
      },
    ]);
  });
  test('drop and keep', () => {
    expect(streams('{service="billing"} |= "renewal" | logfmt | keep service, user')).toEqual([
      { service: 'billing', user: '42' },
      { service: 'billing', user: '43' },
    ]);
    expect(
      streams(
        '{service="billing", level="error"} | logfmt | drop level, level_extracted, msg, duration, user="44"',
      ),
    ).toEqual([{ service: 'billing', user: '45' }, { service: 'billing' }]);
  });
  test('a failed conversion marks the line instead of dropping it', () => {
    expect(
      streams(
        '{service="billing", level="error"} | logfmt | user >= 44 | msg > 3 | keep user | drop __error_details__',
      ),
    ).toEqual([
      { __error__: 'LabelFilterErr', user: '44' },
      { __error__: 'LabelFilterErr', user: '45' },
    ]);
  });
  test('decolorize removes ANSI colours', () => {
    const s = new LogStore();
    s.append({ app: 'x' }, 1, '\u001b[31mred\u001b[0m text');
    s.seal();
    const r = logQuery(s, '{app="x"} | decolorize', { startMs: 0, endMs: 10 });
    expect(r.ok && r.value.resultType === 'streams' && r.value.result[0]!.entries[0]!.line).toBe('red text');
  });
});
