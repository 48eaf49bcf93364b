import { describe, expect, it } from 'vitest';
import { detectLevel, logVolume, volumeStep } from '../../../src/engine/views/logVolume.ts';
import { LogStore } from '../../../src/engine/world/logStore.ts';

describe('detectLevel', () => {
  it.each([
    ['ts=2026 level=error msg="x"', 'error'],
    ['{"ts":"2026","level":"warn","msg":"x"}', 'warn'],
    ['2026/10/25 01:00:00 [error] 1#1: upstream timed out', 'error'],
    ['10.0.0.1 - - [25/Oct/2026:01:00:00 +0000] "POST /checkout HTTP/1.1" 502 174 "-" "curl"', 'error'],
    ['10.0.0.1 - - [25/Oct/2026:01:00:00 +0000] "GET / HTTP/1.1" 404 0 "-" "curl"', 'warn'],
    ['10.0.0.1 - - [25/Oct/2026:01:00:00 +0000] "GET / HTTP/1.1" 200 512 "-" "curl"', 'info'],
    ['level=DEBUG msg=x', 'debug'],
    ['just words', 'unknown'],
  ])('%s → %s', (line, want) => expect(detectLevel(line)).toBe(want));
});

describe('volumeStep', () => {
  it.each([
    [0, 5_400_000, 120, 60_000],
    [0, 60_000, 120, 1000],
    [0, 86_400_000, 120, 900_000],
  ])('%i..%i in %i bars → %i', (start, end, bars, want) => expect(volumeStep(start, end, bars)).toBe(want));
});

describe('logVolume', () => {
  const store = new LogStore();
  const t0 = Date.UTC(2026, 9, 25, 1);
  store.append({ service: 'cart' }, t0 + 1000, 'level=info msg=a');
  store.append({ service: 'cart' }, t0 + 61_000, 'level=error msg=b');
  store.append({ service: 'cart' }, t0 + 62_000, 'level=error msg=c');
  store.append({ service: 'web' }, t0 + 119_000, 'level=warn msg=d');
  store.seal();

  it('counts every match per minute and level', () => {
    expect(logVolume(store, '{service=~".+"}', t0, t0 + 180_000, 3)).toEqual({
      startMs: t0,
      stepMs: 60_000,
      counts: { error: [0, 2, 0], warn: [0, 1, 0], info: [1, 0, 0], debug: [0, 0, 0], unknown: [0, 0, 0] },
      total: 4,
    });
  });

  it('applies line filters', () => {
    const v = logVolume(store, '{service="cart"} |= "msg=b"', t0, t0 + 180_000, 3);
    expect('total' in v && v.total).toBe(1);
  });

  it('answers diagnostics for a bad query', () => {
    const v = logVolume(store, '{service=', t0, t0 + 180_000, 3);
    expect('errors' in v && v.errors.length > 0).toBe(true);
  });
});
