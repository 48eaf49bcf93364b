/** Which game day page a URL opens: `?join=<code>` for players and observers, `?gameday=facilitate&room=…#token=…`. */
export type GamedayRoute =
  | { readonly kind: 'join'; readonly code: string }
  | { readonly kind: 'facilitate'; readonly room: string; readonly token: string };

/** Reads the game day route from the page's address, or undefined for the single-player game. */
export function gamedayRoute(loc: { search: string; hash: string }): GamedayRoute | undefined {
  const params = new URLSearchParams(loc.search);
  const code = params.get('join');
  if (code) return { kind: 'join', code };
  if (params.get('gameday') === 'facilitate') {
    const token = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token') ?? '';
    return { kind: 'facilitate', room: params.get('room') ?? '', token };
  }
  return undefined;
}
