import type { Action, ActionOf, Diagnosis } from '../investigation/actions.ts';
import type { Evidence } from '../investigation/evidence.ts';
import type { InvestigationState } from '../investigation/notebook.ts';
import { applyAction, EMPTY_INVESTIGATION, refusal } from '../investigation/notebook.ts';
import type { ToolRequest, ToolResult } from '../investigation/tools.ts';
import { queryAction, runTool } from '../investigation/tools.ts';
import { parseTimestamp } from '../scenario/units.ts';
import type { World } from '../world/world.ts';

/** A notebook step without its time, as a player decides it. */
type Step = Action extends infer A
  ? A extends Action
    ? Omit<A, 'at' | 'type'> & { type: A['type'] }
    : never
  : never;

/** What a hypothesis names: the service suspected, the kind of fault, the change that set it off. */
export type HypothesisAbout = Pick<ActionOf<'hypothesis'>, 'component' | 'fault' | 'trigger'>;

/** Seconds a player spends reading a tool's answer and on a notebook step. */
const QUERY_SECONDS = 40;
const STEP_SECONDS = 15;

/**
 * Plays an investigation through the same interface a person uses: tools run with the incident clock's
 * "now" as their end, every step goes through the reducer's rules, and the log is what a person's would be.
 */
export class Player {
  private readonly log: Action[] = [];
  private notebook: InvestigationState = EMPTY_INVESTIGATION;
  private elapsedMs = 0;
  private readonly pageMs: number;
  private nextId = 1;

  constructor(private readonly world: World) {
    this.pageMs = parseTimestamp(world.scenario.briefing.page.at) ?? world.endMs;
  }

  /** The actions taken so far, in order. */
  get actions(): readonly Action[] {
    return this.log;
  }

  /** The state the actions amount to. */
  get state(): InvestigationState {
    return this.notebook;
  }

  /** Runs a tool up to the incident clock's "now" and records the query. */
  query(request: ToolRequest): ToolResult {
    this.elapsedMs += QUERY_SECONDS * 1000;
    const bounded = {
      ...request,
      endMs: Math.min(request.endMs ?? Number.POSITIVE_INFINITY, this.pageMs + this.elapsedMs),
    };
    const result = runTool(this.world, bounded);
    this.record(queryAction(bounded, result, this.elapsedMs));
    return result;
  }

  /** Takes a notebook step; answers whether the rules accepted it. */
  act(step: Step): boolean {
    this.elapsedMs += STEP_SECONDS * 1000;
    return this.record({ ...step, at: this.elapsedMs } as Action);
  }

  /** Pins an item unless it is pinned already. */
  pin(evidence: Evidence): boolean {
    return this.act({ type: 'pin', evidence });
  }

  /** Records a hypothesis, with what it is about when it names it, and answers its id. */
  hypothesis(text: string, about: HypothesisAbout = {}): string {
    const id = `h${this.nextId++}`;
    this.act({ type: 'hypothesis', id, text, ...about });
    return id;
  }

  /** Adds a link at the end of the chain. */
  link(from: string, to: string, evidence: readonly string[]): void {
    this.act({ type: 'link', id: `l${this.nextId++}`, from, to, evidence: [...evidence] });
  }

  /** Submits a diagnosis. */
  diagnose(diagnosis: Diagnosis): boolean {
    return this.act({ type: 'diagnose', diagnosis });
  }

  private record(action: Action): boolean {
    if (refusal(this.notebook, action) !== undefined) return false;
    this.notebook = applyAction(this.notebook, action);
    this.log.push(action);
    return true;
  }
}
