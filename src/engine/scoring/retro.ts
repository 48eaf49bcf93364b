import type { Action } from '../investigation/actions.ts';
import { describeEvidence } from '../investigation/evidence.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Grade } from './grade.ts';
import { gradeOfReport } from './grade.ts';
import { scorePlay, teamPlay } from './playScore.ts';
import type { PartId } from './score.ts';

/** One step of a team's shared board: the action and the id of the member who took it. */
export interface RetroEntry {
  readonly by: string;
  readonly action: Action;
}

/** A team as the retro reads it: its board in the order the server kept it, and its members' names. */
export interface RetroTeam {
  readonly id: string;
  readonly name: string;
  readonly entries: readonly RetroEntry[];
  /** Member id → display name and role; an id not listed shows as itself. */
  readonly members: Readonly<Record<string, { readonly name: string; readonly role: string }>>;
}

/** One step on a team's timeline. */
export interface RetroStep {
  readonly at: number;
  readonly by: string;
  readonly type: Action['type'];
  readonly summary: string;
}

/** Whether a team took one step of the reference path, and at which of its own steps. */
export interface RetroPathStep {
  readonly tool: string;
  readonly query: string;
  readonly note: string;
  /** Index into the team's steps of the first query that matches, or null when none did. */
  readonly matchedStep: number | null;
}

/** A team's retro: its score parts, its timeline and how it compares with the reference path. */
export interface RetroTeamReport {
  readonly id: string;
  readonly name: string;
  readonly total: number;
  /** The letter beside the total, as a solo play of that score earns it. */
  readonly grade: Grade;
  readonly parts: readonly {
    readonly id: PartId;
    readonly label: string;
    readonly score: number;
    readonly max: number;
  }[];
  readonly penalties: readonly { readonly label: string; readonly points: number }[];
  readonly correct: { readonly component: boolean; readonly fault: boolean; readonly trigger: boolean };
  readonly steps: readonly RetroStep[];
  readonly path: readonly RetroPathStep[];
  /** Index of the first reference step the team did not take in order, or null when it followed all. */
  readonly divergedAt: number | null;
}

/** The whole retro as data: what the JSON export holds. */
export interface RetroJson {
  readonly scenarioId: string;
  readonly title: string;
  readonly teams: readonly RetroTeamReport[];
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** What a step did, in one line of plain text. */
export function summarise(action: Action): string {
  switch (action.type) {
    case 'query':
      return `${action.tool}${action.query ? ` ${squash(action.query)}` : ''} (${action.matched} matched${
        action.rows ? `; scrolled to lines ${action.rows.from + 1}–${action.rows.to}` : ''
      })`;
    case 'pin':
      return `pinned ${describeEvidence(action.evidence)}`;
    case 'unpin':
      return `unpinned ${action.ref}`;
    case 'hypothesis':
      return `hypothesis: ${squash(action.text)}`;
    case 'hypothesis status':
      return `hypothesis ${action.id} ${action.status}`;
    case 'mark':
      return `${action.ref} ${action.stance === 'none' ? 'unmarked for' : `${action.stance}`} ${action.hypothesisId}`;
    case 'link':
      return `chain link ${action.from} → ${action.to}`;
    case 'unlink':
      return `removed chain link ${action.id}`;
    case 'hint':
      return `took hint ${action.index + 1}`;
    case 'diagnose':
      return `diagnosed ${action.diagnosis.component}: ${action.diagnosis.fault}${action.diagnosis.trigger ? ` after ${action.diagnosis.trigger}` : ''} (${action.diagnosis.confidence}% sure)`;
    case 'mitigate':
      return `mitigated: ${action.mitigation}`;
    case 'status':
      return `status update: ${squash(action.text)}`;
  }
}

/**
 * Matches the reference path against a team's steps in order: a path step is taken by the first later
 * query with the same tool and, when the step names a query, the same query text (spacing aside).
 */
function followPath(scenario: Scenario, steps: readonly Action[]): RetroPathStep[] {
  let from = 0;
  return scenario.solution.path.map((p) => {
    const want = squash(p.query);
    let matchedStep: number | null = null;
    for (let i = from; i < steps.length; i++) {
      const a = steps[i]!;
      if (a.type === 'query' && a.tool === p.tool && (want === '' || squash(a.query) === want)) {
        matchedStep = i;
        from = i + 1;
        break;
      }
    }
    return { tool: p.tool, query: p.query, note: p.note, matchedStep };
  });
}

/** The board's actions in the order the game scores them: by elapsed time, ties in board order. */
export function orderedEntries(entries: readonly RetroEntry[]): RetroEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.action.at - b.e.action.at || a.i - b.i)
    .map(({ e }) => e);
}

function teamReport(scenario: Scenario, team: RetroTeam): RetroTeamReport {
  const ordered = orderedEntries(team.entries);
  const actions = ordered.map((e) => e.action);
  const report = scorePlay(scenario, teamPlay(actions));
  const path = followPath(scenario, actions);
  const missed = path.findIndex((p) => p.matchedStep === null);
  return {
    id: team.id,
    name: team.name,
    total: report.total,
    grade: gradeOfReport(report),
    parts: report.parts.map((p) => ({ id: p.id, label: p.label, score: p.score, max: p.max })),
    penalties: report.penalties.map((p) => ({ label: p.label, points: p.points })),
    correct: report.correct,
    steps: ordered.map((e) => ({
      at: e.action.at,
      by: team.members[e.by]?.name ?? e.by,
      type: e.action.type,
      summary: summarise(e.action),
    })),
    path,
    divergedAt: missed === -1 ? null : missed,
  };
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

// Names and summaries come from players and scenarios: keep them from breaking the Markdown table.
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdownOf(json: RetroJson): string {
  const lines = [`# Retro: ${json.title}`, ''];
  const teams = json.teams;
  lines.push(`| Part | ${teams.map((t) => cell(t.name)).join(' | ')} |`);
  lines.push(`| --- | ${teams.map(() => '---').join(' | ')} |`);
  const partIds = teams[0]?.parts.map((p) => p.id) ?? [];
  for (const id of partIds) {
    const label = teams[0]!.parts.find((p) => p.id === id)!.label;
    lines.push(
      `| ${cell(label)} | ${teams
        .map((t) => {
          const p = t.parts.find((q) => q.id === id)!;
          return `${p.score} / ${p.max}`;
        })
        .join(' | ')} |`,
    );
  }
  lines.push(`| **Total** | ${teams.map((t) => `**${t.total}** / 100`).join(' | ')} |`);
  lines.push(`| **Grade** | ${teams.map((t) => `**${t.grade}**`).join(' | ')} |`, '');
  for (const t of teams) {
    lines.push(`## ${t.name}`, '');
    for (const p of t.penalties) lines.push(`- Penalty: ${p.label} (−${p.points})`);
    const verdict = t.correct.component && t.correct.fault ? 'right' : 'not right';
    lines.push(
      `- Diagnosis: ${verdict} (component ${t.correct.component ? 'right' : 'wrong'}, fault ${t.correct.fault ? 'right' : 'wrong'})`,
    );
    lines.push(
      t.divergedAt === null
        ? '- Followed every step of the reference path.'
        : `- Left the reference path at step ${t.divergedAt + 1}: ${t.path[t.divergedAt]!.note}`,
      '',
      '### Timeline',
      '',
    );
    if (t.steps.length === 0) lines.push('No steps.');
    for (const s of t.steps) lines.push(`- ${clock(s.at)} ${s.by}: ${s.summary}`);
    lines.push('', '### Reference path', '');
    t.path.forEach((p, i) => {
      const taken = p.matchedStep === null ? 'not taken' : `taken at ${clock(t.steps[p.matchedStep]!.at)}`;
      lines.push(`${i + 1}. ${p.tool}${p.query ? ` \`${squash(p.query)}\`` : ''}: ${taken}. ${p.note}`);
    });
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * The debrief of a game day: every team's score parts, timeline and walk along the reference path, as
 * data (for the retro screen and the JSON export) and as Markdown to paste into a retro document.
 */
export function retro(
  scenario: Scenario,
  teams: readonly RetroTeam[],
): { markdown: string; json: RetroJson } {
  const json: RetroJson = {
    scenarioId: scenario.id,
    title: scenario.title,
    teams: teams.map((t) => teamReport(scenario, t)),
  };
  return { markdown: markdownOf(json), json };
}
