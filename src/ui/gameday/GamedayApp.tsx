import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FacilitatorInfo, JoinInfo } from '../../state/gameday/connection.ts';
import { fetchFacilitator, fetchJoin } from '../../state/gameday/connection.ts';
import { FacilitatorConsole } from './FacilitatorConsole.tsx';
import { ObserverView } from './ObserverView.tsx';
import { PlayerView } from './PlayerView.tsx';
import './gameday.css';
import type { MapMounts } from '../mapMounts.ts';
import { MapsContext } from '../mapMounts.ts';
import type { GamedayRoute } from './route.ts';

type Loaded =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'join'; info: JoinInfo; code: string }
  | { kind: 'facilitate'; info: FacilitatorInfo; token: string };

/** The game day page: asks the server what the link opens, then shows the player, observer or facilitator view. */
export function GamedayApp({ route }: { route: GamedayRoute }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    const request =
      route.kind === 'join'
        ? fetchJoin(route.code).then((info): Loaded => ({ kind: 'join', info, code: route.code }))
        : fetchFacilitator(route.room, route.token).then(
            (info): Loaded => ({ kind: 'facilitate', info, token: route.token }),
          );
    request.then(setLoaded, (err: Error) => setLoaded({ kind: 'error', message: err.message }));
  }, [route]);
  if (loaded.kind === 'loading') return <p class="loading">Joining the game day…</p>;
  if (loaded.kind === 'error')
    return (
      <div class="gameday-error" role="alert">
        <h1>This game day link does not open anything</h1>
        <p>{loaded.message}</p>
      </div>
    );
  if (loaded.kind === 'facilitate') return <FacilitatorConsole info={loaded.info} token={loaded.token} />;
  if (loaded.info.role === 'observer') return <ObserverView info={loaded.info} code={loaded.code} />;
  return <PlayerView info={loaded.info} code={loaded.code} />;
}

/** Renders the game day page for `route` into `root`, with the maps its player's investigation hosts. */
export function startGamedayPage(root: HTMLElement, route: GamedayRoute, maps: MapMounts): void {
  render(
    <MapsContext.Provider value={maps}>
      <GamedayApp route={route} />
    </MapsContext.Provider>,
    root,
  );
}
