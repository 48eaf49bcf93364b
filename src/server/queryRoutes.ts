import type { Handler } from './httpServer.ts';
import { sendJson, sendText } from './httpServer.ts';
import { lokiApi } from './lokiApi.ts';
import type { ApiAnswer } from './params.ts';
import { readParams, runApi } from './params.ts';
import { prometheusApi } from './prometheusApi.ts';
import type { BudgetPerRequest } from './queryDeadline.ts';
import { queryDeadline } from './queryDeadline.ts';
import type { QuerySource } from './querySource.ts';

/** Where a request's world is: its query source and the API path below the data source's base URL. */
export interface Located {
  readonly source: QuerySource;
  readonly path: string;
}

/**
 * Serves the Prometheus and Loki HTTP APIs for the world `locate` finds for a path, so a team can add
 * the base URL as a Prometheus and a Loki data source in its own Grafana. `locate` returns undefined
 * for paths that are not an API of a known world; those go to the next handler. Each request runs under
 * a budget of its own (a few seconds by default): a query that outruns it answers 503 `timeout`, so no
 * query keeps the server from its other clients for longer.
 */
export function queryApiHandler(
  locate: (pathname: string) => Located | undefined,
  budgetPerRequest: BudgetPerRequest = queryDeadline(),
): Handler {
  return async (req, res, url) => {
    const found = locate(url.pathname);
    if (!found) return false;
    const api = found.path.startsWith('/loki/') ? lokiApi : prometheusApi;
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      sendText(res, 405, 'method not allowed');
      return true;
    }
    const answer = await runApiAsync(async () => {
      const params = await readParams(req, url);
      return api(found.source, found.path, params, budgetPerRequest()) ?? { status: 404, body: undefined };
    });
    if (answer.body === undefined) {
      sendText(res, 404, `404 page not found: ${url.pathname}`);
      return true;
    }
    sendJson(res, answer.status, answer.body);
    return true;
  };
}

/** {@link runApi} for an endpoint that first reads the request body. */
async function runApiAsync(body: () => Promise<ApiAnswer>): Promise<ApiAnswer> {
  let answer: ApiAnswer | undefined;
  let failure: unknown;
  try {
    answer = await body();
  } catch (err) {
    failure = err;
  }
  return (
    answer ??
    runApi(() => {
      throw failure;
    })
  );
}

/** The locator of a server that serves one world at its root. */
export function rootLocator(source: QuerySource): (pathname: string) => Located | undefined {
  return (pathname) =>
    pathname.startsWith('/api/v1/') || pathname.startsWith('/loki/api/v1/')
      ? { source, path: pathname }
      : undefined;
}
