import { describe, expect, it } from 'vitest';
import type { ShortcutCommand } from '../../../src/ui/shell/shortcuts.ts';
import { ShortcutReader } from '../../../src/ui/shell/shortcuts.ts';

type Press = readonly [key: string, inTextField: boolean, modifier: boolean];

describe('ShortcutReader', () => {
  it.each<[string, readonly Press[], (ShortcutCommand | undefined)[]]>([
    ['slash focuses the query', [['/', false, false]], [{ kind: 'focus query' }]],
    [
      'g l opens logs',
      [
        ['g', false, false],
        ['l', false, false],
      ],
      [undefined, { kind: 'tool', tool: 'logs' }],
    ],
    [
      'g m opens metrics',
      [
        ['g', false, false],
        ['m', false, false],
      ],
      [undefined, { kind: 'tool', tool: 'metrics' }],
    ],
    [
      'g t opens traces',
      [
        ['g', false, false],
        ['t', false, false],
      ],
      [undefined, { kind: 'tool', tool: 'traces' }],
    ],
    [
      'g c opens code',
      [
        ['g', false, false],
        ['c', false, false],
      ],
      [undefined, { kind: 'tool', tool: 'code' }],
    ],
    [
      'g then an unknown key does nothing',
      [
        ['g', false, false],
        ['z', false, false],
        ['l', false, false],
      ],
      [undefined, undefined, undefined],
    ],
    ['p pins', [['p', false, false]], [{ kind: 'pin selected' }]],
    ['? toggles the sheet', [['?', false, false]], [{ kind: 'toggle sheet' }]],
    ['b toggles the board', [['b', false, false]], [{ kind: 'toggle board' }]],
    ['m toggles the pager', [['m', false, false]], [{ kind: 'toggle pager' }]],
    ['m in a field is typed, not a toggle', [['m', true, false]], [undefined]],
    [
      'typing in a field is not a shortcut',
      [
        ['g', true, false],
        ['l', true, false],
        ['/', true, false],
      ],
      [undefined, undefined, undefined],
    ],
    [
      'a field in between cancels a pending g',
      [
        ['g', false, false],
        ['l', true, false],
        ['l', false, false],
      ],
      [undefined, undefined, undefined],
    ],
    ['Escape closes even in a field', [['Escape', true, false]], [{ kind: 'close' }]],
    ["Ctrl-p is the browser's", [['p', false, true]], [undefined]],
  ])('%s', (_, presses, want) => {
    const reader = new ShortcutReader();
    expect(presses.map(([k, field, mod]) => reader.read(k, field, mod))).toEqual(want);
  });
});
