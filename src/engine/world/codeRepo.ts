import { compileRegex, regexError } from '../query/regex.ts';
import type { Code, CodeCommit } from '../scenario/codeSchema.ts';
import { parseTimestamp } from '../scenario/units.ts';
import type { Hunk } from './lineDiff.ts';
import { diffLines, splitLines, toHunks } from './lineDiff.ts';

/** A git identity. */
export interface Identity {
  readonly name: string;
  readonly email: string;
}

/** A commit of the world's repository, resolved: its parent, parsed author and time, and the files it touched. */
export interface RepoCommit {
  readonly id: string;
  readonly parent: string | undefined;
  readonly author: Identity;
  /** The date as the scenario wrote it (RFC 3339), and in milliseconds since the epoch. */
  readonly date: string;
  readonly dateMs: number;
  readonly message: string;
  readonly subject: string;
  readonly pr: CodeCommit['pr'];
  /** Paths this commit added, changed or deleted, sorted. */
  readonly touched: readonly string[];
}

/** How a commit changed one file, with its hunks. */
export interface FileDiff {
  readonly path: string;
  readonly status: 'added' | 'modified' | 'deleted';
  readonly hunks: readonly Hunk[];
}

/** One line of `blame`: its 1-based number, its text and the commit that last changed it. */
export interface BlameLine {
  readonly line: number;
  readonly text: string;
  readonly commit: string;
}

/** One `grep` hit: 1-based line and column of the first match on the line. */
export interface GrepMatch {
  readonly path: string;
  readonly line: number;
  readonly col: number;
  readonly text: string;
}

/** What `show` answers: the commit, its diff, and its pull request with reviews. */
export interface CommitView {
  readonly commit: RepoCommit;
  readonly diff: readonly FileDiff[];
  readonly pr: CodeCommit['pr'];
}

type Tree = ReadonlyMap<string, readonly string[]>;

/** Parses `Sam Dev <sam@shop.example>` or a bare handle, which gets an address at the repository's domain. */
export function parseIdentity(person: string, emailDomain: string): Identity {
  const m = /^(.+?) <([^<>\s]+)>$/.exec(person);
  if (m) return { name: m[1]!, email: m[2]! };
  return { name: person, email: `${person}@${emailDomain}` };
}

/**
 * The scenario's code history as a queryable repository: files at every commit, log, blame, diff, show and
 * grep. Built once per world; file versions that a commit leaves alone are shared with its parent.
 *
 * @example
 * const repo = buildCodeRepo(scenario.code!);
 * repo.blame('src/pricing/coupon.ts', 'a41f9c2')[41]?.commit; // the commit that wrote line 42
 */
export class CodeRepo {
  readonly repo: string;
  readonly service: string | undefined;
  /** Domain of the e-mail of people named by a bare handle. */
  readonly emailDomain: string;
  /** Commits in the order the scenario lists them (oldest first). */
  readonly commits: readonly RepoCommit[];
  /** The last commit listed: what is deployed unless the timeline says otherwise. */
  readonly head: string;
  private readonly byId = new Map<string, RepoCommit>();
  private readonly trees = new Map<string, Tree>();
  private readonly blames = new Map<string, readonly string[]>();

  constructor(code: Code) {
    this.repo = code.repo;
    this.service = code.service;
    this.emailDomain = code.emailDomain;
    const commits: RepoCommit[] = [];
    code.commits.forEach((c, i) => {
      const parent = i === 0 ? undefined : (c.parent ?? code.commits[i - 1]!.id);
      const base: Tree = parent === undefined ? new Map() : (this.trees.get(parent) ?? new Map());
      const tree = new Map(base);
      const touched = new Set<string>();
      if (i === 0) {
        for (const f of code.files) {
          tree.set(f.path, splitLines(f.content));
          touched.add(f.path);
        }
      }
      for (const ch of c.changes) {
        if (ch.deleted) tree.delete(ch.path);
        else tree.set(ch.path, splitLines(ch.content ?? ''));
        touched.add(ch.path);
      }
      const commit: RepoCommit = {
        id: c.id,
        parent,
        author: parseIdentity(c.author, code.emailDomain),
        date: c.date,
        dateMs: parseTimestamp(c.date) ?? 0,
        message: c.message,
        subject: c.message.split('\n')[0]!,
        pr: c.pr,
        touched: [...touched].sort(),
      };
      commits.push(commit);
      this.byId.set(c.id, commit);
      this.trees.set(c.id, tree);
    });
    this.commits = commits;
    this.head = commits[commits.length - 1]!.id;
  }

  /** A commit by id or by a unique prefix of at least 4 characters, as git resolves short ids. */
  resolve(ref: string): RepoCommit | undefined {
    const exact = this.byId.get(ref);
    if (exact || ref.length < 4) return exact;
    const matches = this.commits.filter((c) => c.id.startsWith(ref));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** Paths of every file at a commit (default: head), sorted. */
  files(commit = this.head): string[] {
    return [...(this.treeAt(commit)?.keys() ?? [])].sort();
  }

  /** A file's content at a commit, or undefined when it does not exist there. */
  file(path: string, commit = this.head): string | undefined {
    const lines = this.treeAt(commit)?.get(path);
    return lines === undefined ? undefined : lines.map((l) => `${l}\n`).join('');
  }

  /** A file's lines at a commit. */
  lines(path: string, commit = this.head): readonly string[] | undefined {
    return this.treeAt(commit)?.get(path);
  }

  /** The ancestry of a commit, newest first, optionally only commits that touched `path` (`git log -- path`). */
  log(path?: string, from = this.head): RepoCommit[] {
    const out: RepoCommit[] = [];
    for (let c = this.resolve(from); c; c = c.parent === undefined ? undefined : this.byId.get(c.parent)) {
      if (path === undefined || c.touched.includes(path)) out.push(c);
    }
    return out;
  }

  /** For each line of a file at a commit, the commit that last changed it (`git blame`). */
  blame(path: string, commit = this.head): BlameLine[] {
    const at = this.resolve(commit);
    const lines = at && this.treeAt(at.id)?.get(path);
    if (!at || !lines) return [];
    const owners = this.blameOwners(path, at.id);
    return lines.map((text, i) => ({ line: i + 1, text, commit: owners[i]! }));
  }

  /** The files a commit changed, with unified hunks against its parent (`git show --stat -p`). */
  diff(commit: string): FileDiff[] {
    const c = this.resolve(commit);
    if (!c) return [];
    const before = c.parent === undefined ? undefined : this.trees.get(c.parent);
    const after = this.trees.get(c.id)!;
    const out: FileDiff[] = [];
    for (const path of c.touched) {
      const a = before?.get(path);
      const b = after.get(path);
      if (a === b) continue;
      const status = a === undefined ? 'added' : b === undefined ? 'deleted' : 'modified';
      const hunks = toHunks(diffLines(a ?? [], b ?? []));
      if (status === 'modified' && hunks.length === 0) continue;
      out.push({ path, status, hunks });
    }
    return out;
  }

  /** A commit with its diff and its pull request (description and reviews). */
  show(commit: string): CommitView | undefined {
    const c = this.resolve(commit);
    return c && { commit: c, diff: this.diff(c.id), pr: c.pr };
  }

  /**
   * Lines matching a pattern in every file at a commit (default: head), in path and line order. A plain
   * pattern is a literal substring; with `regex` it is an RE2 regular expression, matched in linear time. An invalid
   * regular expression matches nothing and is reported by {@link grepError}.
   */
  grep(pattern: string, opts: { regex?: boolean; commit?: string; ignoreCase?: boolean } = {}): GrepMatch[] {
    const tree = this.treeAt(opts.commit ?? this.head);
    if (!tree || pattern === '') return [];
    const find = matcher(pattern, opts.regex === true, opts.ignoreCase === true);
    if (!find) return [];
    const out: GrepMatch[] = [];
    for (const path of [...tree.keys()].sort()) {
      tree.get(path)!.forEach((text, i) => {
        const col = find(text);
        if (col >= 0) out.push({ path, line: i + 1, col: col + 1, text });
      });
    }
    return out;
  }

  private treeAt(commit: string): Tree | undefined {
    const c = this.resolve(commit);
    return c && this.trees.get(c.id);
  }

  private blameOwners(path: string, commit: string): readonly string[] {
    const key = `${commit}\u0000${path}`;
    const cached = this.blames.get(key);
    if (cached) return cached;
    // Fold forward over the commits that touched the file, oldest first, carrying owners through each diff.
    const chain = this.log(path, commit).reverse();
    let owners: string[] = [];
    let prev: readonly string[] = [];
    for (const c of chain) {
      const next = this.trees.get(c.id)!.get(path);
      if (next === undefined) {
        owners = [];
        prev = [];
        continue;
      }
      const moved: string[] = [];
      let i = 0;
      for (const l of diffLines(prev, next)) {
        if (l.op === ' ') moved.push(owners[i++]!);
        else if (l.op === '-') i++;
        else moved.push(c.id);
      }
      owners = moved;
      prev = next;
    }
    this.blames.set(key, owners);
    return owners;
  }
}

function matcher(
  pattern: string,
  regex: boolean,
  ignoreCase: boolean,
): ((line: string) => number) | undefined {
  if (!regex) {
    const needle = ignoreCase ? pattern.toLowerCase() : pattern;
    return ignoreCase ? (line) => line.toLowerCase().indexOf(needle) : (line) => line.indexOf(needle);
  }
  const re = compileRegex(pattern, { anchored: false, ignoreCase });
  return re.ok ? re.regex.search : undefined;
}

/** Why a grep pattern is not a valid regular expression, or undefined when it is. */
export function grepError(pattern: string): string | undefined {
  return regexError(pattern);
}

/** The world's code repository for a scenario, or undefined when the scenario has no `code` section. */
export function buildCodeRepo(scenario: { readonly code?: Code | undefined }): CodeRepo | undefined {
  return scenario.code ? new CodeRepo(scenario.code) : undefined;
}
