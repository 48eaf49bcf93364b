import { useState } from 'preact/hooks';
import { shareCard } from '../../state/daily.ts';
import type { Session } from '../../state/session.ts';
import { useStore } from '../useStore.ts';

/**
 * The day's share card at the debrief of the daily incident: the day, the score, the grade, the time and
 * the tools, as text to copy. It names neither the scenario nor anything of its answer.
 */
export function DailyShare({ session }: { session: Session }) {
  const daily = useStore(session.store, (s) => s.daily);
  const result = useStore(session.store, (s) => s.dailyResult);
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>(undefined);
  if (!daily || !result) return null;
  const text = shareCard(daily, result);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      // Clipboards refused (no permission, not a secure page): the text stays there to select by hand.
      setCopied('no');
    }
  };
  return (
    <section class="panel daily-share" aria-labelledby="daily-share-title">
      <h2 id="daily-share-title">Today's incident: your card</h2>
      <pre data-testid="daily-card">{text}</pre>
      <p>
        <button type="button" onClick={() => void copy()}>
          Copy the card
        </button>{' '}
        <span class="muted" role="status">
          {copied === 'yes'
            ? 'Copied. It tells your score and tools, nothing of the answer.'
            : copied === 'no'
              ? 'This browser would not copy it: select the text above instead.'
              : 'The first play of the day stands for the day.'}
        </span>
      </p>
    </section>
  );
}
