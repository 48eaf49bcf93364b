import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../../src/engine/scenario/units.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { scenarioText } from '../helpers.ts';

// The debrief replays the incident in 120 frames at most: over a window of days it starts near the
// incident, or the fault and the page would share a frame or two.

const ms = (text: string) => parseTimestamp(text)!;

async function replayed(file: string, text: string, toMs: number) {
  const host = new WorldHost([{ file, text }]);
  const opened = await host.open(file.replace(/^.*\/|\.yaml$/g, ''), undefined, undefined, { elapsedMs: 0 });
  if (!opened.ok) throw new Error(opened.diagnostics.map((d) => d.message).join('; '));
  const replay = host.replay(toMs);
  if (!replay) throw new Error('no replay');
  return replay;
}

describe('the debrief replay', () => {
  it.each([
    {
      what: 'a window of hours plays from its start',
      file: 'scenarios/tutorial.yaml',
      text: scenarioText('tutorial.yaml'),
      toMs: ms('2026-10-25T02:15:00Z'),
      fromMs: ms('2026-10-25T01:00:00Z'),
    },
    {
      what: 'a window of days plays from an hour before the deploy that set the fault off',
      file: 'test/fixtures/three-days.yaml',
      text: readFileSync('test/fixtures/three-days.yaml', 'utf8'),
      toMs: ms('2026-10-25T02:15:00Z'),
      fromMs: ms('2026-10-25T00:40:00Z'),
    },
  ])('$what', async ({ file, text, toMs, fromMs }) => {
    const replay = await replayed(file, text, toMs);
    expect(replay.fromMs).toBe(fromMs);
    expect(replay.toMs).toBe(toMs);
    // A frame a minute: the incident's half hour plays over thirty of them.
    expect(replay.stepMs).toBe(60_000);
  });
});
