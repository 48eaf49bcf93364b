import { request as httpRequest } from 'node:http';
import { getYDoc } from '@y/websocket-server/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../../src/engine/investigation/actions.ts';
import type { ToolResult } from '../../../src/engine/investigation/tools.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { parseTimestamp } from '../../../src/engine/scenario/units.ts';
import { playBot } from '../../../src/engine/scoring/bots.ts';
import { gradeOf } from '../../../src/engine/scoring/grade.ts';
import { GAME_DAY, score } from '../../../src/engine/scoring/score.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { Replay } from '../../../src/engine/views/replay.ts';
import type { DebriefReport } from '../../../src/server/gameday/roomRuntime.ts';
import { readScenarioFile } from '../../../src/server/loadWorld.ts';
import { endRound } from '../../../src/state/gameday/roomState.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { scenarioText } from '../helpers.ts';
import type { TestGameday } from './harness.ts';
import { memberId, memberKey, nameOf, startTestGameday, until } from './harness.ts';

let t: TestGameday;
let scenario: Scenario;

beforeAll(async () => {
  t = await startTestGameday(2);
  scenario = await readScenarioFile('scenarios/tutorial.yaml');
  for (const [team, member] of [
    [0, 'ana'],
    [1, 'bo'],
  ] as const)
    getYDoc(nameOf(t.room, 'team', team))
      .getMap('members')
      .set(memberId(member), { name: member, role: 'investigator', joinedAt: 1 });
});
afterAll(async () => {
  await t.gameday.close();
});

/**
 * One HTTP request on a connection of its own. The server runs in this process, and a world generated for
 * scoring holds its event loop for seconds: a kept-alive connection could be closed under the next request.
 */
function request<T>(path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${t.gameday.url}${path}`, {
      method,
      agent: false,
      headers: { 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Asks a team's world over HTTP as a player's page does. */
function ask(code: string, body: unknown, method = 'POST') {
  return request<{ result: unknown; error?: string }>(
    `/gameday/api/world/${code}`,
    method,
    method === 'POST' ? body : undefined,
  );
}

interface Debrief {
  readonly scenario: Scenario;
  readonly report: DebriefReport;
  readonly actions: Action[];
  readonly team: { id: string; name: string };
}

function debrief(code: string) {
  return request<Debrief>(`/gameday/api/debrief/${code}`);
}

function replayOfTeam(code: string, round?: number) {
  return request<{ round: number; replay: Replay | null; error?: string }>(
    `/gameday/api/replay/${code}${round === undefined ? '' : `?round=${round}`}`,
  );
}

const team1 = () => t.room.teams[0]!.code;
const team2 = () => t.room.teams[1]!.code;

describe("a player's requests to the team's world", () => {
  it('answers open with what a player may see of the round, and nothing of its truth', async () => {
    const { status, body } = await ask(team1(), { member: memberKey('ana'), method: 'open', args: [] });
    expect(status).toBe(200);
    const opened = body.result as { ok: boolean; scenario: Record<string, unknown>; logLines: number };
    expect(opened.ok).toBe(true);
    expect(opened.scenario.id).toBe('tutorial');
    expect(opened.logLines).toBeGreaterThan(0);
    for (const part of ['solution', 'faults', 'noise', 'mitigations', 'channel', 'code', 'variants'])
      expect(Object.keys(opened.scenario)).not.toContain(part);
    const text = JSON.stringify(body);
    expect(text).not.toContain(scenario.solution.explanation);
    for (const hint of scenario.hints) expect(text).not.toContain(hint.text);
  });

  it("runs a tool up to the round's now, never later", async () => {
    const { status, body } = await ask(team1(), {
      member: memberKey('ana'),
      method: 'runTool',
      args: [{ tool: 'changes', endMs: Date.parse('2100-01-01T00:00:00Z') }],
    });
    expect(status).toBe(200);
    const result = body.result as ToolResult;
    // The clock has not started: the round's now is the page's time.
    expect(result.ok && result.scope.endMs).toBe(parseTimestamp(scenario.briefing.page.at));
  });

  const refused: { name: string; code: () => string; body: unknown; status: number; error: RegExp }[] = [
    {
      name: 'the hidden truth',
      code: team1,
      body: { member: memberKey('ana'), method: 'reveal', args: [] },
      status: 400,
      error: /^"reveal" is not something a player may ask the world$/,
    },
    {
      name: 'a hint text',
      code: team1,
      body: { member: memberKey('ana'), method: 'hintText', args: [0] },
      status: 400,
      error: /^"hintText" is not something/,
    },
    {
      name: 'a mitigation',
      code: team1,
      body: { member: memberKey('ana'), method: 'mitigate', args: ['rollback-cart', 0] },
      status: 400,
      error: /^"mitigate" is not something/,
    },
    {
      name: 'the catalog',
      code: team1,
      body: { member: memberKey('ana'), method: 'catalog', args: [] },
      status: 400,
      error: /^"catalog" is not something/,
    },
    {
      name: 'a method of every object',
      code: team1,
      body: { member: memberKey('ana'), method: 'constructor', args: [] },
      status: 400,
      error: /^"constructor" is not something/,
    },
    {
      name: 'a tool request of the wrong shape',
      code: team1,
      body: { member: memberKey('ana'), method: 'runTool', args: [{ tool: 'logs', query: 5 }] },
      status: 400,
      error: /^bad arguments to runTool: 0\.query: /,
    },
    {
      name: 'rows running backwards',
      code: team1,
      body: { member: memberKey('ana'), method: 'logRows', args: [10, 2] },
      status: 400,
      error: /^bad arguments to logRows: rows must run forwards/,
    },
    {
      name: 'a log query of any size',
      code: team1,
      body: {
        member: memberKey('ana'),
        method: 'exploreLogs',
        args: [{ query: '{service="cart"}', startMs: 0, endMs: 1, limit: 10_000_000, buckets: 10 }],
      },
      status: 400,
      error: /^bad arguments to exploreLogs: 0\.limit: /,
    },
    {
      name: 'a member key of the wrong shape',
      code: team1,
      body: { member: 'ana', method: 'open', args: [] },
      status: 400,
      error: /^not a world request: member: not a member key$/,
    },
    {
      name: 'a request without a member',
      code: team1,
      body: { method: 'open', args: [] },
      status: 400,
      error: /^not a world request: member: /,
    },
    {
      name: 'an observer',
      code: () => t.room.observerCode,
      body: { member: memberKey('ana'), method: 'open', args: [] },
      status: 403,
      error: /^only a team's players query its world$/,
    },
    {
      name: 'a code no room has',
      code: () => 'ZZZZZZZZ',
      body: { member: memberKey('ana'), method: 'open', args: [] },
      status: 404,
      error: /^no game day room has this code/,
    },
    {
      name: "a member of another team's board",
      code: team1,
      body: { member: memberKey('bo'), method: 'open', args: [] },
      status: 403,
      error: /^join the team/,
    },
  ];
  for (const c of refused)
    it(`refuses ${c.name}`, async () => {
      const { status, body } = await ask(c.code(), c.body);
      expect(status).toBe(c.status);
      expect(body.error).toMatch(c.error);
    });

  it('refuses a GET', async () => {
    const { status, body } = await ask(team1(), undefined, 'GET');
    expect(status).toBe(405);
    expect(body.error).toBe('ask the world with POST');
  });
});

describe('scores and debriefs', () => {
  it("scores each team's verified steps when the round ends, and opens the debrief then", async () => {
    expect((await debrief(team1())).status).toBe(409);
    // Nor the replay: it draws every call and colours it from telemetry the team may never have asked for.
    const early = await replayOfTeam(team1());
    expect(early.status).toBe(409);
    expect(early.body).toEqual({ error: 'the replay opens when the facilitator ends the round' });

    // Team 1 asks its world for the changes and pins the deploy it showed.
    const { body } = await ask(team1(), {
      member: memberKey('ana'),
      method: 'runToolRecorded',
      args: [{ tool: 'changes' }],
    });
    const { result, action } = body.result as { result: ToolResult; action: Action };
    const deploy = result.ok
      ? result.items.find((i) => i.evidence.ref.includes('deploy-cart-2-4-1'))
      : undefined;
    expect(deploy).toBeDefined();
    const honest: Action[] = [
      { ...action, at: 1000 } as Action,
      { type: 'pin', at: 2000, evidence: deploy!.evidence },
    ];
    // Team 2 pushes the reference bot's whole log, made from the scenario's truth, without asking anything.
    const forged = playBot('reference', simulate(scenario));
    expect(score(scenario, forged, undefined, GAME_DAY).total).toBeGreaterThan(90);
    const pub = getYDoc(nameOf(t.room, 'public'));
    const leaderboard = pub.getMap<{
      score: number | null;
      grade?: string | null;
      cluesFound: number | null;
    }>('leaderboard');
    for (const [team, member, actions] of [
      [0, 'ana', honest],
      [1, 'bo', forged],
    ] as const)
      getYDoc(nameOf(t.room, 'team', team))
        .getArray('actions')
        .push(actions.map((a) => ({ by: memberId(member), action: a })));
    // While the round runs the leaderboard shows no score: it would tell a team which pin is a clue.
    await until([pub], () => leaderboard.get('team-2')?.score === null && leaderboard.size === 2);
    expect(leaderboard.get('team-1')!.cluesFound).toBe(null);
    expect(leaderboard.get('team-1')!.grade).toBe(null);

    endRound(getYDoc(nameOf(t.room, 'room')), Date.now());
    await until([pub], () => typeof leaderboard.get('team-2')?.score === 'number');
    await until([pub], () => typeof leaderboard.get('team-1')?.score === 'number');
    expect(leaderboard.get('team-1')!.cluesFound).toBe(1);
    expect(leaderboard.get('team-2')!.cluesFound).toBe(0);
    expect(leaderboard.get('team-2')!.score).toBeLessThan(50);
    // Beside each score, the grade a solo play of that score earns (no team bought a hint).
    for (const team of ['team-1', 'team-2'])
      expect(leaderboard.get(team)!.grade).toBe(gradeOf(leaderboard.get(team)!.score!, 0));
    expect(leaderboard.get('team-2')!.grade).toBe('D');

    const first = await debrief(team1());
    expect(first.status).toBe(200);
    expect(first.body.scenario.solution.explanation).toBe(scenario.solution.explanation);
    expect(first.body.report.total).toBe(leaderboard.get('team-1')!.score);
    expect(first.body.report.grade).toBe(leaderboard.get('team-1')!.grade);
    expect(first.body.team).toEqual({ id: 'team-1', name: 'Team 1' });
    const second = await debrief(team2());
    expect(second.body.report.total).toBe(leaderboard.get('team-2')!.score);
    // The forged queries were never asked, so none counts, and no pin rests on them.
    expect(second.body.actions.filter((a) => a.type === 'query' || a.type === 'pin')).toEqual([]);
    expect((await debrief(t.room.observerCode)).status).toBe(403);
  });

  it("plays the incident back on the team's world once the round has ended, to the round's end", async () => {
    // The round ended in the test before (the clock never ran, so its end is the page's time).
    const { status, body } = await replayOfTeam(team1(), 1);
    expect(status).toBe(200);
    const pageMs = parseTimestamp(scenario.briefing.page.at)!;
    // The same replay a solo player's world host makes of the same world to the same moment.
    const solo = new WorldHost([{ file: 'scenarios/tutorial.yaml', text: scenarioText('tutorial.yaml') }]);
    expect((await solo.open('tutorial')).ok).toBe(true);
    expect(body).toEqual({ round: 1, replay: JSON.parse(JSON.stringify(solo.replay(pageMs))) });
    const replay = body.replay!;
    expect(replay.toMs).toBe(pageMs);
    expect(replay.frames.length).toBeGreaterThan(10);
    // The incident is in it: by the page, a service was failing.
    expect(Object.values(replay.frames.at(-1)!.services).some((f) => f.health === 'failing')).toBe(true);
    // Each team's is its own world's; an observer has no team to replay, and a later round is not there.
    expect((await replayOfTeam(team2())).status).toBe(200);
    expect((await replayOfTeam(t.room.observerCode)).status).toBe(403);
    expect((await replayOfTeam(team1(), 2)).status).toBe(404);
    expect((await replayOfTeam(team1(), 0)).status).toBe(400);
  });
});
