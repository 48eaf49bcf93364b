import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs twoam and stops reading its output after the first chunk, as `| head -1` does. */
function readFirstChunk(...args: string[]): Promise<{ code: number | null; first: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/twoam.mjs', ...args]);
    let first = '';
    let stderr = '';
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString('utf8');
      child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('close', (code) => resolve({ code, first, stderr }));
  });
}

describe('a reader that closes the pipe early', () => {
  it('ends the command quietly, with exit 0', async () => {
    // The schema is larger than a pipe holds, so the command is still writing when the reader goes.
    const r = await readFirstChunk('schema');
    expect(r.first.startsWith('{')).toBe(true);
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });
});
