import type { WorldHost } from '../../worker/worldHost.ts';

/** The host's methods as another thread answers them: every answer arrives later, as a promise. */
type Answered<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/**
 * The world host as the page sees it: it runs in a worker, so every method answers with a promise. The
 * worker's Comlink proxy is one; a host running in this thread (Node tests) is wrapped by `inThread`.
 */
export type WorldHostLike = Answered<
  Pick<
    WorldHost,
    | 'catalog'
    | 'open'
    | 'openText'
    | 'variantsByAnswer'
    | 'runTool'
    | 'runToolRecorded'
    | 'exploreLogs'
    | 'logRows'
    | 'logLabels'
    | 'metricIndex'
    | 'browseCode'
    | 'mapAt'
    | 'replay'
    | 'mitigate'
    | 'judgeResponse'
    | 'alertFirings'
    | 'addChanges'
    | 'reveal'
    | 'hintText'
    | 'channelAt'
    | 'pressureAt'
  >
>;

/**
 * A host running in this thread, answering as a worker would: each call's answer (or error) comes back as
 * a promise, on a later turn, so the page's code meets the same timing in tests as in the browser.
 */
export function inThread(host: WorldHost): WorldHostLike {
  return new Proxy(host, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  }) as unknown as WorldHostLike;
}
