import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { ISOLATION_HEADERS, policyForHost } from './contentSecurityPolicy.ts';

/**
 * One part of the server: answers a request and returns true, or returns false to let the next part
 * try. The URL is parsed once, against the request's own host.
 */
export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

/** A server listening on a host and port, with the base URL people and tools use. */
export interface RunningServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** `http://host:port`, without a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

/** Writes a JSON body with the given status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** Writes a short plain-text answer. */
export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${text}\n`);
}

/**
 * An HTTP server that offers each request to the handlers in order; an unclaimed request gets 404,
 * and a handler's failure a 500 with the reason logged, so one bad request never stops the server.
 * Every answer carries the game's Content-Security-Policy and the headers that isolate its pages.
 */
export function createHttpServer(handlers: readonly Handler[], log: (line: string) => void): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('content-security-policy', policyForHost(req.headers.host));
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
    void (async () => {
      for (const handle of handlers) if (await handle(req, res, url)) return;
      sendText(res, 404, `404 page not found: ${url.pathname}`);
    })().catch((err: unknown) => {
      log(
        `${req.method} ${url.pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
      if (!res.headersSent) sendText(res, 500, 'internal server error');
      else res.destroy();
    });
  });
}

/** Starts listening; port 0 picks a free port. Rejects when the address is taken. */
export function listen(server: Server, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        host,
        port: actual,
        url: `http://${shown}:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
