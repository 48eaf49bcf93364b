import { useEffect, useRef, useState } from 'preact/hooks';
import type { ToolItem, ToolResult } from '../../engine/investigation/tools.ts';
import type { FileVersions } from '../../engine/views/codeBrowse.ts';
import type { CommitView as Commit, FileDiff } from '../../engine/world/codeRepo.ts';
import type { Session } from '../../state/session.ts';
import { pin } from '../logs/LogExplorer.tsx';
import { openFile, pinLines } from './runCode.ts';

/** A commit: its message, author, the pull request with description and reviews, and its diff per file. */
export function CommitView({
  session,
  commit,
  hunks,
  pinned,
}: {
  session: Session;
  commit: string;
  hunks: ToolResult | undefined;
  pinned: ReadonlySet<string>;
}) {
  const [answer, setAnswer] = useState<{ view: Commit; files: readonly FileVersions[] } | null | undefined>();
  useEffect(() => {
    void session.browseCode({ kind: 'commit', commit, endMs: session.nowMs() }).then((a) => {
      setAnswer(a.kind === 'commit' ? a : null);
    });
  }, [session, commit]);
  if (answer === undefined) return <p class="muted">Reading the commit…</p>;
  if (answer === null) return <p class="muted">No commit {commit} had been made by now.</p>;
  const view = answer.view;
  const c = view.commit;
  const shown = hunks?.ok ? hunks.items : [];
  return (
    <article class="commit-view" aria-label={`Commit ${c.id}`}>
      <header>
        <h3>{c.subject}</h3>
        <p class="muted">
          <code>{c.id}</code> by {c.author.name} &lt;{c.author.email}&gt; on {c.date}
        </p>
        {c.message.split('\n').slice(2).join('\n').trim() && (
          <pre class="commit-body">{c.message.split('\n').slice(2).join('\n').trim()}</pre>
        )}
      </header>
      {view.pr && (
        <section class="pull-request" aria-label={`Pull request #${view.pr.number}`}>
          <h4>
            #{view.pr.number} {view.pr.title}
          </h4>
          {view.pr.description && <pre class="pr-description">{view.pr.description}</pre>}
          {view.pr.reviews.map((r, i) => (
            <div class={`review review-${r.verdict}`} key={`${i}-${r.author}`}>
              <strong>{r.author}</strong> <span class="badge">{r.verdict}</span>
              {r.file && (
                <span class="muted">
                  {' '}
                  on {r.file}
                  {r.line ? `:${r.line}` : ''}
                </span>
              )}
              {r.body && <pre>{r.body}</pre>}
            </div>
          ))}
        </section>
      )}
      {view.diff.map((file) => (
        <FileChange
          key={file.path}
          session={session}
          commit={c.id}
          file={file}
          versions={answer.files.find((f) => f.path === file.path)}
          shown={shown}
          pinned={pinned}
        />
      ))}
    </article>
  );
}

/**
 * One file's change: its hunks, each pinnable as the code tool showed it, and the change itself in a merge
 * view (loaded with the code viewer) where any lines of the new version can be selected and pinned.
 */
function FileChange({
  session,
  commit,
  file,
  versions,
  shown,
  pinned,
}: {
  session: Session;
  commit: string;
  file: FileDiff;
  versions: FileVersions | undefined;
  shown: readonly ToolItem[];
  pinned: ReadonlySet<string>;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [lines, setLines] = useState<readonly [number, number] | undefined>(undefined);
  useEffect(() => {
    let viewer: { destroy(): void } | undefined;
    let cancelled = false;
    setLines(undefined);
    if (!versions) return;
    void import('./codeViewer.ts').then(({ createDiffViewer }) => {
      if (cancelled || !host.current) return;
      viewer = createDiffViewer(host.current, {
        before: versions.before,
        after: versions.after,
        path: file.path,
        label: `Changes to ${file.path} in ${commit}`,
        onSelect: setLines,
      });
    });
    return () => {
      cancelled = true;
      viewer?.destroy();
    };
  }, [versions, file.path, commit]);
  return (
    <section class="file-diff" aria-label={`Diff of ${file.path}`}>
      <header>
        <h4>
          <span class={`diff-status ${file.status}`}>{file.status}</span>{' '}
          <button type="button" class="link" onClick={() => void openFile(session, file.path, commit)}>
            {file.path}
          </button>
        </h4>
        {file.status !== 'deleted' && (
          <button
            type="button"
            disabled={!lines}
            onClick={() => lines && void pinLines(session, file.path, commit, lines)}
          >
            {lines ? `Pin lines ${lines[0]}–${lines[1]}` : 'Select lines to pin'}
          </button>
        )}
      </header>
      <ul class="hunks">
        {file.hunks.map((h) => {
          const e = shown.find(
            (i) =>
              i.evidence.kind === 'code' &&
              i.evidence.path === file.path &&
              i.evidence.startLine === h.newStart,
          )?.evidence;
          return (
            <li class="hunk-header" key={`${h.oldStart}-${h.newStart}`}>
              <code>
                @@ -{h.oldStart},{h.oldLines} +{h.newStart},{h.newLines} @@
              </code>
              <span class="muted">
                {h.lines.filter((l) => l.op === '+').length} added,{' '}
                {h.lines.filter((l) => l.op === '-').length} removed
              </span>
              {e && (
                <button
                  type="button"
                  disabled={pinned.has(e.ref)}
                  aria-label={`Pin ${file.path} lines ${h.newStart}–${h.newStart + h.newLines - 1} at ${commit}`}
                  onClick={() => pin(session, e)}
                >
                  {pinned.has(e.ref) ? 'Pinned' : 'Pin this hunk'}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <div ref={host} class="code-viewer diff-viewer">
        {!versions && <p class="muted">Reading the file…</p>}
      </div>
    </section>
  );
}
