/** Where a command writes: plain text for people, or one JSON document with `--json`. */
export interface Output {
  readonly json: boolean;
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes every command shares. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** Output to the process' streams. */
export function processOutput(json: boolean): Output {
  return {
    json,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
}

/** A usage error: the command line itself is wrong. */
export class UsageError extends Error {}
