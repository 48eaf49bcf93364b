/**
 * The Content-Security-Policy of every page 2AM serves: scripts, workers and connections from the
 * page's own origin only, no inline script and no eval. Styles may be inline: CodeMirror and the panels
 * set them from code, never from scenario text. `wsHost`, the `host:port` the page was asked for, adds
 * that host's WebSocket URLs, which a game day's boards sync over ('self' alone does not cover ws: in
 * every browser).
 */
export function contentSecurityPolicy(wsHost?: string): string {
  const connect = wsHost === undefined ? "'self'" : `'self' ws://${wsHost} wss://${wsHost}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A Host header that is a plain host name or address and port, safe to write into the policy. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The policy for a request that arrived with `host` as its Host header (the ws: URLs left out if it is odd). */
export function policyForHost(host: string | undefined): string {
  return contentSecurityPolicy(host !== undefined && HOST.test(host) ? host : undefined);
}

/**
 * Headers that make a page cross-origin isolated, which it must be to share memory with its worker: the
 * log explorer cancels a running query through memory it shares with the world's worker. Everything the
 * game loads is its own origin's (the policy above allows nothing else), so isolation costs it nothing.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
