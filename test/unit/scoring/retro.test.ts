import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/engine/investigation/actions.ts';
import { playBot } from '../../../src/engine/scoring/bots.ts';
import { gradeOf } from '../../../src/engine/scoring/grade.ts';
import { orderedEntries, retro, summarise } from '../../../src/engine/scoring/retro.ts';
import { GAME_DAY, score } from '../../../src/engine/scoring/score.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

const scenario = builtinScenario('tutorial.yaml');
const reference = playBot('reference', simulate(scenario));
const members = { ana: { name: 'Ana', role: 'commander' }, bo: { name: 'Bo | ops', role: 'investigator' } };

describe('retro', () => {
  const board = reference.map((action, i) => ({ by: i % 2 === 0 ? 'ana' : 'bo', action }));
  const { json, markdown } = retro(scenario, [
    { id: 'team-1', name: 'Team 1', entries: board, members },
    { id: 'team-2', name: 'Team 2', entries: [], members: {} },
  ]);

  it('scores each team as the engine does', () => {
    // A game day's players do not mitigate, so teams are scored on the investigation alone.
    expect(json.teams.map((t) => t.total)).toEqual([
      score(scenario, reference, undefined, GAME_DAY).total,
      score(scenario, [], undefined, GAME_DAY).total,
    ]);
    // Beside each total, the grade a solo play of that total earns.
    expect(json.teams.map((t) => t.grade)).toEqual(json.teams.map((t) => gradeOf(t.total, 0)));
    expect(json.teams[1]!.grade).toBe('D');
    expect(json.teams[0]!.parts.map((p) => p.id)).toEqual([
      'diagnosis',
      'chain',
      'evidence',
      'method',
      'efficiency',
    ]);
  });

  it('puts every step on the timeline with the member who took it', () => {
    expect(json.teams[0]!.steps.length).toBe(reference.length);
    expect(json.teams[0]!.steps.slice(0, 2).map((s) => s.by)).toEqual(['Ana', 'Bo | ops']);
    expect(json.teams[1]!.steps).toEqual([]);
  });

  it('finds where a team left the reference path', () => {
    expect(json.teams[1]!.divergedAt).toBe(0);
    expect(json.teams[1]!.path.map((p) => p.matchedStep)).toEqual(scenario.solution.path.map(() => null));
    expect(json.teams[0]!.path.every((p) => p.matchedStep !== null)).toBe(true);
    expect(json.teams[0]!.divergedAt).toBe(null);
  });

  it('writes Markdown with both teams side by side and names kept out of the table syntax', () => {
    const lines = markdown.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `# Retro: ${scenario.title}`,
      '',
      '| Part | Team 1 | Team 2 |',
      '| --- | --- | --- |',
    ]);
    expect(lines).toContain(`| **Grade** | **${json.teams[0]!.grade}** | **D** |`);
    expect(lines).toContain('## Team 2');
    expect(lines).toContain('- Followed every step of the reference path.');
    expect(lines).toContain(`- Left the reference path at step 1: ${scenario.solution.path[0]!.note}`);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('orderedEntries', () => {
  const q = (at: number): Action => ({
    type: 'query',
    at,
    tool: 'logs',
    query: `q${at}`,
    matched: 0,
    shownIds: [],
  });
  it.each([
    { ats: [3, 1, 2], order: [1, 2, 3] },
    { ats: [5, 5, 1], order: [1, 5, 5] },
  ])('orders $ats by time', ({ ats, order }) => {
    expect(orderedEntries(ats.map((at) => ({ by: 'x', action: q(at) }))).map((e) => e.action.at)).toEqual(
      order,
    );
  });
});

describe('summarise', () => {
  it.each<[Action, string]>([
    [
      { type: 'query', at: 0, tool: 'logs', query: '{service="web"}\n  |= "x"', matched: 3, shownIds: [] },
      'logs {service="web"} |= "x" (3 matched)',
    ],
    [
      {
        type: 'query',
        at: 0,
        tool: 'logs',
        query: '{service="web"}',
        matched: 90_000,
        shownIds: ['log:7'],
        rows: { from: 4999, to: 5000 },
      },
      'logs {service="web"} (90000 matched; scrolled to lines 5000–5000)',
    ],
    [{ type: 'hypothesis', at: 0, id: 'h1', text: 'cart broke' }, 'hypothesis: cart broke'],
    [{ type: 'link', at: 0, id: 'l1', from: 'cart', to: 'web', evidence: [] }, 'chain link cart → web'],
    [{ type: 'hint', at: 0, index: 0 }, 'took hint 1'],
  ])('%o reads %s', (action, text) => {
    expect(summarise(action)).toBe(text);
  });
});
