import type { Action, Tool } from '../../engine/investigation/actions.ts';
import type { InvestigationState } from '../../engine/investigation/notebook.ts';
import type { PlayerScenario } from '../../engine/scenario/playerView.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { Phase } from '../../flow/investigationMachine.ts';
import type { SliceOf } from '../store.ts';

/** The simulated world as the page knows it: the telemetry itself stays in the worker. */
export interface WorldStatus {
  readonly state: 'idle' | 'generating' | 'ready' | 'failed';
  readonly logLines: number;
  readonly instances: Readonly<Record<string, readonly string[]>>;
  readonly error?: string;
  /** Share of the world generated so far (0..1), for the progress bar while `state` is 'generating'. */
  readonly progress: number;
  /** The tools this world answers (logs, changes and inbox always; metrics, traces, code when recorded). */
  readonly tools?: readonly Tool[];
}

export const IDLE_WORLD: WorldStatus = { state: 'idle', logLines: 0, instances: {}, progress: 0 };

/** What the flow actor holds that the screen shows: its phase and the steps taken. */
export interface FlowView {
  readonly phase: Phase;
  readonly actions: readonly Action[];
  readonly notebook: InvestigationState;
  readonly hintDue: boolean;
}

/** The play under way: the flow's phase and steps, the scenario and its world, and any notice to show. */
export interface SessionSlice {
  readonly phase: Phase | 'loading';
  /** What the trainee may see of the open scenario: no solution, faults, hint texts or verdicts. */
  readonly scenario: PlayerScenario | undefined;
  /**
   * The whole scenario, hidden truth included: the world host hands it over when the trainee first submits
   * a diagnosis, for the score and the debrief. Undefined until then.
   */
  readonly revealed: Scenario | undefined;
  /** The texts of the hints bought so far, by hint index, as the world host answered them. */
  readonly hintTexts: Readonly<Record<number, string>>;
  /** What each mitigation applied so far cost in game time (ms), as the world host answered it. */
  readonly mitigationCosts: Readonly<Record<string, number>>;
  readonly world: WorldStatus;
  /** Every step taken, as the flow recorded them. */
  readonly actions: readonly Action[];
  /** A message the page must show once, e.g. that a corrupt save was set aside. */
  readonly notice: string | undefined;
  /** Whether the page is asking the trainee to confirm abandoning the investigation. */
  readonly confirmingAbandon: boolean;

  /** Mirrors the flow actor: the store never decides a transition, it shows the one the flow made. */
  followFlow(flow: FlowView): void;
  /** Back at the menu: no scenario, no world, empty tools on the logs tab, nothing scored. */
  leaveScenario(flow: FlowView): void;
  worldOpening(): void;
  worldProgressed(fraction: number): void;
  worldOpened(
    scenario: PlayerScenario,
    world: Omit<WorldStatus, 'state' | 'progress'>,
    costs?: Readonly<Record<string, number>>,
  ): void;
  /** The world host handed over the whole scenario (at the first submission). */
  scenarioRevealed(scenario: Scenario): void;
  /** The world host answered the text of a hint bought. */
  hintRead(index: number, text: string): void;
  /** A mitigation was applied and took this much game time. */
  mitigationCosted(mitigation: string, ms: number): void;
  worldFailed(error: string): void;
  notify(message: string): void;
  dismissNotice(): void;
  /** Asks (or stops asking) whether to abandon the investigation; only a confirmation abandons it. */
  askToAbandon(ask: boolean): void;
}

export const createSessionSlice: SliceOf<SessionSlice> = (set, get) => ({
  phase: 'loading',
  scenario: undefined,
  revealed: undefined,
  hintTexts: {},
  mitigationCosts: {},
  world: IDLE_WORLD,
  actions: [],
  notice: undefined,
  confirmingAbandon: false,

  followFlow: ({ phase, actions, notebook, hintDue }) =>
    set((s) => ({
      phase,
      actions,
      notebook,
      hintDue,
      // The question belongs to the investigation: it goes when the investigation ends.
      confirmingAbandon:
        s.confirmingAbandon && (phase === 'investigating' || phase === 'diagnosing' || phase === 'wrong'),
    })),
  leaveScenario: (flow) => {
    get().resetTools();
    get().forgetResponse();
    // The next scenario opens on a neutral tool, never on the one this play left in front.
    set({
      ...flow,
      scenario: undefined,
      revealed: undefined,
      hintTexts: {},
      mitigationCosts: {},
      world: IDLE_WORLD,
      report: undefined,
      daily: undefined,
      dailyResult: undefined,
      grade: undefined,
      replay: undefined,
      replayAsked: false,
      replayFrame: 0,
      tab: 'logs',
    });
  },
  worldOpening: () => {
    get().resetTools();
    set({ world: { ...IDLE_WORLD, state: 'generating' } });
  },
  worldProgressed: (fraction) => {
    const world = get().world;
    if (world.state === 'generating') set({ world: { ...world, progress: fraction } });
  },
  worldOpened: (scenario, world, costs = {}) =>
    set({ scenario, mitigationCosts: costs, world: { ...world, state: 'ready', progress: 1 } }),
  scenarioRevealed: (revealed) => set({ revealed }),
  hintRead: (index, text) => set({ hintTexts: { ...get().hintTexts, [index]: text } }),
  mitigationCosted: (mitigation, ms) =>
    set({ mitigationCosts: { ...get().mitigationCosts, [mitigation]: ms } }),
  worldFailed: (error) => set({ world: { ...IDLE_WORLD, state: 'failed', error } }),
  notify: (message) => set({ notice: message }),
  dismissNotice: () => set({ notice: undefined }),
  askToAbandon: (ask) => set({ confirmingAbandon: ask }),
});
