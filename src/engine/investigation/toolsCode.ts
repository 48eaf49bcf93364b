import type { Diagnostic } from '../query/types.ts';
import { errorAt } from '../query/types.ts';
import type { CodeRepo, RepoCommit } from '../world/codeRepo.ts';
import type { CodeEvidence } from './evidence.ts';
import { refs } from './evidence.ts';

/** Most grep matches a code search lists. */
export const GREP_LIMIT = 200;

/**
 * The code tool's query, in git's words:
 * - `cat <path>[@<commit>][#L<from>-L<to>]` a file (or some of its lines) at a commit, head by default;
 * - `grep <text>` lines containing the text in every file at head;
 * - `show <commit>` what a commit changed, one item per hunk (the new side's lines).
 * Commits made after the end of the range (the incident clock's "now") do not exist yet.
 */
export type CodeQuery =
  | {
      readonly op: 'cat';
      readonly path: string;
      readonly commit?: string;
      readonly lines?: readonly [number, number];
    }
  | { readonly op: 'grep'; readonly text: string }
  | { readonly op: 'show'; readonly commit: string };

const CAT = /^cat\s+([^\s@#]+)(?:@([0-9a-f]{4,40}))?(?:#L(\d+)(?:-L?(\d+))?)?\s*$/i;

/** Parses a code query; a mistake is a positioned diagnostic saying what would work. */
export function parseCodeQuery(text: string): { query?: CodeQuery; errors: Diagnostic[] } {
  const trimmed = text.trim();
  const cat = CAT.exec(trimmed);
  if (cat) {
    const [, path, commit, from, to] = cat as unknown as [string, string, string?, string?, string?];
    const lines: [number, number] | undefined = from ? [Number(from), Number(to ?? from)] : undefined;
    if (lines && (lines[0] < 1 || lines[1] < lines[0]))
      return {
        errors: [errorAt(text, text.indexOf('#L'), text.length, 'lines go from 1 up, e.g. #L40-L48')],
      };
    return {
      query: {
        op: 'cat',
        path,
        ...(commit ? { commit: commit.toLowerCase() } : {}),
        ...(lines ? { lines } : {}),
      },
      errors: [],
    };
  }
  const grep = /^grep\s+(.+)$/.exec(trimmed);
  if (grep) return { query: { op: 'grep', text: grep[1]! }, errors: [] };
  const show = /^show\s+([0-9a-f]{4,40})$/i.exec(trimmed);
  if (show) return { query: { op: 'show', commit: show[1]!.toLowerCase() }, errors: [] };
  return {
    errors: [
      errorAt(
        text,
        0,
        text.length,
        'write cat <path>[@<commit>][#L<from>-L<to>], grep <text> or show <commit>',
      ),
    ],
  };
}

/** The newest commit made by `endMs`: what head was at the incident clock's "now". */
export function headAt(repo: CodeRepo, endMs: number): RepoCommit | undefined {
  let head: RepoCommit | undefined;
  for (const c of repo.commits) if (c.dateMs <= endMs) head = c;
  return head;
}

function codeItem(
  commit: string,
  path: string,
  startLine: number,
  endLine: number,
  text: string,
): CodeEvidence {
  return {
    kind: 'code',
    ref: refs.code(commit, path, startLine, endLine),
    commit,
    path,
    startLine,
    endLine,
    text,
  };
}

/** Runs a code query up to `endMs`; answers the evidence shown, or positioned errors. */
export function runCodeQuery(
  repo: CodeRepo,
  text: string,
  endMs: number,
): { ok: true; items: CodeEvidence[]; matched: number } | { ok: false; errors: Diagnostic[] } {
  const parsed = parseCodeQuery(text);
  if (!parsed.query) return { ok: false, errors: parsed.errors };
  const q = parsed.query;
  const head = headAt(repo, endMs);
  const fail = (message: string) => ({
    ok: false as const,
    errors: [errorAt(text, 0, text.length, message)],
  });
  if (!head) return fail('no commit had been made by then');
  const known = (ref: string) => {
    const c = repo.resolve(ref);
    return c && c.dateMs <= endMs ? c : undefined;
  };
  switch (q.op) {
    case 'cat': {
      const commit = q.commit ? known(q.commit) : head;
      if (!commit)
        return fail(`no commit ${q.commit} (commits are named by 4 or more hex digits of their id)`);
      const lines = repo.lines(q.path, commit.id);
      if (!lines) return fail(`no file ${q.path} at ${commit.id.slice(0, 7)}`);
      const [from, to] = q.lines ?? [1, Math.max(1, lines.length)];
      if (from > lines.length) return fail(`${q.path} has ${lines.length} lines at ${commit.id.slice(0, 7)}`);
      const end = Math.min(to, lines.length);
      return {
        ok: true,
        matched: 1,
        items: [codeItem(commit.id, q.path, from, end, lines.slice(from - 1, end).join('\n'))],
      };
    }
    case 'grep': {
      const found = repo.grep(q.text, { commit: head.id });
      return {
        ok: true,
        matched: found.length,
        items: found.slice(0, GREP_LIMIT).map((m) => codeItem(head.id, m.path, m.line, m.line, m.text)),
      };
    }
    case 'show': {
      const commit = known(q.commit);
      if (!commit) return fail(`no commit ${q.commit} by then`);
      const items: CodeEvidence[] = [];
      for (const file of repo.diff(commit.id)) {
        if (file.status === 'deleted') continue;
        for (const h of file.hunks) {
          if (h.newLines === 0) continue;
          const added = h.lines.filter((l) => l.op !== '-').map((l) => l.text);
          items.push(
            codeItem(commit.id, file.path, h.newStart, h.newStart + h.newLines - 1, added.join('\n')),
          );
        }
      }
      return { ok: true, matched: items.length, items };
    }
  }
}
