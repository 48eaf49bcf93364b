import { parsePromQL } from '../query/promql/index.ts';
import { typeOf } from '../query/promql/typeCheck.ts';
import type { Code } from './codeSchema.ts';
import type { RefProblem } from './crossRefs.ts';
import { didYouMean } from './diagnostics.ts';
import type { Scenario } from './schema.ts';

type Add = (path: PropertyKey[], message: string, offset?: number) => void;

/**
 * Checks the code, docs, dashboards and alert rules against each other and the system: the commit history
 * is well formed, deploys and clues name commits that exist, review comments point at real lines, every
 * PromQL expression parses (positioned at the character where it stops), runbooks exist.
 */
export function checkCodeReferences(s: Scenario): RefProblem[] {
  const problems: RefProblem[] = [];
  const add: Add = (path, message, offset) => {
    problems.push(offset === undefined ? { path, message } : { path, message, offset });
  };
  const services = s.system.services.map((svc) => svc.id);
  const commits = s.code ? checkHistory(s.code, services, add) : new Map<string, Map<string, number>>();
  const commitIds = [...commits.keys()];

  s.timeline.forEach((e, i) => {
    // Deploy events name the commit they roll out when the scenario has a code history.
    const commit = e.commit;
    if (commit === undefined) return;
    if (!s.code) add(['timeline', i, 'commit'], 'names a commit but the scenario has no `code` section');
    else if (!resolve(commitIds, commit))
      add(['timeline', i, 'commit'], `unknown commit "${commit}"${didYouMean(commit, commitIds)}`);
  });

  const docIds = s.docs.map((d) => d.id);
  for (const i of duplicates(docIds)) add(['docs', i, 'id'], `duplicate doc id "${docIds[i]}"`);
  s.docs.forEach((d, i) => {
    d.services.forEach((svc, j) => {
      if (!services.includes(svc))
        add(['docs', i, 'services', j], `unknown service "${svc}"${didYouMean(svc, services)}`);
    });
  });

  const dashboards = s.dashboards.map((d) => d.id);
  for (const i of duplicates(dashboards))
    add(['dashboards', i, 'id'], `duplicate dashboard id "${dashboards[i]}"`);
  s.dashboards.forEach((d, i) => {
    d.panels.forEach((p, j) => {
      p.queries.forEach((q, k) => {
        checkExpr(q.expr, ['dashboards', i, 'panels', j, 'queries', k, 'expr'], false, add);
      });
    });
  });

  const alerts = s.alerts.map((a) => a.alert);
  for (const i of duplicates(alerts)) add(['alerts', i, 'alert'], `duplicate alert rule "${alerts[i]}"`);
  s.alerts.forEach((a, i) => {
    checkExpr(a.expr, ['alerts', i, 'expr'], true, add);
    if (a.runbook !== undefined && !docIds.includes(a.runbook))
      add(['alerts', i, 'runbook'], `unknown doc "${a.runbook}"${didYouMean(a.runbook, docIds)}`);
  });

  (['clues', 'redHerrings'] as const).forEach((list) => {
    (s.solution[list] as readonly { code?: CodeClue; anyOf?: readonly { code?: CodeClue }[] }[]).forEach(
      (c, i) => {
        if (c.code) checkCodeClue(c.code, ['solution', list, i, 'code'], s.code !== undefined, commits, add);
        c.anyOf?.forEach((alt, j) => {
          if (alt.code)
            checkCodeClue(
              alt.code,
              ['solution', list, i, 'anyOf', j, 'code'],
              s.code !== undefined,
              commits,
              add,
            );
        });
      },
    );
  });
  return problems;
}

/** A clue's pointer at lines of a file, as the solution writes it. */
interface CodeClue {
  readonly commit?: string;
  readonly file: string;
  readonly lines: readonly number[];
}

/** A code clue names a commit of the history (the last one when absent), a file there and lines it has. */
function checkCodeClue(
  clue: CodeClue,
  path: PropertyKey[],
  hasCode: boolean,
  commits: ReadonlyMap<string, ReadonlyMap<string, number>>,
  add: Add,
): void {
  if (!hasCode) {
    add(path, 'points at code but the scenario has no `code` section');
    return;
  }
  const ids = [...commits.keys()];
  const at = clue.commit === undefined ? ids[ids.length - 1] : resolve(ids, clue.commit);
  const files = at === undefined ? undefined : commits.get(at);
  if (at === undefined || !files) {
    const name = clue.commit ?? '';
    add([...path, 'commit'], `unknown commit "${name}"${didYouMean(name, ids)}`);
    return;
  }
  const lines = files.get(clue.file);
  const last = clue.lines[1] ?? 0;
  if (lines === undefined)
    add([...path, 'file'], `no file "${clue.file}" at commit ${at}${didYouMean(clue.file, files.keys())}`);
  else if (last > lines)
    add([...path, 'lines'], `"${clue.file}" has ${lines} lines at commit ${at}; there is no line ${last}`);
}

/** Validates the history and returns, for each commit, the files present after it and their line counts. */
function checkHistory(code: Code, services: readonly string[], add: Add): Map<string, Map<string, number>> {
  if (code.service !== undefined && !services.includes(code.service))
    add(['code', 'service'], `unknown service "${code.service}"${didYouMean(code.service, services)}`);
  const initial = code.files.map((f) => f.path);
  for (const i of duplicates(initial)) add(['code', 'files', i, 'path'], `"${initial[i]}" is listed twice`);

  const trees = new Map<string, Map<string, number>>();
  code.commits.forEach((c, i) => {
    const here = ['code', 'commits', i];
    if (trees.has(c.id)) add([...here, 'id'], `duplicate commit id "${c.id}"`);
    let parent: Map<string, number> | undefined;
    if (i === 0 && c.parent !== undefined)
      add([...here, 'parent'], 'the first commit starts the history and has no parent');
    else if (i > 0) {
      const pid = c.parent ?? code.commits[i - 1]!.id;
      parent = trees.get(pid);
      if (!parent) {
        const earlier = [...trees.keys()];
        add(
          [...here, 'parent'],
          `unknown commit "${pid}"${didYouMean(pid, earlier)}: a parent must be listed before its children`,
        );
      }
    }
    const tree = new Map(parent ?? []);
    if (i === 0) for (const f of code.files) tree.set(f.path, lineCount(f.content));
    const paths = c.changes.map((ch) => ch.path);
    for (const j of duplicates(paths))
      add([...here, 'changes', j, 'path'], `"${paths[j]}" changes twice in one commit`);
    c.changes.forEach((ch, j) => {
      const at = [...here, 'changes', j];
      if (ch.deleted && ch.content !== undefined)
        add(at, 'a change either deletes the file or gives its `content`, not both');
      else if (!ch.deleted && ch.content === undefined)
        add(at, 'give the whole new file as `content:`, or `deleted: true` to remove it');
      else if (ch.deleted && !tree.has(ch.path))
        add(
          [...at, 'path'],
          `cannot delete "${ch.path}": no such file here${didYouMean(ch.path, tree.keys())}`,
        );
      if (ch.deleted) tree.delete(ch.path);
      else if (ch.content !== undefined) tree.set(ch.path, lineCount(ch.content));
    });
    if (i > 0 && c.changes.length === 0)
      add([...here, 'changes'], 'a commit after the first must change a file');
    c.pr?.reviews.forEach((r, j) => {
      const at = [...here, 'pr', 'reviews', j];
      if ((r.file === undefined) !== (r.line === undefined)) {
        add(at, 'a comment on a line needs both `file` and `line`');
        return;
      }
      if (r.file === undefined || r.line === undefined) return;
      const lines = tree.get(r.file);
      if (lines === undefined)
        add([...at, 'file'], `no file "${r.file}" at commit ${c.id}${didYouMean(r.file, tree.keys())}`);
      else if (r.line > lines)
        add([...at, 'line'], `"${r.file}" has ${lines} lines at commit ${c.id}; there is no line ${r.line}`);
    });
    if (!trees.has(c.id)) trees.set(c.id, tree);
  });
  return trees;
}

/** Parses a PromQL expression; a problem points at the character where parsing stopped. */
function checkExpr(expr: string, path: PropertyKey[], alert: boolean, add: Add): void {
  const parsed = parsePromQL(expr);
  const first = parsed.diagnostics.find((d) => d.severity === 'error');
  if (first) {
    add(path, `PromQL: ${first.message}`, first.from);
    return;
  }
  const type = parsed.ast && typeOf(parsed.ast);
  if (alert && type !== 'vector')
    add(path, 'PromQL: an alert rule must give an instant vector (each series it returns is an alert)');
  else if (type !== 'vector' && type !== 'scalar')
    add(path, 'PromQL: a panel query must give an instant vector or a scalar to draw over time');
}

function lineCount(content: string): number {
  if (content === '') return 0;
  const n = content.split('\n').length;
  return content.endsWith('\n') ? n - 1 : n;
}

/** The commit an id or a unique prefix of at least 4 characters names, as git resolves short ids. */
function resolve(ids: readonly string[], ref: string): string | undefined {
  if (ids.includes(ref)) return ref;
  if (ref.length < 4) return undefined;
  const matches = ids.filter((id) => id.startsWith(ref));
  return matches.length === 1 ? matches[0] : undefined;
}

function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) out.push(i);
    seen.add(v);
  });
  return out;
}
