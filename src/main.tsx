import { render } from 'preact';
import { startSession } from './state/session.ts';
import { App } from './ui/App.tsx';
import { gamedayRoute } from './ui/gameday/route.ts';
import { previewTarget } from './ui/library/previewTarget.ts';
import { scopeLogsTo } from './ui/logs/runLogs.ts';
import type { MapMounts } from './ui/mapMounts.ts';
import { MapsContext } from './ui/mapMounts.ts';
import './ui/styles.css';
import { startWorldWorker } from './worker/client.ts';

// The page is where the panels and the game meet: the panels host the maps they are given here, and a
// click on the ops map scopes the panels' tools, so neither imports the other. Phaser loads on demand.
const maps: MapMounts = {
  loadOpsMap: () =>
    import('./game/startGame.ts').then(
      ({ startGame }) =>
        (parent, session) =>
          startGame(parent, session, (service) => void scopeLogsTo(session, service)),
    ),
  loadDebriefMap: () => import('./game/DebriefMap.ts').then(({ startDebriefMap }) => startDebriefMap),
};

const root = document.getElementById('app')!;
const gameday = gamedayRoute(window.location);
if (gameday) {
  // Game days load Yjs and their screens on demand, so the solo game's first download stays small.
  void import('./ui/gameday/GamedayApp.tsx').then(({ startGamedayPage }) =>
    startGamedayPage(root, gameday, maps),
  );
} else {
  const world = startWorldWorker();
  const session = startSession({
    host: world.host,
    ...(world.cancelBuffer ? { cancelBuffer: world.cancelBuffer } : {}),
    storage: window.localStorage,
    now: () => performance.now(),
  });
  render(
    <MapsContext.Provider value={maps}>
      <App session={session} preview={previewTarget(window.location.search)} routed />
    </MapsContext.Provider>,
    root,
  );
}
