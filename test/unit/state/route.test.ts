import { describe, expect, it } from 'vitest';
import type { AddressBar, Route } from '../../../src/state/play/route.ts';
import { bindAddress, formatRoute, parseRoute } from '../../../src/state/play/route.ts';
import { inThread, startSession } from '../../../src/state/session.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText, worldReady } from '../helpers.ts';

const sources = [{ file: 'scenarios/tutorial.yaml', text: scenarioText('tutorial.yaml') }];

/** An address bar with a history of entries, as a browser keeps it. */
class FakeBar implements AddressBar {
  entries = ['#/library'];
  at = 0;
  private listeners: (() => void)[] = [];
  constructor(hash = '') {
    this.entries = [hash];
  }
  get location() {
    return { hash: this.entries[this.at]! };
  }
  history = {
    pushState: (_: unknown, __: string, url: string) => {
      this.entries = [...this.entries.slice(0, this.at + 1), url];
      this.at++;
    },
    replaceState: (_: unknown, __: string, url: string) => {
      this.entries[this.at] = url;
    },
  };
  addEventListener(_: 'popstate', l: () => void) {
    this.listeners.push(l);
  }
  removeEventListener(_: 'popstate', l: () => void) {
    this.listeners = this.listeners.filter((x) => x !== l);
  }
  go(delta: number) {
    this.at += delta;
    for (const l of this.listeners) l();
  }
}

describe('routes', () => {
  const routes: [string, Route][] = [
    ['#/library', { screen: 'library' }],
    ['#/brief/tutorial', { screen: 'brief', scenarioId: 'tutorial' }],
    ['#/play/tutorial/metrics', { screen: 'play', scenarioId: 'tutorial', tool: 'metrics' }],
    ['#/play/my%20copy/respond', { screen: 'play', scenarioId: 'my copy', tool: 'respond' }],
    ['#/debrief/tutorial', { screen: 'debrief', scenarioId: 'tutorial' }],
  ];
  it.each(routes)('%s names its screen and reads back the same', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    expect(formatRoute(route)).toBe(hash);
  });

  it.each([
    ['', { screen: 'library' }],
    ['#/nowhere/x', { screen: 'library' }],
    ['#/play/', { screen: 'library' }],
    ['#/play/tutorial/nonsense', { screen: 'play', scenarioId: 'tutorial', tool: 'logs' }],
    ['#/brief/%E0%A4%A', { screen: 'library' }],
  ])('reads %j as %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });
});

describe('the address bar', () => {
  it('follows the screens and tools, and back and forward move between them', async () => {
    const session = startSession({
      host: inThread(new WorldHost(sources)),
      storage: new MemoryStorage(),
      now: () => 0,
    });
    const bar = new FakeBar();
    bindAddress(session, bar);
    await session.ready;
    expect(bar.location.hash).toBe('#/library');
    session.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(session);
    expect(bar.location.hash).toBe('#/brief/tutorial');
    session.send({ type: 'begin' });
    session.store.getState().showTool('metrics');
    expect(bar.entries).toEqual([
      '#/library',
      '#/brief/tutorial',
      '#/play/tutorial/logs',
      '#/play/tutorial/metrics',
    ]);

    bar.go(-1);
    expect(session.store.getState().tab).toBe('logs');
    bar.go(1);
    expect(session.store.getState().tab).toBe('metrics');

    // Back past the investigation asks before abandoning it, and the address stays on the play.
    bar.go(-2);
    expect(session.store.getState().phase).toBe('investigating');
    expect(session.store.getState().confirmingAbandon).toBe(true);
    expect(bar.location.hash).toBe('#/play/tutorial/metrics');
  });

  it('opens the place a link names once the game is ready', async () => {
    const session = startSession({
      host: inThread(new WorldHost(sources)),
      storage: new MemoryStorage(),
      now: () => 0,
    });
    const bar = new FakeBar('#/play/tutorial/traces');
    bindAddress(session, bar);
    await session.ready;
    // Without a play under way, a link to one opens its briefing.
    expect(session.store.getState().phase).toBe('briefing');
    expect(bar.location.hash).toBe('#/brief/tutorial');
  });
});
