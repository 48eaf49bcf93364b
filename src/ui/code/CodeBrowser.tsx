import { useEffect, useState } from 'preact/hooks';
import type { Diagnostic } from '../../engine/query/types.ts';
import { formatDiagnostic } from '../../engine/query/types.ts';
import type { CodeBrowseAnswer } from '../../engine/views/codeBrowse.ts';
import type { RepoCommit } from '../../engine/world/codeRepo.ts';
import type { Session } from '../../state/session.ts';
import { markDrawn } from '../investigation/drawnMark.ts';
import { onResultListKey, RESULT_ITEM, RESULT_LIST } from '../investigation/resultList.ts';
import { pin, usePinnedRefs } from '../logs/LogExplorer.tsx';
import { useStore } from '../useStore.ts';
import { CodeFile } from './CodeFile.tsx';
import { CommitView } from './CommitView.tsx';
import { grepCode, openCommit, openFile } from './runCode.ts';

/**
 * The code browser: the repository's files and commits as they stood at the clock's now, a search over
 * every file, a file with its history and blame, and a commit with its pull request and diff.
 */
export function CodeBrowser({ session }: { session: Session }) {
  const view = useStore(session.store, (s) => s.codeView);
  const pinned = usePinnedRefs(session);
  const [tree, setTree] = useState<Extract<CodeBrowseAnswer, { kind: 'tree' }>>();
  const [commits, setCommits] = useState<readonly RepoCommit[]>([]);
  const text = view.search;
  useEffect(() => {
    const endMs = session.nowMs();
    void session.browseCode({ kind: 'tree', endMs }).then((a) => a.kind === 'tree' && setTree(a));
    void session
      .browseCode({ kind: 'history', endMs })
      .then((a) => a.kind === 'history' && setCommits(a.commits));
  }, [session]);
  const file = view.file?.ok ? view.file.items[0]?.evidence : undefined;
  const shownResult = view.shown === 'file' ? view.file : view.shown === 'grep' ? view.grep : view.hunks;
  useEffect(() => {
    if (shownResult) markDrawn('code', shownResult.query);
  }, [shownResult]);
  return (
    <div class="code-browser">
      <nav class="code-side" aria-label="Repository">
        <p class="muted">
          {tree ? (
            <>
              <code>{tree.repo}</code> at <code>{tree.head}</code>
            </>
          ) : (
            'Reading the repository…'
          )}
        </p>
        <form
          class="code-search"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) void grepCode(session, text.trim());
          }}
        >
          <label for="code-grep">Search code</label>
          <input
            id="code-grep"
            type="search"
            value={text}
            data-shortcut="query"
            spellcheck={false}
            autocomplete="off"
            placeholder="a word, a name, a flag"
            onInput={(e) => session.store.getState().editCodeSearch((e.target as HTMLInputElement).value)}
          />
          <button type="submit">Search</button>
        </form>
        <h4>Files</h4>
        <ul class="file-tree">
          {(tree?.files ?? []).map((p) => (
            <li key={p} style={{ paddingLeft: `${(p.split('/').length - 1) * 10}px` }}>
              <button
                type="button"
                class="link"
                aria-current={view.shown === 'file' && view.path === p ? 'page' : undefined}
                aria-label={`Open file ${p}`}
                onClick={() => void openFile(session, p)}
              >
                {p.split('/').at(-1)}
              </button>
              {p.includes('/') && <span class="muted"> {p.split('/').slice(0, -1).join('/')}</span>}
            </li>
          ))}
        </ul>
        <h4>Commits</h4>
        <ol class="commit-list">
          {commits.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                class="link"
                aria-label={`Open commit ${c.id}`}
                onClick={() => void openCommit(session, c.id)}
              >
                <code>{c.id.slice(0, 7)}</code>
              </button>{' '}
              {c.subject} <span class="muted">{c.date.slice(0, 10)}</span>
            </li>
          ))}
        </ol>
      </nav>
      <section class="code-main" aria-label="Code">
        {view.shown === undefined && (
          <p class="muted">
            Open a file or a commit, or search the code. Select lines in a file to pin them; a commit's hunks
            pin as they are.
          </p>
        )}
        {view.shown === 'file' &&
          (view.file && !view.file.ok ? (
            <Errors result={view.file} />
          ) : file?.kind === 'code' ? (
            <CodeFile session={session} file={file} />
          ) : (
            <p class="muted">Opening {view.path}…</p>
          ))}
        {view.shown === 'grep' && <GrepResults session={session} pinned={pinned} />}
        {view.shown === 'commit' && view.commit && (
          <CommitView session={session} commit={view.commit} hunks={view.hunks} pinned={pinned} />
        )}
      </section>
    </div>
  );
}

function Errors({ result }: { result: { readonly errors: readonly Diagnostic[] } }) {
  return (
    <ul class="query-errors" role="alert">
      {result.errors.map((d) => (
        <li key={`${d.from}-${d.message}`}>
          <code>{formatDiagnostic(d)}</code>
        </li>
      ))}
    </ul>
  );
}

function GrepResults({ session, pinned }: { session: Session; pinned: ReadonlySet<string> }) {
  const grep = useStore(session.store, (s) => s.codeView.grep);
  if (!grep) return <p class="muted">Searching…</p>;
  if (!grep.ok) return <Errors result={grep} />;
  return (
    <div aria-live="polite">
      <p class="muted">
        <code>{grep.query}</code>: {grep.matched.toLocaleString('en')} {grep.matched === 1 ? 'line' : 'lines'}
        {grep.matched > grep.items.length ? `, the first ${grep.items.length} listed` : ''}.
      </p>
      <ul class="grep-results" {...RESULT_LIST} onKeyDown={onResultListKey}>
        {grep.items.map(({ evidence: e }) =>
          e.kind === 'code' ? (
            <li key={e.ref} {...RESULT_ITEM}>
              <button type="button" class="link" onClick={() => void openFile(session, e.path, e.commit)}>
                {e.path}:{e.startLine}
              </button>
              <pre>{e.text}</pre>
              <button
                type="button"
                disabled={pinned.has(e.ref)}
                data-pin=""
                aria-label={`Pin ${e.path} line ${e.startLine}`}
                onClick={() => pin(session, e)}
              >
                {pinned.has(e.ref) ? 'Pinned' : 'Pin'}
              </button>
            </li>
          ) : null,
        )}
      </ul>
    </div>
  );
}
