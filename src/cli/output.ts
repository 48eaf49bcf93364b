/** Where a command writes: plain text for people, or one JSON document with `--json`. */
export interface Output {
  readonly json: boolean;
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes every command shares. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/**
 * Output to the process' streams. A reader that stops early (`twoam query … | head -1`) closes the pipe:
 * the command has nothing more to say to it, so it exits quietly instead of dying on the write's EPIPE.
 */
export function processOutput(json: boolean): Output {
  quietWhenClosed(process.stdout);
  quietWhenClosed(process.stderr);
  return {
    json,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
}

/** A usage error: the command line itself is wrong. */
export class UsageError extends Error {}

const watched = new WeakSet<NodeJS.WriteStream>();

function quietWhenClosed(stream: NodeJS.WriteStream): void {
  if (watched.has(stream)) return;
  watched.add(stream);
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
    // Any other failure to write is as loud as it would be without this listener.
    throw err;
  });
}
