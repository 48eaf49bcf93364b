import type { StateCreator } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { CaseBoardSlice } from './slices/caseBoardSlice.ts';
import { createCaseBoardSlice } from './slices/caseBoardSlice.ts';
import type { DebriefSlice } from './slices/debriefSlice.ts';
import { createDebriefSlice } from './slices/debriefSlice.ts';
import type { GamedaySlice } from './slices/gamedaySlice.ts';
import { createGamedaySlice } from './slices/gamedaySlice.ts';
import type { LibrarySlice } from './slices/librarySlice.ts';
import { createLibrarySlice } from './slices/librarySlice.ts';
import type { PagerSlice } from './slices/pagerSlice.ts';
import { createPagerSlice } from './slices/pagerSlice.ts';
import type { ResponseSlice } from './slices/responseSlice.ts';
import { createResponseSlice } from './slices/responseSlice.ts';
import type { SessionSlice } from './slices/sessionSlice.ts';
import { createSessionSlice } from './slices/sessionSlice.ts';
import type { ToolsSlice } from './slices/toolsSlice.ts';
import { createToolsSlice } from './slices/toolsSlice.ts';

export type { GamedayRound } from './slices/gamedaySlice.ts';
export type { ScenarioCard } from './slices/librarySlice.ts';
export type { FlowView, WorldStatus } from './slices/sessionSlice.ts';
export { IDLE_WORLD } from './slices/sessionSlice.ts';
export type {
  CodeView,
  LogView,
  MapView,
  MetricsView,
  ToolTab,
  TraceSearchForm,
  TracesView,
} from './slices/toolViews.ts';
export {
  EMPTY_CODE_VIEW,
  EMPTY_LOG_VIEW,
  EMPTY_MAP_VIEW,
  EMPTY_METRICS_VIEW,
  EMPTY_TRACES_VIEW,
} from './slices/toolViews.ts';

/**
 * What the screen shows, slice by slice, each with the named actions that change it. The flow actor owns
 * the transitions; the session mirrors them here with `followFlow`.
 */
export type AppState = LibrarySlice &
  SessionSlice &
  ToolsSlice &
  CaseBoardSlice &
  ResponseSlice &
  DebriefSlice &
  GamedaySlice &
  PagerSlice;

/** A slice of the app's state: its fields and actions, with access to the whole store. */
export type SliceOf<T> = StateCreator<AppState, [['zustand/subscribeWithSelector', never]], [], T>;

/** How the store starts. */
export interface StoreOptions {
  /** Whether the play offers mitigations (default yes). */
  readonly canRespond?: boolean;
}

/** Creates the app's store from its slices. */
export function createAppStore({ canRespond = true }: StoreOptions = {}) {
  return createStore<AppState>()(
    subscribeWithSelector((...a) => ({
      ...createLibrarySlice(...a),
      ...createSessionSlice(...a),
      ...createToolsSlice(...a),
      ...createCaseBoardSlice(...a),
      ...createResponseSlice(canRespond)(...a),
      ...createDebriefSlice(...a),
      ...createGamedaySlice(...a),
      ...createPagerSlice(...a),
    })),
  );
}

/** The store's type, for components and scenes that receive it. */
export type AppStore = ReturnType<typeof createAppStore>;
