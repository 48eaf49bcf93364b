import { render } from 'preact';
import { startSession } from './state/session.ts';
import { App } from './ui/App.tsx';
import './ui/styles.css';
import { startWorldWorker } from './worker/client.ts';

const session = startSession({
  host: startWorldWorker(),
  storage: window.localStorage,
  now: () => performance.now(),
});
render(<App session={session} />, document.getElementById('app')!);
