import type { Remote } from 'comlink';
import { wrap } from 'comlink';
import { cancelBuffer } from './queryCancel.ts';
import { registerSampleTransfer } from './sampleTransfer.ts';
import type { WorldHost } from './worldHost.ts';

/** The world worker as the page holds it: the host's proxy, and the counters a query is cancelled through. */
export interface WorldWorker {
  readonly host: Remote<WorldHost>;
  /** Shared with the worker when the page is cross-origin isolated (see `queryCancel.ts`). */
  readonly cancelBuffer: SharedArrayBuffer | undefined;
}

/** Starts the world worker and returns a proxy whose methods return promises. */
export function startWorldWorker(): WorldWorker {
  registerSampleTransfer();
  const worker = new Worker(new URL('./world.worker.ts', import.meta.url), { type: 'module', name: 'world' });
  const host = wrap<WorldHost>(worker);
  // Memory is shared with a worker only on a cross-origin isolated page; elsewhere a query ends at its budget.
  const buffer = globalThis.crossOriginIsolated ? cancelBuffer() : undefined;
  if (buffer) void host.hearCancels(buffer);
  return { host, cancelBuffer: buffer };
}
