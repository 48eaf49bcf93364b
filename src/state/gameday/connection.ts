import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { CatalogEntry } from '../../engine/scenario/playerView.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { Solution } from '../../engine/scenario/solutionSchema.ts';
import { MEMBER_PARAM } from '../../protocol/memberKey.ts';

/** The room a join code or facilitator link opens, as the server describes it. */
export interface RoomSummary {
  readonly id: string;
  readonly title: string;
  readonly scenarioId: string;
  /** The world seed of the current round (the variant's, or the scenario's own for variant 0). */
  readonly seed: number;
  /** The variant every team plays this round: what a player's world host opens. */
  readonly variant: number;
  /** The current round's number, from 1. */
  readonly round: number;
  readonly mode: 'coop' | 'competitive';
}

/** What `GET /gameday/api/join/<code>` answers: the bearer's role, team and documents. */
export interface JoinInfo {
  readonly role: 'player' | 'observer';
  readonly room: RoomSummary;
  readonly team?: { readonly id: string; readonly name: string };
  readonly teams: readonly { readonly id: string; readonly name: string }[];
  readonly ws: string;
  readonly docs: { readonly public: string; readonly boards: readonly string[] };
  /** What the library would list of the round's scenario: its title, summary and tags, nothing of its story. */
  readonly scenario: CatalogEntry;
}

/** What `GET /gameday/api/facilitator/<room>` answers: the teams, their codes and the hidden truth. */
export interface FacilitatorInfo {
  readonly role: 'facilitator';
  readonly room: RoomSummary;
  readonly teams: readonly { readonly id: string; readonly name: string; readonly code: string }[];
  readonly observerCode: string;
  readonly ws: string;
  readonly docs: { readonly room: string; readonly public: string; readonly boards: readonly string[] };
  readonly solution: Solution;
  /** The scenario as this round's variant has it, for scoring and the retro. */
  readonly scenario: Scenario;
  /** The variant of every round so far, round 1 first. */
  readonly rounds: readonly number[];
  /** The variant a new round plays unless the facilitator picks another: one not played yet. */
  readonly nextVariant: number;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new Error(body.error ?? `the game day server answered ${res.status}`);
  return body as T;
}

/** Asks the server what a join code opens. */
export function fetchJoin(code: string): Promise<JoinInfo> {
  return getJson(`/gameday/api/join/${encodeURIComponent(code)}`);
}

/** Asks the server for the facilitator's view of a room; fails without the right token. */
export function fetchFacilitator(room: string, token: string): Promise<FacilitatorInfo> {
  return getJson(`/gameday/api/facilitator/${encodeURIComponent(room)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
}

/** Starts the room's next round on `variant` (a fresh one when undefined) with the facilitator token. */
export async function startNextRound(room: string, token: string, variant?: number): Promise<void> {
  await getJson(`/gameday/api/facilitator/${encodeURIComponent(room)}/rounds`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(variant === undefined ? {} : { variant }),
  });
}

/** One shared document kept in step with the server. */
export interface SharedDoc {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Resolves after the first sync with the server. */
  readonly synced: Promise<void>;
}

/** Yjs and its WebSocket provider, loaded only when a game day page needs them. */
export interface YModules {
  readonly Y: typeof import('yjs');
  readonly WebsocketProvider: typeof WebsocketProvider;
}

let modules: Promise<YModules> | undefined;

/** Loads Yjs on first use, so the single-player game never downloads it. */
export function loadY(): Promise<YModules> {
  modules ??= Promise.all([import('yjs'), import('y-websocket')]).then(([Y, ws]) => ({
    Y,
    WebsocketProvider: ws.WebsocketProvider,
  }));
  return modules;
}

/**
 * Opens a room document over the server's WebSocket with a join code or the facilitator token, and for
 * a player's own board the member key that lets them write under their member id. The BroadcastChannel
 * shortcut between tabs is off: every change must pass the server's checks.
 */
export async function openShared(
  wsPath: string,
  name: string,
  token: string,
  memberKey?: string,
): Promise<SharedDoc> {
  const { Y, WebsocketProvider } = await loadY();
  const doc = new Y.Doc();
  const origin = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${wsPath}`;
  const params: Record<string, string> =
    memberKey === undefined ? { token } : { token, [MEMBER_PARAM]: memberKey };
  const provider = new WebsocketProvider(origin, name, doc, { params, disableBc: true });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
  return { name, doc, provider, synced };
}

/** Disconnects a document and frees it. */
export function closeShared(shared: SharedDoc): void {
  shared.provider.destroy();
  shared.doc.destroy();
}
