import type { ChannelMessage } from '../scenario/channelSchema.ts';
import type { ChannelItem } from './channel.ts';

// What the page shows of the incident channel: who said what and when. What a message waits for, and the
// tags that tell the debrief which messages help or mislead, stay with the world host.

/** A message as a player reads it. */
export type PublicChannelMessage = Pick<ChannelMessage, 'id' | 'from' | 'role' | 'text'>;

/** One entry of the channel as the page shows it. */
export type PublicChannelItem =
  | { readonly kind: 'message'; readonly atMs: number; readonly message: PublicChannelMessage }
  | { readonly kind: 'status'; readonly atMs: number; readonly text: string; readonly index: number };

/**
 * The channel's entries without what a player could not see: a message keeps its speaker and its text.
 *
 * @example
 * publicChannel(channelAt({ scenario, pageMs, nowMs, actions, firings }));
 */
export function publicChannel(items: readonly ChannelItem[]): PublicChannelItem[] {
  return items.map((item) => {
    if (item.kind === 'status') return item;
    const { id, from, role, text } = item.message;
    return { kind: 'message', atMs: item.atMs, message: { id, from, role, text } };
  });
}
