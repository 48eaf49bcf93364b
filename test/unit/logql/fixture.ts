import { LogStore } from '../../../src/engine/world/logStore.ts';

/** 2026-10-25T01:00:00Z, the fixture's first second. */
export const T0 = Date.parse('2026-10-25T01:00:00Z');
/** Seconds after {@link T0}, in milliseconds since the epoch. */
export const at = (s: number): number => T0 + s * 1000;

/** Lines of the fixture as `[seconds after T0, labels, line]`, in the order they are appended (not time order). */
export const FIXTURE_LINES: readonly [number, Record<string, string>, string][] = [
  // billing: logfmt
  [
    0,
    { service: 'billing', level: 'info' },
    'level=info msg="renewal scheduled" user=42 duration=120ms size=2KB',
  ],
  [
    10,
    { service: 'billing', level: 'info' },
    'level=info msg="renewal scheduled" user=43 duration=1.5s size=20MB',
  ],
  [20, { service: 'billing', level: 'info' }, 'level=info msg="charge ok" user=42 duration=80ms size=512B'],
  [
    30,
    { service: 'billing', level: 'error' },
    'level=error msg="charge failed: Timeout" user=44 duration=2s',
  ],
  [
    40,
    { service: 'billing', level: 'error' },
    'level=error msg="charge failed: timeout" user=45 duration=250ms',
  ],
  // api: JSON
  [
    5,
    { service: 'api', format: 'json' },
    '{"status":200,"method":"GET","path":"/cart","latency_ms":12.5,"req":{"id":"r1","headers":{"ua":"curl"}},"tags":["a","b"]}',
  ],
  [
    15,
    { service: 'api', format: 'json' },
    '{"status":503,"method":"POST","path":"/pay","latency_ms":950,"req":{"id":"r2"},"service":"pay"}',
  ],
  [
    25,
    { service: 'api', format: 'json' },
    '{"status":500,"method":"POST","path":"/pay","latency_ms":1200,"req":{"id":"r3"}}',
  ],
  [35, { service: 'api', format: 'json' }, 'not json at all: upstream reset'],
  // web: access log
  [
    2,
    { service: 'web', format: 'access' },
    '10.0.0.1 - - [25/Oct/2026:01:00:02 +0000] "GET /cart HTTP/1.1" 200 512',
  ],
  [
    12,
    { service: 'web', format: 'access' },
    '10.0.0.2 - - [25/Oct/2026:01:00:12 +0000] "POST /pay HTTP/1.1" 502 128',
  ],
  [
    22,
    { service: 'web', format: 'access' },
    '10.0.0.1 - - [25/Oct/2026:01:00:22 +0000] "GET /health HTTP/1.1" 200 2',
  ],
  // worker: stack traces, one entry per trace as Loki stores multi-line entries
  [
    8,
    { service: 'worker' },
    'Error: ECONNRESET\n    at Socket.onEnd (net.js:10:5)\n    at emit (events.js:1:1)',
  ],
  [18, { service: 'worker' }, 'job done id=7'],
  [
    28,
    { service: 'worker' },
    'TypeError: Cannot read properties of undefined\n    at renew (schedule.ts:44:12)',
  ],
];

/** A sealed store holding {@link FIXTURE_LINES}. */
export function fixtureStore(): LogStore {
  const store = new LogStore();
  for (const [s, labels, line] of FIXTURE_LINES) store.append(labels, at(s), line);
  store.seal();
  return store;
}
