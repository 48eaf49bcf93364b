import { clueQuery, clueTool, matchesClue } from '../../investigation/clues.ts';
import type { ToolRequest, ToolResult } from '../../investigation/tools.ts';
import { runTool } from '../../investigation/tools.ts';
import type { World } from '../../world/world.ts';
import type { Scenario } from '../schema.ts';
import type { SolutionClue } from '../solutionSchema.ts';
import type { LintFinding } from './types.ts';
import { cluePath } from './types.ts';
import { unobservedClues } from './unobservedClues.ts';

/** How many different tools the key clues must span: one tool alone never tells the whole story. */
export const MIN_CLUE_TOOLS = 3;

function request(tool: ToolRequest['tool'], query: string): ToolRequest {
  if (tool === 'inbox') return { tool };
  if (tool === 'changes') return { tool, query };
  return { tool, query } as ToolRequest;
}

/** Runs each query once per world: a clue's query is often a step of the reference path too. */
type Run = (tool: ToolRequest['tool'], query: string) => ToolResult;

function runOnce(world: World): Run {
  const results = new Map<string, ToolResult>();
  return (tool, query) => {
    const key = `${tool}\n${query}`;
    let result = results.get(key);
    if (!result) {
      result = runTool(world, request(tool, query));
      results.set(key, result);
    }
    return result;
  };
}

function shows(result: ToolResult, clue: SolutionClue): boolean {
  return result.ok && result.items.some((i) => matchesClue(i.evidence, clue));
}

function firstError(result: ToolResult): string {
  return result.ok ? '' : (result.errors[0]?.message ?? 'the query fails');
}

/**
 * Check (b): every clue and red herring can be found. Its query (the author's, or the one derived from its
 * matcher) is run through the same tool a trainee uses and must show at least one item the clue matches.
 * No query is derived from a span or code matcher, so such a clue without a `query` must be shown by a
 * step of the reference path, as it is the only way the reference bot and the debrief find it.
 */
export function unreachableClues(scenario: Scenario, world: World): LintFinding[] {
  // A clue on a component nobody can see into is told as such, with what to find instead.
  const findings = unobservedClues(scenario);
  const told = new Set(findings.map((f) => f.path.slice(0, 3).join('.')));
  const run = runOnce(world);
  for (const clue of [...scenario.solution.clues, ...scenario.solution.redHerrings]) {
    const tool = clueTool(clue);
    const path = cluePath(scenario, clue.id);
    if (told.has(path.join('.'))) continue;
    if ((tool === 'traces' || tool === 'code') && clue.query === undefined) {
      // No query is derived from a span or code matcher (an empty one lists whatever comes first): only
      // a reference-path step can show the clue.
      if (pathShows(scenario, run, tool, clue)) continue;
      const held = foundDirectly(world, clue) ? 'the world holds it, but ' : '';
      findings.push({
        rule: 'unreachable-clue',
        severity: 'error',
        path,
        message: `clue "${clue.id}" cannot be found: ${held}a ${clue.span ? 'span' : 'code'} clue is found only through a query, and it has no \`query\` and no ${tool} step of the reference path shows it (${describeMatcher(clue)}); add \`query:\` with the ${tool} query a trainee would run`,
      });
      continue;
    }
    const result = run(tool, clueQuery(clue));
    if (shows(result, clue)) continue;
    const derived = clue.query === undefined ? result : run(tool, clueQuery({ ...clue, query: undefined }));
    const direct = tool === 'traces' || tool === 'code' ? foundDirectly(world, clue) : shows(derived, clue);
    if (direct && clue.query !== undefined && result.ok) {
      findings.push({
        rule: 'unreachable-clue',
        severity: 'error',
        path: [...path, 'query'],
        message: `clue "${clue.id}": its query \`${clue.query}\` shows ${result.items.length} item(s), none of them the clue; the debrief offers this query to trainees who missed it`,
      });
    } else if (direct && clue.query !== undefined && tool !== 'traces' && tool !== 'code') {
      findings.push({
        rule: 'unreachable-clue',
        severity: 'error',
        path: [...path, 'query'],
        message: `clue "${clue.id}": its query fails: ${firstError(result)}`,
      });
    } else if (!direct) {
      findings.push({
        rule: 'unreachable-clue',
        severity: 'error',
        path,
        message: `clue "${clue.id}" cannot be found: no ${tool} query returns an item it matches (${describeMatcher(clue)}); check the service, the text and the time the signal exists`,
      });
    }
  }
  scenario.solution.path.forEach((step, i) => {
    if (step.tool === 'traces' || step.tool === 'code' || step.tool === 'inbox') return;
    const result = run(step.tool, step.query);
    if (!result.ok)
      findings.push({
        rule: 'unreachable-clue',
        severity: 'error',
        path: ['solution', 'path', i, 'query'],
        message: `the reference path's ${step.tool} query fails: ${firstError(result)}`,
      });
  });
  return findings;
}

function describeMatcher(clue: SolutionClue): string {
  if (clue.log) return `a ${clue.log.service} log line containing ${JSON.stringify(clue.log.contains)}`;
  if (clue.metric) return `a series of ${clue.metric.name}${JSON.stringify(clue.metric.labels)}`;
  if (clue.span) {
    const { status, service, operation } = clue.span;
    return `${status === undefined ? 'a' : `an ${status}`} span of ${service}${operation ? ` ${operation}` : ''}`;
  }
  if (clue.code)
    return `${clue.code.file} lines ${clue.code.lines.join('-')}${clue.code.commit ? ` at ${clue.code.commit}` : ''}`;
  if (clue.change !== undefined) return `the change ${clue.change}`;
  if (clue.ticket !== undefined) return `the ticket ${clue.ticket}`;
  return `the alert ${clue.alert ?? ''}`;
}

/** Whether a step of the reference path run through `tool` shows an item the clue matches. */
function pathShows(scenario: Scenario, run: Run, tool: ToolRequest['tool'], clue: SolutionClue): boolean {
  return scenario.solution.path.some((step) => step.tool === tool && shows(run(tool, step.query), clue));
}

/** Whether the world holds what a span or code clue points at, whatever query would find it. */
function foundDirectly(world: World, clue: SolutionClue): boolean {
  if (clue.span) {
    const s = clue.span;
    for (const service of [s.service]) {
      for (const row of world.traces.spansOf(service)) {
        const span = world.traces.span(row);
        if (s.operation !== undefined && span.name !== s.operation) continue;
        if (s.status !== undefined && (span.status === 'error') !== (s.status === 'error')) continue;
        return true;
      }
    }
    return false;
  }
  if (clue.code) {
    const c = clue.code;
    const repo = world.code;
    if (!repo) return false;
    const commits = c.commit
      ? [repo.resolve(c.commit)?.id].filter((id) => id !== undefined)
      : repo.commits.map((x) => x.id);
    return commits.some((id) => (repo.lines(c.file, id)?.length ?? 0) >= c.lines[0]);
  }
  return false;
}

/**
 * Check (f): the key clues are found with at least three different tools. The tutorial is exempt: it
 * walks a newcomer through the method (scope, query, pin, hypothesise, refute, chain, respond) with the
 * logs and the change log alone, step by step, and the rest of the library makes the trainee switch tools.
 */
export function tooFewTools(scenario: Scenario): LintFinding[] {
  const tools = [...new Set(scenario.solution.clues.map(clueTool))].sort();
  if (tools.length >= MIN_CLUE_TOOLS || scenario.tags.includes('tutorial')) return [];
  return [
    {
      rule: 'too-few-tools',
      severity: 'error',
      path: ['solution', 'clues'],
      message: `the clues are found with ${tools.length} tool(s) (${tools.join(', ')}); solving should need at least ${MIN_CLUE_TOOLS} of logs, metrics, traces, code, changes and inbox`,
    },
  ];
}
