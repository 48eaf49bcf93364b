import type { ToolTab } from '../../state/store.ts';

/** What a key press asks the screen to do. */
export type ShortcutCommand =
  | { readonly kind: 'focus query' }
  | { readonly kind: 'tool'; readonly tool: ToolTab }
  | { readonly kind: 'pin selected' }
  | { readonly kind: 'toggle sheet' }
  | { readonly kind: 'toggle board' }
  | { readonly kind: 'toggle pager' }
  | { readonly kind: 'close' };

/** The keys of `g <key>`, which switch tools (Grafana's `g` prefix habit). */
export const TOOL_KEYS: Readonly<Record<string, ToolTab>> = {
  l: 'logs',
  m: 'metrics',
  t: 'traces',
  c: 'code',
  d: 'changes',
  i: 'inbox',
  h: 'channel',
  r: 'respond',
};

/** Every shortcut as the sheet lists it. */
export const SHORTCUTS: readonly (readonly [keys: string, does: string])[] = [
  ['/', 'Focus the query of the open tool'],
  ['g l', 'Logs'],
  ['g m', 'Metrics'],
  ['g t', 'Traces'],
  ['g c', 'Code'],
  ['g d', 'Changes (deploys, config, flags)'],
  ['g i', 'Inbox (the page, tickets, alerts)'],
  ['g h', 'Channel (teammates, support, your status updates)'],
  ['g r', 'Respond (roll back, revert, restart, scale, fail over…)'],
  ['p', 'Pin the selected item'],
  ['b', 'Open or close the case board'],
  ['m', 'Turn the pager’s sound on or off (muted at first; remembered)'],
  ['↑ ↓', 'Select a line in a result list and show its fields'],
  ['Enter', 'Run the query (in an editor)'],
  ['?', 'Show or hide this list'],
  ['Esc', 'Cancel a running query, close this list, or leave the query for its results'],
];

/**
 * Reads key presses into commands, remembering a pending `g` for the next key. Keys typed into a text
 * field are ignored (except Escape), so typing a query never switches tools.
 */
export class ShortcutReader {
  private pendingG = false;

  /** The command for one key press, or undefined when the key means nothing here. */
  read(key: string, inTextField: boolean, withModifier: boolean): ShortcutCommand | undefined {
    if (key === 'Escape') {
      this.pendingG = false;
      return { kind: 'close' };
    }
    if (inTextField || withModifier) {
      this.pendingG = false;
      return undefined;
    }
    if (this.pendingG) {
      this.pendingG = false;
      const tool = TOOL_KEYS[key];
      return tool ? { kind: 'tool', tool } : undefined;
    }
    switch (key) {
      case 'g':
        this.pendingG = true;
        return undefined;
      case '/':
        return { kind: 'focus query' };
      case 'p':
        return { kind: 'pin selected' };
      case '?':
        return { kind: 'toggle sheet' };
      case 'b':
        return { kind: 'toggle board' };
      case 'm':
        return { kind: 'toggle pager' };
      default:
        return undefined;
    }
  }
}
