import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PROMTOOL = '/usr/bin/promtool';
const PROMETHEUS = '/usr/bin/prometheus';

/** A real Prometheus serving a backfilled TSDB, for comparing answers. */
export interface PrometheusServer {
  readonly url: string;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Backfills OpenMetrics text with `promtool tsdb create-blocks-from openmetrics` and starts Prometheus
 * on it. Fails loudly (never skips) when Prometheus is not installed.
 */
export async function startPrometheus(openMetricsText: string): Promise<PrometheusServer> {
  if (!existsSync(PROMTOOL) || !existsSync(PROMETHEUS)) {
    throw new Error(
      `${PROMTOOL} or ${PROMETHEUS} is missing: run \`apt-get install -y prometheus\` (Debian's package)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'twoam-parity-'));
  const input = join(dir, 'fixture.om');
  const data = join(dir, 'data');
  writeFileSync(input, openMetricsText);
  execFileSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', input, data], { stdio: 'pipe' });
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 15s\n');
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--storage.tsdb.path=${data}`,
      `--config.file=${config}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=100y',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return { url, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`Prometheus did not become ready:\n${log.slice(-2000)}`);
}
