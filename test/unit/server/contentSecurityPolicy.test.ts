import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, policyForHost } from '../../../src/server/contentSecurityPolicy.ts';
import { fixtureSource, startQueryServer } from './fixture.ts';

/** A policy as a map of directive to its sources. */
function directives(policy: string): Record<string, string> {
  return Object.fromEntries(
    policy.split('; ').map((d) => {
      const [name, ...sources] = d.split(' ');
      return [name!, sources.join(' ')];
    }),
  );
}

describe('the Content-Security-Policy', () => {
  it('allows scripts, workers and connections from the page itself only, with no inline script or eval', () => {
    expect(directives(contentSecurityPolicy())).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'font-src': "'self' data:",
      'connect-src': "'self'",
      'worker-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
    });
  });

  it.each([
    { host: '127.0.0.1:8080', connect: "'self' ws://127.0.0.1:8080 wss://127.0.0.1:8080" },
    { host: 'gameday.example.com', connect: "'self' ws://gameday.example.com wss://gameday.example.com" },
    { host: '[::1]:8080', connect: "'self' ws://[::1]:8080 wss://[::1]:8080" },
    // A Host header cannot write directives of its own into the policy.
    { host: "evil; script-src 'unsafe-inline'", connect: "'self'" },
    { host: undefined, connect: "'self'" },
  ])('lets a page served as $host open WebSockets to its own host only', ({ host, connect }) => {
    expect(directives(policyForHost(host))['connect-src']).toBe(connect);
  });

  it('is sent with every answer of the query server', async () => {
    const server = await startQueryServer(fixtureSource(false));
    try {
      for (const path of ['/loki/api/v1/labels', '/no-such-page']) {
        const res = await fetch(`${server.url}${path}`);
        expect(res.headers.get('content-security-policy')).toBe(policyForHost(new URL(server.url).host));
      }
    } finally {
      await server.close();
    }
  });

  it('fits the game page: index.html loads its script from a file, never inline', () => {
    const html = readFileSync('index.html', 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => [/\bsrc=/.test(m[1]!), m[2]!.trim()])).toEqual([[true, '']]);
  });
});
