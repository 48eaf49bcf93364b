import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/engine/investigation/actions.ts';
import { playBot } from '../../../src/engine/scoring/bots.ts';
import { gradeOf } from '../../../src/engine/scoring/grade.ts';
import { retro } from '../../../src/engine/scoring/retro.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { NotebookAction } from '../../../src/flow/investigationMachine.ts';
import { teamReport } from '../../../src/server/gameday/roomRuntime.ts';
import { loadProgress } from '../../../src/state/progress.ts';
import type { Session } from '../../../src/state/session.ts';
import { inThread, startSession } from '../../../src/state/session.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { builtinScenario, MemoryStorage, scenarioText, worldReady } from '../helpers.ts';

const sources = [{ file: 'scenarios/tutorial.yaml', text: scenarioText('tutorial.yaml') }];
const reference = playBot('reference', simulate(builtinScenario('tutorial.yaml')));

/** Resolves once the store has settled the play's score. */
function settled(session: Session): Promise<number> {
  return new Promise((resolve) => {
    const now = session.store.getState().report;
    if (now) return resolve(now.total);
    const stop = session.store.subscribe(
      (s) => s.report,
      (report) => {
        if (!report) return;
        stop();
        resolve(report.total);
      },
    );
  });
}

/** Plays `actions` through the flow as a trainee's steps, then submits its diagnosis. */
async function play(session: Session, actions: readonly Action[]): Promise<void> {
  await session.ready;
  session.send({ type: 'select scenario', scenarioId: 'tutorial' });
  await worldReady(session);
  session.send({ type: 'begin' });
  for (const action of actions) {
    if (action.type === 'diagnose') {
      session.send({ type: 'open diagnosis' });
      session.send({ type: 'submit', diagnosis: action.diagnosis, at: action.at });
    } else session.send({ type: 'act', action: action as NotebookAction });
  }
}

const plays: { name: string; actions: readonly Action[] }[] = [
  { name: 'the reference investigation', actions: reference },
  { name: 'an investigation without its causal chain', actions: reference.filter((a) => a.type !== 'link') },
  {
    name: 'an investigation that pins nothing',
    actions: reference.filter((a) => a.type !== 'pin' && a.type !== 'link' && a.type !== 'mark'),
  },
];

describe('one score', () => {
  for (const { name, actions } of plays) {
    it(`${name}: the debrief, the saved progress, the leaderboard and the retro agree`, async () => {
      const storage = new MemoryStorage();
      const session = startSession({
        host: inThread(new WorldHost(sources)),
        storage,
        now: () => 0,
        respond: false,
      });
      session.store.getState().joinRound({ roomId: 'room', round: 1, variant: 0, memberId: 'bo' });
      await play(session, actions);
      const debrief = await settled(session);
      expect(session.store.getState().phase).toBe('debrief');

      const saved = loadProgress(storage, 0);
      const progress = saved.kind === 'ok' ? saved.progress.tutorial?.bestScore : undefined;
      // The whole scenario reached the page with the first submission.
      const { revealed: scenario, actions: board } = session.store.getState();
      // The leaderboard publishes, when the round ends, the score of the team's steps its world confirms.
      const leaderboard = teamReport(scenario!, board).total;
      const entries = board.map((action) => ({ by: 'bo', action }));
      const retroTotal = retro(scenario!, [{ id: 't', name: 'The team', entries, members: {} }]).json
        .teams[0]!.total;

      expect({
        progress,
        leaderboard,
        retro: retroTotal,
        library: session.store.getState().progress.tutorial?.bestScore,
      }).toEqual({
        progress: debrief,
        leaderboard: debrief,
        retro: debrief,
        library: debrief,
      });
    });
  }

  it('a solo play saves the total its debrief shows, response included', async () => {
    const storage = new MemoryStorage();
    const session = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await play(session, reference);
    const debrief = await settled(session);
    const saved = loadProgress(storage, 0);
    const grade = session.store.getState().grade;
    expect(grade).toBe(gradeOf(debrief, 0));
    expect(saved.kind === 'ok' ? saved.progress.tutorial : undefined).toEqual({
      bestScore: debrief,
      completed: true,
      plays: 1,
      bestGrade: grade,
    });
    // The incident is then played back for the debrief's map, from the window's start.
    await new Promise<void>((resolve) => {
      if (session.store.getState().replay) return resolve();
      const stop = session.store.subscribe(
        (s) => s.replay,
        () => {
          stop();
          resolve();
        },
      );
    });
    const replay = session.store.getState().replay!;
    expect(replay.fromMs).toBe(Date.parse('2026-10-25T01:00:00Z'));
    expect(replay.frames.at(-1)!.services.cart).toBeDefined();
  });
});
