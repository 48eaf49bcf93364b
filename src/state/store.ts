import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { Action } from '../engine/investigation/actions.ts';
import type { LogSearchResult } from '../engine/query/logSearch.ts';
import type { ScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { Phase } from '../flow/investigationMachine.ts';

/** What the scenario picker shows for one scenario. */
export interface ScenarioCard {
  readonly id: string;
  readonly title: string;
  readonly difficulty: string;
  readonly summary: string;
  readonly estimatedMinutes: number;
  readonly tags: readonly string[];
}

/** The simulated world as the page knows it: the telemetry itself stays in the worker. */
export interface WorldStatus {
  readonly state: 'idle' | 'generating' | 'ready' | 'failed';
  readonly logLines: number;
  readonly instances: Readonly<Record<string, readonly string[]>>;
  readonly error?: string;
}

/** The log panel: its scope, its filter and what the last search returned. */
export interface LogView {
  readonly service: string | undefined;
  readonly contains: string;
  readonly result: LogSearchResult | undefined;
  readonly searching: boolean;
}

export interface AppState {
  readonly phase: Phase | 'loading';
  readonly catalog: readonly ScenarioCard[];
  readonly catalogProblems: readonly ScenarioDiagnostic[];
  readonly scenario: Scenario | undefined;
  readonly world: WorldStatus;
  readonly actions: readonly Action[];
  readonly logView: LogView;
  /** A message the page must show once, e.g. that a corrupt save was set aside. */
  readonly notice: string | undefined;
  readonly set: (patch: Partial<Omit<AppState, 'set' | 'setLogView'>>) => void;
  readonly setLogView: (patch: Partial<LogView>) => void;
}

const IDLE_WORLD: WorldStatus = { state: 'idle', logLines: 0, instances: {} };
const EMPTY_LOG_VIEW: LogView = { service: undefined, contains: '', result: undefined, searching: false };

/** Creates the app's store: what the screen shows, with its setters beside it. */
export function createAppStore() {
  return createStore<AppState>()(
    subscribeWithSelector((set) => ({
      phase: 'loading',
      catalog: [],
      catalogProblems: [],
      scenario: undefined,
      world: IDLE_WORLD,
      actions: [],
      logView: EMPTY_LOG_VIEW,
      notice: undefined,
      set: (patch) => set(patch),
      setLogView: (patch) => set((s) => ({ logView: { ...s.logView, ...patch } })),
    })),
  );
}

/** The store's type, for components and scenes that receive it. */
export type AppStore = ReturnType<typeof createAppStore>;

export { EMPTY_LOG_VIEW, IDLE_WORLD };
