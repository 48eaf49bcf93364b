import type { CatalogEntry } from '../../engine/scenario/playerView.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { Replay } from '../../engine/views/replay.ts';
import type { WorldHostLike } from '../session.ts';

/** Where a game day player's questions go, and who asks them. */
export interface RemoteHostOptions {
  /** The game day server's origin (`''` for the page's own). */
  readonly origin: string;
  /** The player's join code: it opens the team's world and nothing else. */
  readonly code: string;
  /** The member asking, as the team's board lists them. */
  readonly member: string;
  /** The round whose world is asked. */
  readonly round: number;
  /** What the library would list of the round's scenario (the join answer carries it). */
  readonly entry: CatalogEntry;
  /** Whether the facilitator has ended the round: the debrief, and with it the answer, opens then. */
  readonly roundEnded: () => boolean;
}

/** What `GET /gameday/api/debrief/<code>` answers once the round has ended. */
export interface GamedayDebrief {
  readonly round: number;
  readonly variant: number;
  readonly team: { readonly id: string; readonly name: string };
  /** The whole scenario as the round's variant had it, hidden truth included. */
  readonly scenario: Scenario;
}

const NO_FILES = "a game day plays its room's scenario: it loads no scenario files";
const NO_MITIGATIONS = "a game day's players investigate; they apply no mitigation";

async function answerOf<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { error?: string; result?: unknown };
  if (!res.ok) throw new Error(body.error ?? `the game day server answered ${res.status}`);
  return body as T;
}

/** The team's debrief from the server, or undefined while the round runs (it answers 409 then). */
export async function fetchDebrief(
  origin: string,
  code: string,
  round: number,
): Promise<GamedayDebrief | undefined> {
  const res = await fetch(`${origin}/gameday/api/debrief/${encodeURIComponent(code)}?round=${round}`);
  if (res.status === 409) return undefined;
  return answerOf<GamedayDebrief>(res);
}

/**
 * The incident played back on the team's world, for the debrief's map, or undefined while the round runs
 * (the server answers 409 then: the replay draws what the team was to find).
 */
export async function fetchReplay(origin: string, code: string, round: number): Promise<Replay | undefined> {
  const res = await fetch(`${origin}/gameday/api/replay/${encodeURIComponent(code)}?round=${round}`);
  if (res.status === 409) return undefined;
  return (await answerOf<{ replay: Replay | null }>(res)).replay ?? undefined;
}

/**
 * The team's world as a game day player's page reaches it: the server holds the world and the scenario,
 * and this host asks it over HTTP, one JSON request per question. It offers the read-only tools only; the
 * hidden truth comes once the round has ended, with the debrief. Nothing of the scenario is in the page:
 * the round's variant is the server's to choose, so `open` ignores what it is asked to open.
 */
export function remoteHost(o: RemoteHostOptions): WorldHostLike {
  const url = `${o.origin}/gameday/api/world/${encodeURIComponent(o.code)}`;
  const call = async <T>(method: string, args: readonly unknown[] = []): Promise<T> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ member: o.member, round: o.round, method, args }),
    });
    return (await answerOf<{ result: T }>(res)).result;
  };
  const host: WorldHostLike = {
    catalog: async () => ({ scenarios: [o.entry], problems: [] }),
    // The round's variant is the server's to choose, the same for every team: there is no choice to offer.
    variantsByAnswer: async () => [],
    open: async (_scenarioId, _seed, onProgress) => {
      const opened = await call<Awaited<ReturnType<WorldHostLike['open']>>>('open');
      onProgress?.(1);
      return opened;
    },
    openText: async (_text, file) => ({
      ok: false,
      diagnostics: [{ file, line: 1, col: 1, path: '', severity: 'error', message: NO_FILES }],
    }),
    runTool: (request) => call('runTool', [request]),
    runToolRecorded: (request) => call('runToolRecorded', [request]),
    exploreLogs: (request) => call('exploreLogs', [request]),
    logRows: (from, to) => call('logRows', [from, to]),
    logLabels: () => call('logLabels'),
    metricIndex: () => call('metricIndex'),
    browseCode: (request) => call('browseCode', [request]),
    // The server answers null where the host answers undefined (JSON has no undefined).
    mapAt: async (atMs) =>
      (await call<Awaited<ReturnType<WorldHostLike['mapAt']>> | null>('mapAt', [atMs])) ?? undefined,
    // The server plays the team's world back once the round has ended, to the round's end: none before.
    replay: async () => (o.roundEnded() ? fetchReplay(o.origin, o.code, o.round) : undefined),
    alertFirings: (endMs) => call('alertFirings', [endMs]),
    // The server reads what the channel waits on from the team's board, not from what the page sends.
    channelAt: (nowMs) => call('channelAt', [nowMs]),
    pressureAt: async (nowMs) =>
      (await call<Awaited<ReturnType<WorldHostLike['pressureAt']>> | null>('pressureAt', [nowMs])) ??
      undefined,
    // The team's world is the server's: it takes the facilitator's changes itself, and no mitigation.
    addChanges: async () => undefined,
    mitigate: async () => ({ error: NO_MITIGATIONS }),
    judgeResponse: async () => [],
    // A game day's hints are the facilitator's messages; the scenario's own are not on offer.
    hintText: async () => undefined,
    // The answer comes with the debrief, once the facilitator has ended the round; none before.
    reveal: async () =>
      o.roundEnded() ? (await fetchDebrief(o.origin, o.code, o.round))?.scenario : undefined,
  };
  return host;
}
