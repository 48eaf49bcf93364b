import type { Tool } from '../../engine/investigation/actions.ts';
import { TOOLS } from '../../engine/investigation/actions.ts';
import type { Session } from '../sessionTypes.ts';
import type { ToolTab } from '../slices/toolViews.ts';

/** A screen of the game as its address names it. */
export type Route =
  | { readonly screen: 'library' }
  | { readonly screen: 'brief'; readonly scenarioId: string }
  | { readonly screen: 'play'; readonly scenarioId: string; readonly tool: ToolTab }
  | { readonly screen: 'debrief'; readonly scenarioId: string };

const TABS: readonly ToolTab[] = [...TOOLS, 'channel', 'respond'];

/** The address of a screen, as the part after `#`: `#/library`, `#/play/<id>/<tool>`, … */
export function formatRoute(route: Route): string {
  switch (route.screen) {
    case 'library':
      return '#/library';
    case 'brief':
      return `#/brief/${encodeURIComponent(route.scenarioId)}`;
    case 'play':
      return `#/play/${encodeURIComponent(route.scenarioId)}/${route.tool}`;
    case 'debrief':
      return `#/debrief/${encodeURIComponent(route.scenarioId)}`;
  }
}

/** The screen an address names; the library for an empty or unknown one. */
export function parseRoute(hash: string): Route {
  const [screen, rawId, tool] = hash.replace(/^#\/?/, '').split('/');
  let scenarioId: string;
  try {
    scenarioId = decodeURIComponent(rawId ?? '');
  } catch {
    return { screen: 'library' };
  }
  if (!scenarioId) return { screen: 'library' };
  if (screen === 'brief' || screen === 'debrief') return { screen, scenarioId };
  if (screen === 'play') {
    const tab = TABS.includes(tool as ToolTab) ? (tool as ToolTab) : ('logs' satisfies Tool);
    return { screen: 'play', scenarioId, tool: tab };
  }
  return { screen: 'library' };
}

/** The screen the game shows now, as an address names it; undefined while it is still loading. */
export function currentRoute(session: Session): Route | undefined {
  const s = session.store.getState();
  const scenarioId = session.actor.getSnapshot().context.scenarioId ?? s.scenario?.id;
  if (s.phase === 'loading') return undefined;
  if (s.phase === 'menu' || !scenarioId) return { screen: 'library' };
  if (s.phase === 'briefing') return { screen: 'brief', scenarioId };
  if (s.phase === 'debrief') return { screen: 'debrief', scenarioId };
  return { screen: 'play', scenarioId, tool: s.tab };
}

/**
 * Asks the game to go where an address points, as far as the flow allows: from the library a named
 * scenario opens its briefing; within a play the named tool comes to the front; back to the library from
 * a briefing or a debrief leaves it, and leaving an investigation asks first whether to abandon it. Answers
 * whether the game is (or will be) where the address says; when not, the address should be put back.
 */
export function followRoute(session: Session, route: Route): boolean {
  const s = session.store.getState();
  const here = currentRoute(session);
  if (!here) return false;
  if (formatRoute(here) === formatRoute(route)) return true;
  if (route.screen === 'library') {
    if (s.phase === 'briefing' || s.phase === 'debrief') {
      session.send({ type: 'back to menu' });
      return true;
    }
    if (here.screen === 'play') s.askToAbandon(true);
    return false;
  }
  if (here.screen === 'library') {
    if (s.phase !== 'menu') return false;
    session.send({ type: 'select scenario', scenarioId: route.scenarioId });
    return true;
  }
  if (here.screen === 'play' && route.screen === 'play' && route.scenarioId === here.scenarioId) {
    s.showTool(route.tool);
    return true;
  }
  // Leaving a play by the history asks first, as the Abandon button does.
  if (here.screen === 'play') s.askToAbandon(true);
  return false;
}

/** The page's address bar and history, as much of `window` as routing needs. */
export interface AddressBar {
  readonly location: { readonly hash: string };
  readonly history: {
    pushState(data: unknown, unused: string, url: string): void;
    replaceState(data: unknown, unused: string, url: string): void;
  };
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

/**
 * Keeps the address in step with the screen: each new screen or tool is a history entry, so back and
 * forward move between them, and an address opened (a link, a reload) is followed once the game is ready.
 * Returns a function that stops.
 */
export function bindAddress(session: Session, bar: AddressBar): () => void {
  // An address without a route (the bare page) asks for nothing: the game shows what it resumes.
  let wanted: Route | undefined = bar.location.hash ? parseRoute(bar.location.hash) : undefined;
  const write = (replace: boolean) => {
    const here = currentRoute(session);
    if (!here) return;
    const hash = formatRoute(here);
    if (bar.location.hash === hash) return;
    if (replace) bar.history.replaceState(null, '', hash);
    else bar.history.pushState(null, '', hash);
  };
  // Until the session has resumed (or not) a saved play, the menu it passes through is not a screen.
  let resumed = false;
  const follow = () => {
    if (!resumed) return;
    if (!wanted) return write(false);
    const route = wanted;
    const here = currentRoute(session);
    if (!here) return;
    // The address opened names a place the game may reach in steps (a briefing, then its world).
    if (!followRoute(session, route) || formatRoute(currentRoute(session) ?? here) === formatRoute(route)) {
      wanted = undefined;
      write(true);
    }
  };
  const unsubscribe = session.store.subscribe(
    (s) => `${s.phase}|${s.tab}|${s.scenario?.id ?? ''}`,
    () => follow(),
  );
  const onPop = () => {
    wanted = parseRoute(bar.location.hash);
    follow();
  };
  bar.addEventListener('popstate', onPop);
  void session.ready.then(() => {
    resumed = true;
    if (wanted) follow();
    else write(true);
  });
  return () => {
    unsubscribe();
    bar.removeEventListener('popstate', onPop);
  };
}
