import { useEffect, useState } from 'preact/hooks';
import type { ToolResult } from '../../engine/investigation/tools.ts';
import type { CommitView as Commit } from '../../engine/world/codeRepo.ts';
import type { Session } from '../../state/session.ts';
import { pin } from '../logs/LogExplorer.tsx';
import { openFile } from './runCode.ts';

/** A commit: its message, author, the pull request with description and reviews, and its diff by hunk. */
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
  const [view, setView] = useState<Commit | null | undefined>(undefined);
  useEffect(() => {
    void session.browseCode({ kind: 'commit', commit, endMs: session.nowMs() }).then((a) => {
      setView(a.kind === 'commit' ? a.view : null);
    });
  }, [session, commit]);
  if (view === undefined) return <p class="muted">Reading the commit…</p>;
  if (view === null) return <p class="muted">No commit {commit} had been made by now.</p>;
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
        <section class="file-diff" key={file.path} aria-label={`Diff of ${file.path}`}>
          <h4>
            <span class={`diff-status ${file.status}`}>{file.status}</span>{' '}
            <button type="button" class="link" onClick={() => void openFile(session, file.path, c.id)}>
              {file.path}
            </button>
          </h4>
          {file.hunks.map((h) => {
            const item = shown.find(
              (i) =>
                i.evidence.kind === 'code' &&
                i.evidence.path === file.path &&
                i.evidence.startLine === h.newStart,
            );
            const e = item?.evidence;
            let oldLine = h.oldStart;
            let newLine = h.newStart;
            return (
              <div class="hunk" key={`${h.oldStart}-${h.newStart}`}>
                <div class="hunk-header">
                  <code>
                    @@ -{h.oldStart},{h.oldLines} +{h.newStart},{h.newLines} @@
                  </code>
                  {e && (
                    <button
                      type="button"
                      disabled={pinned.has(e.ref)}
                      aria-label={`Pin ${file.path} lines ${h.newStart}–${h.newStart + h.newLines - 1} at ${c.id}`}
                      onClick={() => pin(session, e)}
                    >
                      {pinned.has(e.ref) ? 'Pinned' : 'Pin these lines'}
                    </button>
                  )}
                </div>
                <table class="diff-lines">
                  <tbody>
                    {h.lines.map((l, k) => {
                      const o = l.op === '+' ? '' : oldLine++;
                      const n = l.op === '-' ? '' : newLine++;
                      const cls = l.op === '+' ? 'add' : l.op === '-' ? 'del' : '';
                      return (
                        <tr key={k} class={cls}>
                          <td class="ln">{o}</td>
                          <td class="ln">{n}</td>
                          <td>
                            <pre>
                              {l.op}
                              {l.text}
                            </pre>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            );
          })}
        </section>
      ))}
    </article>
  );
}
