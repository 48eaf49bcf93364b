import { headAt } from '../investigation/toolsCode.ts';
import type { BlameLine, CodeRepo, CommitView, RepoCommit } from '../world/codeRepo.ts';

/** What the code browser asks beside the recorded code queries: the tree, a file's history, blame, a commit. */
export type CodeBrowseRequest =
  | { readonly kind: 'tree'; readonly endMs: number }
  | { readonly kind: 'history'; readonly path?: string; readonly endMs: number }
  | { readonly kind: 'blame'; readonly path: string; readonly commit: string; readonly endMs: number }
  | { readonly kind: 'commit'; readonly commit: string; readonly endMs: number };

/** A file a commit changed, before (at its parent) and after it: what the diff view compares. */
export interface FileVersions {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** The browser's answers; `none` when the repository, file or commit did not exist by then. */
export type CodeBrowseAnswer =
  | { readonly kind: 'tree'; readonly repo: string; readonly head: string; readonly files: readonly string[] }
  | { readonly kind: 'history'; readonly commits: readonly RepoCommit[] }
  | { readonly kind: 'blame'; readonly lines: readonly BlameLine[]; readonly commits: readonly RepoCommit[] }
  | { readonly kind: 'commit'; readonly view: CommitView; readonly files: readonly FileVersions[] }
  | { readonly kind: 'none' };

/**
 * Answers the code browser from the world's repository as it stood at the incident clock's "now": commits
 * made later are not there yet.
 */
export function browseCode(repo: CodeRepo | undefined, req: CodeBrowseRequest): CodeBrowseAnswer {
  const head = repo && headAt(repo, req.endMs);
  if (!repo || !head) return { kind: 'none' };
  switch (req.kind) {
    case 'tree':
      return { kind: 'tree', repo: repo.repo, head: head.id, files: repo.files(head.id) };
    case 'history':
      return { kind: 'history', commits: repo.log(req.path, head.id) };
    case 'blame': {
      const c = repo.resolve(req.commit);
      if (!c || c.dateMs > req.endMs) return { kind: 'none' };
      const lines = repo.blame(req.path, c.id);
      const ids = new Set(lines.map((l) => l.commit));
      return { kind: 'blame', lines, commits: repo.commits.filter((x) => ids.has(x.id)) };
    }
    case 'commit': {
      const view = repo.show(req.commit);
      if (!view || view.commit.dateMs > req.endMs) return { kind: 'none' };
      const { id, parent } = view.commit;
      const files = view.diff.map((d) => ({
        path: d.path,
        before: (parent && repo.file(d.path, parent)) ?? '',
        after: repo.file(d.path, id) ?? '',
      }));
      return { kind: 'commit', view, files };
    }
  }
}
