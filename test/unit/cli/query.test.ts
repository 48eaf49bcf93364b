import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function twoam(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/twoam.mjs', 'query', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'twoam-query-'));
const metrics = join(dir, 'metrics.om');
writeFileSync(
  metrics,
  [
    '# TYPE http_requests counter',
    'http_requests_total{service="api",code="200"} 100 1700000000',
    'http_requests_total{service="api",code="200"} 160 1700000060',
    'http_requests_total{service="api",code="500"} 1 1700000000',
    'http_requests_total{service="api",code="500"} 31 1700000060',
    '# EOF',
    '',
  ].join('\n'),
);
const logs = join(dir, 'api.log');
writeFileSync(
  logs,
  [
    'ts=2026-10-25T01:00:00Z level=info msg="request completed" status=200',
    'ts=2026-10-25T01:00:01Z level=error msg="payment failed" status=502',
    'java.lang.IllegalStateException: pool exhausted',
    '    at com.shop.Pool.take(Pool.java:42)',
    'ts=2026-10-25T01:00:02Z level=info msg="request completed" status=200',
    '',
  ].join('\n'),
);

describe('twoam query', () => {
  it('runs PromQL over an OpenMetrics file, as promtool prints it', () => {
    const r = twoam(
      '--metrics',
      metrics,
      '--promql',
      'sum by (code) (http_requests_total - http_requests_total offset 1m)',
      '--time',
      '1700000060',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{code="200"} => 60 @[1700000060]\n{code="500"} => 30 @[1700000060]\n');
  });

  it('answers PromQL in the Prometheus HTTP API shape with --json', () => {
    const r = twoam(
      '--json',
      '--metrics',
      metrics,
      '--promql',
      'http_requests_total{code="500"}',
      '--time',
      '1700000060',
    );
    expect(JSON.parse(r.stdout)).toEqual({
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          {
            metric: { __name__: 'http_requests_total', code: '500', service: 'api' },
            value: [1700000060, '31'],
          },
        ],
      },
    });
  });

  it('runs LogQL over a plain log file with the labels given', () => {
    const r = twoam(
      '--logs',
      logs,
      '--labels',
      'service=api',
      '--logql',
      '{service="api"} |= "pool exhausted"',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '2026-10-25T01:00:01.000Z {service="api"} java.lang.IllegalStateException: pool exhausted\n',
    );
  });

  it('parses logfmt lines in the pipeline', () => {
    const r = twoam(
      '--logs',
      logs,
      '--labels',
      'service=api',
      '--logql',
      '{service="api"} | logfmt | status >= 500',
    );
    expect(r.stdout).toContain('msg="payment failed"');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('reports a malformed query with its position and exit 1', () => {
    const r = twoam('--metrics', metrics, '--promql', 'sum(rate(http_requests_total[1m])');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^1:\d+: /);
  });

  it('answers errors in the Prometheus error shape with --json', () => {
    const r = twoam('--json', '--metrics', metrics, '--promql', 'foo{');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'error', errorType: 'bad_data' });
  });

  it('queries a scenario world', () => {
    const r = twoam('scenarios/tutorial.yaml', '--logql', '{service="cart"} |= "TypeError"', '--limit', '3');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines)
      expect(line).toMatch(
        /^2026-10-25T\S+ \{env="prod", instance="cart-[^"]+", service="cart"\} \{.*TypeError/,
      );
  });

  it.each([
    [['--metrics', metrics]],
    [['--metrics', metrics, '--promql', 'up', '--logql', '{a="b"}']],
    [['--metrics', metrics, '--promql', 'up', '--step', 'soon']],
    [['--logs', logs, '--promql', 'up']],
    [['--logs', logs, '--logql', '{filename="stdin"}', '--limit', '1000000000']],
  ])('exits 2 on usage errors: %j', (args) => {
    expect(twoam(...args).code).toBe(2);
  });

  it.each([
    ['-http_requests_total{code="500"}', '{code="500", service="api"} => -31 @[1700000060]\n'],
    ['- - - 1', 'scalar: -1 @[1700000060]\n'],
    ['-2^---1*3', 'scalar: -1.5 @[1700000060]\n'],
    ['-inf', 'scalar: -Inf @[1700000060]\n'],
  ])('takes an expression starting with a minus as the value of --promql: %s', (query, expected) => {
    const r = twoam('--metrics', metrics, '--promql', query, '--time', '1700000060');
    expect([r.code, r.stdout, r.stderr]).toEqual([0, expected, '']);
  });

  it('exits 1 when the file is missing', () => {
    const r = twoam('--metrics', join(dir, 'nope.om'), '--promql', 'up');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.om: cannot read: no such file');
  });
});

describe('twoam query over traces and code', () => {
  it('searches traces with tag words and prints pinnable references', () => {
    const r = twoam('scenarios/tutorial.yaml', '--traces', 'service=cart status=error', '--limit', '2');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(
      lines
        .slice(0, 2)
        .every((l) =>
          /^trace:[0-9a-f]{32} {2}trace [0-9a-f]{32} from web POST \/checkout, with errors$/.test(l),
        ),
    ).toBe(true);
    expect(lines[2]).toMatch(/^\(\d+ matched, 2 shown\)$/);
  });

  it('greps the code history as grep prints it', () => {
    const r = twoam('scenarios/tutorial.yaml', '--grep', 'coupon.discount.percent');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'code:a41f9c2:src/pricing/coupon.ts#L42-L42  src/pricing/coupon.ts:42: const pct = coupon.discount.percent;\n',
    );
  });

  it('refuses trace and code queries over files', () => {
    expect(twoam('--metrics', metrics, '--traces', 'service=api').code).toBe(2);
  });
});

describe('a LogQL line filter and grep -F agree', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'twoam-grep-')), 'world');
  spawnSync(process.execPath, ['bin/twoam.mjs', 'export', 'scenarios/tutorial.yaml', '--out', out], {
    encoding: 'utf8',
  });

  it.each([
    ['cart', 'TypeError'],
    ['web', '"POST /checkout HTTP/1.1" 502'],
    ['cart-db', 'checkpoint complete'],
  ])('for {service="%s"} |= %j', (service, needle) => {
    // grep -F over the exported logs.log, kept to the stream's lines by their label prefix.
    const grep = spawnSync('grep', ['-F', '--', needle, join(out, 'logs.log')], { encoding: 'utf8' });
    const expected = grep.stdout
      .split('\n')
      .filter((l) => l.startsWith('{') && l.slice(0, l.indexOf('} ') + 1).includes(`service="${service}"`))
      .map((l) => l.slice(l.indexOf('} ') + 2))
      .sort();
    const r = twoam(
      'scenarios/tutorial.yaml',
      '--json',
      '--limit',
      '5000',
      '--logql',
      `{service="${service}"} |= ${JSON.stringify(needle)}`,
    );
    const body = JSON.parse(r.stdout) as { data: { result: { values: [string, string][] }[] } };
    const found = body.data.result
      .flatMap((s) => s.values.map(([, line]) => line.replace(/\n/g, '\\n')))
      .sort();
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(expected);
  });

  it('shows nothing of an unobserved gateway, and says when the metrics that cross it have no data', () => {
    const fixture = 'test/fixtures/managed-gateway.yaml';
    const gateway = twoam(fixture, '--promql', 'up{service="gateway"}', '--time', '2026-03-01T02:05:00Z');
    expect(gateway).toEqual({ code: 0, stdout: '', stderr: '' });
    const r = twoam(
      fixture,
      '--promql',
      'count(up)',
      '--start',
      '2026-03-01T02:05:00Z',
      '--end',
      '2026-03-01T02:30:00Z',
      '--step',
      '5m',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{} =>\n5 @[1772330700]\n5 @[1772331000]\n5 @[1772332200]\n');
    expect(r.stderr).toBe('warning: no data from 02:10 to 02:25 UTC: no scrape was stored then\n');
  });
});
