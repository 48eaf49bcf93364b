import type { Session } from '../../state/session.ts';
import { Library } from '../library/Library.tsx';

/** The first screen: what the game is, and the scenario library. */
export function Menu({ session }: { session: Session }) {
  return (
    <main class="menu">
      <header class="menu-header">
        <h1>
          2AM <span class="subtitle">debugging practice</span>
        </h1>
        <p>
          A fake production system is failing. Read the page, query its telemetry, pin the evidence, and
          explain the cause. You are scored on how you reasoned, not on a lucky guess.
        </p>
      </header>
      <Library session={session} />
    </main>
  );
}
