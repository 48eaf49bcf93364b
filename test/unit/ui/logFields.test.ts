import { describe, expect, it } from 'vitest';
import { parseLogFields } from '../../../src/ui/logs/logFields.ts';

describe('parseLogFields', () => {
  it.each([
    [
      '{"level":"error","msg":"boom","http":{"status":500}}',
      {
        format: 'json',
        fields: [
          ['level', 'error'],
          ['msg', 'boom'],
          ['http_status', '500'],
        ],
      },
    ],
    [
      'ts=2026-10-25T01:00:00Z level=info msg="checkpoint complete" buffers=412',
      {
        format: 'logfmt',
        fields: [
          ['ts', '2026-10-25T01:00:00Z'],
          ['level', 'info'],
          ['msg', 'checkpoint complete'],
          ['buffers', '412'],
        ],
      },
    ],
    ['upstream timed out while reading a=b from upstream', { format: 'text', fields: [] }],
    ['{not json', { format: 'text', fields: [] }],
    ['[1,2]', { format: 'text', fields: [] }],
    // Markup is only text: here it happens to read as two logfmt pairs, and the screen shows them as text.
    [
      '<img src=x onerror=alert(1)>',
      {
        format: 'logfmt',
        fields: [
          ['src', 'x'],
          ['onerror', 'alert(1)>'],
        ],
      },
    ],
  ])('%s', (line, want) => expect(parseLogFields(line)).toEqual(want));
});
