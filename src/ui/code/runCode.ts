import type { CodeEvidence } from '../../engine/investigation/evidence.ts';
import type { Session } from '../../state/session.ts';

/** The code tool's query for a file, or some of its lines, at a commit (head when none). */
export function catQuery(path: string, commit?: string, lines?: readonly [number, number]): string {
  return `cat ${path}${commit ? `@${commit}` : ''}${lines ? `#L${lines[0]}-L${lines[1]}` : ''}`;
}

/** Opens a file at a commit in the code browser; reading it is a recorded query. */
export async function openFile(session: Session, path: string, commit?: string): Promise<void> {
  session.store.getState().codeFileOpening(path, commit);
  const file = await session.runTool({ tool: 'code', query: catQuery(path, commit) });
  session.store.getState().codeFileShown(file);
}

/** Searches every file at head for a text. */
export async function grepCode(session: Session, text: string): Promise<void> {
  session.store.getState().codeGrepStarted();
  const grep = await session.runTool({ tool: 'code', query: `grep ${text}` });
  session.store.getState().codeGrepAnswered(grep);
}

/** Opens a commit: its message, pull request and diff; its hunks are shown by a recorded query. */
export async function openCommit(session: Session, commit: string): Promise<void> {
  session.store.getState().codeCommitOpening(commit);
  const hunks = await session.runTool({ tool: 'code', query: `show ${commit}` });
  session.store.getState().codeCommitShown(hunks);
}

/**
 * Pins lines of a file: the code tool shows exactly those lines first (a query, so the pin is of something
 * shown), then they are pinned.
 */
export async function pinLines(
  session: Session,
  path: string,
  commit: string,
  lines: readonly [number, number],
): Promise<void> {
  const result = await session.runTool({ tool: 'code', query: catQuery(path, commit, lines) });
  const item = result.ok ? result.items[0]?.evidence : undefined;
  if (item?.kind === 'code') session.act({ type: 'pin', evidence: item as CodeEvidence });
}
