import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as Y from 'yjs';

/** Wait this long after the last change before writing a document… */
const DEBOUNCE_MS = 250;
/** …but never let changes wait longer than this while a team keeps typing. */
const MAX_WAIT_MS = 1000;

/** The file a document is kept in: its name's path segments under the data directory. */
export function docFile(dataDir: string, docName: string): string {
  return `${join(dataDir, 'docs', ...docName.split('/').map(encodeURIComponent))}.yjs`;
}

/**
 * Keeps each document on disk as one Yjs update holding its whole state, rewritten (through a temporary
 * file and a rename, so a crash never leaves half a file) a short while after it changes. A restarted
 * server loads the file back, so a round survives a restart; at most the last second of changes is at
 * risk if the process is killed outright.
 */
export class DocFiles {
  private readonly timers = new Map<Y.Doc, { timer: NodeJS.Timeout; firstAt: number }>();
  private readonly names = new Map<Y.Doc, string>();

  constructor(
    readonly dataDir: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Loads the document's saved state into `doc` and keeps the file up to date from now on. */
  bind(docName: string, doc: Y.Doc): void {
    this.names.set(doc, docName);
    const file = docFile(this.dataDir, docName);
    let saved: Uint8Array | undefined;
    try {
      saved = readFileSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        this.log(`${file}: cannot read: ${(err as Error).message}`);
    }
    if (saved) {
      try {
        Y.applyUpdate(doc, saved, this);
      } catch (err) {
        // A damaged file is set aside, never silently overwritten.
        const aside = `${file}.damaged-${Date.now()}`;
        renameSync(file, aside);
        this.log(`${file}: not a Yjs update (${(err as Error).message}); moved to ${aside}`);
      }
    }
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.schedule(doc);
    });
    doc.on('destroy', () => this.write(doc));
  }

  private schedule(doc: Y.Doc): void {
    const now = Date.now();
    const pending = this.timers.get(doc);
    if (pending) clearTimeout(pending.timer);
    const firstAt = pending?.firstAt ?? now;
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, firstAt + MAX_WAIT_MS - now));
    this.timers.set(doc, { timer: setTimeout(() => this.write(doc), wait), firstAt });
  }

  /** Writes the document now if it has unsaved changes. */
  write(doc: Y.Doc): void {
    const pending = this.timers.get(doc);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.timers.delete(doc);
    const name = this.names.get(doc);
    if (name === undefined) return;
    const file = docFile(this.dataDir, name);
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, Y.encodeStateAsUpdate(doc));
    renameSync(tmp, file);
  }

  /** Writes every document with unsaved changes (before the server stops). */
  flush(): void {
    for (const doc of [...this.timers.keys()]) this.write(doc);
  }
}
