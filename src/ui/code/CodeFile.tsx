import { useEffect, useRef, useState } from 'preact/hooks';
import type { CodeEvidence } from '../../engine/investigation/evidence.ts';
import type { BlameLine, RepoCommit } from '../../engine/world/codeRepo.ts';
import type { Session } from '../../state/session.ts';
import { openCommit, pinLines } from './runCode.ts';

/**
 * One file at a commit: highlighted (CodeMirror loads with the first file opened), select lines and pin
 * them; its history and its blame beside it.
 */
export function CodeFile({ session, file }: { session: Session; file: CodeEvidence }) {
  const host = useRef<HTMLDivElement>(null);
  const [lines, setLines] = useState<readonly [number, number] | undefined>(undefined);
  const [side, setSide] = useState<'history' | 'blame'>('history');
  useEffect(() => {
    let viewer: { destroy(): void } | undefined;
    let cancelled = false;
    setLines(undefined);
    void import('./codeViewer.ts').then(({ createCodeViewer }) => {
      if (cancelled || !host.current) return;
      viewer = createCodeViewer(host.current, {
        doc: file.text,
        path: file.path,
        label: `${file.path} at ${file.commit}`,
        onSelect: setLines,
      });
    });
    return () => {
      cancelled = true;
      viewer?.destroy();
    };
  }, [file]);
  return (
    <div class="code-file">
      <header>
        <h3>
          <code>{file.path}</code> <span class="muted">at {file.commit}</span>
        </h3>
        <button
          type="button"
          data-pin-selected
          disabled={!lines}
          onClick={() => lines && void pinLines(session, file.path, file.commit, lines)}
        >
          {lines ? `Pin lines ${lines[0]}–${lines[1]}` : 'Select lines to pin'}
        </button>
      </header>
      <div ref={host} class="code-viewer" />
      <div class="tablist small" role="tablist" aria-label="File history and blame">
        {(['history', 'blame'] as const).map((s) => (
          <button type="button" role="tab" key={s} aria-selected={side === s} onClick={() => setSide(s)}>
            {s === 'history' ? 'History' : 'Blame'}
          </button>
        ))}
      </div>
      {side === 'history' ? (
        <FileHistory session={session} path={file.path} />
      ) : (
        <FileBlame session={session} path={file.path} commit={file.commit} />
      )}
    </div>
  );
}

function CommitLink({ session, commit }: { session: Session; commit: RepoCommit }) {
  return (
    <button
      type="button"
      class="link"
      aria-label={`Open commit ${commit.id}`}
      onClick={() => void openCommit(session, commit.id)}
    >
      <code>{commit.id.slice(0, 7)}</code>
    </button>
  );
}

function FileHistory({ session, path }: { session: Session; path: string }) {
  const [commits, setCommits] = useState<readonly RepoCommit[] | undefined>(undefined);
  useEffect(() => {
    void session.browseCode({ kind: 'history', path, endMs: session.nowMs() }).then((a) => {
      setCommits(a.kind === 'history' ? a.commits : []);
    });
  }, [session, path]);
  if (!commits) return <p class="muted">Reading the history…</p>;
  return (
    <ol class="commit-list" aria-label={`History of ${path}`}>
      {commits.map((c) => (
        <li key={c.id}>
          <CommitLink session={session} commit={c} /> {c.subject}{' '}
          <span class="muted">
            {c.author.name}, {c.date.slice(0, 10)}
            {c.pr ? ` · #${c.pr.number}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

function FileBlame({ session, path, commit }: { session: Session; path: string; commit: string }) {
  const [blame, setBlame] = useState<{ lines: readonly BlameLine[]; commits: readonly RepoCommit[] }>();
  useEffect(() => {
    void session.browseCode({ kind: 'blame', path, commit, endMs: session.nowMs() }).then((a) => {
      setBlame(a.kind === 'blame' ? a : { lines: [], commits: [] });
    });
  }, [session, path, commit]);
  if (!blame) return <p class="muted">Reading the blame…</p>;
  const byId = new Map(blame.commits.map((c) => [c.id, c]));
  return (
    <table class="blame" aria-label={`Blame of ${path}`}>
      <tbody>
        {blame.lines.map((l, i) => {
          const c = byId.get(l.commit);
          const first = i === 0 || blame.lines[i - 1]!.commit !== l.commit;
          return (
            <tr key={l.line}>
              <td class="blame-commit">
                {first && c && (
                  <>
                    <CommitLink session={session} commit={c} /> <span class="muted">{c.author.name}</span>
                  </>
                )}
              </td>
              <td class="blame-line muted">{l.line}</td>
              <td>
                <pre>{l.text}</pre>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
