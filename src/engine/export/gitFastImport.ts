import type { CodeRepo, Identity, RepoCommit } from '../world/codeRepo.ts';
import { parseIdentity } from '../world/codeRepo.ts';

/** Bytes of a string in UTF-8, which `git fast-import`'s `data <count>` counts. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** A git date: Unix seconds and the zone the scenario wrote (`Z` is +0000). */
export function gitDate(c: RepoCommit): string {
  const zone = /([+-])(\d{2}):?(\d{2})$/.exec(c.date);
  const tz = zone ? `${zone[1]}${zone[2]}${zone[3]}` : '+0000';
  return `${Math.floor(c.dateMs / 1000)} ${tz}`;
}

const ident = (who: Identity, c: RepoCommit) => `${who.name} <${who.email}> ${gitDate(c)}`;

const data = (text: string) => `data ${utf8Length(text)}\n${text}\n`;

/**
 * The commit message written to git: the scenario's message, then trailers that keep the link to the
 * scenario (`Scenario-Commit: a41f9c2`, since git computes its own ids), the pull request, and who
 * approved it (`Reviewed-by:`, as the Linux kernel writes it).
 */
export function gitMessage(repo: CodeRepo, c: RepoCommit): string {
  const trailers = [`Scenario-Commit: ${c.id}`];
  if (c.pr) {
    trailers.push(`Pull-Request: #${c.pr.number} ${c.pr.title}`);
    for (const r of c.pr.reviews) {
      if (r.verdict !== 'approved') continue;
      const who = parseIdentity(r.author, repo.emailDomain);
      trailers.push(`Reviewed-by: ${who.name} <${who.email}>`);
    }
  }
  return `${c.message.trimEnd()}\n\n${trailers.join('\n')}\n`;
}

/**
 * A `git fast-import` stream that rebuilds the scenario's history on `refs/heads/main`, with each
 * commit's author, committer and date set from the scenario so the resulting ids are the same on every
 * machine. Commits whose line of history does not lead to the last commit keep a branch named after
 * their scenario id, so nothing is lost.
 */
export function gitFastImportStream(repo: CodeRepo): string {
  const mark = new Map(repo.commits.map((c, i) => [c.id, i + 1]));
  const parents = new Set(repo.commits.map((c) => c.parent));
  const out: string[] = [];
  for (const c of repo.commits) {
    out.push('commit refs/heads/main\n', `mark :${mark.get(c.id)}\n`);
    out.push(`author ${ident(c.author, c)}\n`, `committer ${ident(c.author, c)}\n`);
    out.push(data(gitMessage(repo, c)));
    out.push(c.parent === undefined ? 'deleteall\n' : `from :${mark.get(c.parent)}\n`);
    for (const path of c.touched) {
      const content = repo.file(path, c.id);
      if (content === undefined) out.push(`D ${path}\n`);
      else out.push(`M 100644 inline ${path}\n`, data(content));
    }
    out.push('\n');
  }
  for (const c of repo.commits) {
    if (c.id !== repo.head && !parents.has(c.id))
      out.push(`reset refs/heads/${c.id}\nfrom :${mark.get(c.id)}\n\n`);
  }
  out.push('done\n');
  return out.join('');
}
