import { render } from 'preact';
import { startSession } from './state/session.ts';
import { App } from './ui/App.tsx';
import { gamedayRoute } from './ui/gameday/route.ts';
import { previewTarget } from './ui/library/previewTarget.ts';
import './ui/styles.css';
import { startWorldWorker } from './worker/client.ts';

const root = document.getElementById('app')!;
const gameday = gamedayRoute(window.location);
if (gameday) {
  // Game days load Yjs and their screens on demand, so the solo game's first download stays small.
  void import('./ui/gameday/GamedayApp.tsx').then(({ startGamedayPage }) => startGamedayPage(root, gameday));
} else {
  const session = startSession({
    host: startWorldWorker(),
    storage: window.localStorage,
    now: () => performance.now(),
  });
  render(<App session={session} preview={previewTarget(window.location.search)} />, root);
}
