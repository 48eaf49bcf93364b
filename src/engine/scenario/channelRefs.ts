import { actionPalette } from '../sim/response/palette.ts';
import { didYouMean } from './diagnostics.ts';
import type { Scenario } from './schema.ts';
import { parseTimestamp } from './units.ts';

type Add = (path: PropertyKey[], message: string) => void;

/**
 * Checks the incident channel against the rest of the scenario: every trigger names an alert rule, a
 * mitigation, a timeline event, a hint or a message that exists; replies do not wait on each other in a
 * circle; a message's time falls inside the window; `helps` names a clue of the solution.
 */
export function checkChannelRefs(s: Scenario, add: Add): void {
  const ids = s.channel.map((m) => m.id);
  const alerts = s.alerts.map((a) => a.alert);
  const mitigations = actionPalette(s).map((a) => a.id);
  const events = s.timeline.map((e) => e.id);
  const clues = s.solution.clues.map((c) => c.id);
  const herrings = s.solution.redHerrings.map((c) => c.id);
  const end = parseTimestamp(s.window.end)!;
  const unknown = (what: string, name: string, known: readonly string[]) =>
    `unknown ${what} "${name}"${didYouMean(name, known)}`;
  const seen = new Set<string>();
  s.channel.forEach((m, i) => {
    const at = (...rest: PropertyKey[]) => ['channel', i, ...rest];
    if (seen.has(m.id)) add(at('id'), `duplicate message id "${m.id}"`);
    seen.add(m.id);
    if (m.at !== undefined && parseTimestamp(m.at)! > end)
      add(at('at'), 'the message would appear after the window ends, so no one would see it');
    const t = m.after;
    if (t?.alert !== undefined && !alerts.includes(t.alert))
      add(at('after', 'alert'), unknown('alert rule', t.alert, alerts));
    if (t?.mitigation !== undefined && t.mitigation !== 'any' && !mitigations.includes(t.mitigation))
      add(at('after', 'mitigation'), unknown('action', t.mitigation, [...mitigations, 'any']));
    if (t?.event !== undefined && !events.includes(t.event))
      add(at('after', 'event'), unknown('timeline event', t.event, events));
    if (typeof t?.hint === 'number' && t.hint > s.hints.length)
      add(
        at('after', 'hint'),
        `hint ${t.hint} does not exist: the scenario has ${s.hints.length} hint${s.hints.length === 1 ? '' : 's'}`,
      );
    if (t?.message !== undefined) {
      if (t.message === m.id) add(at('after', 'message'), 'a message cannot follow itself');
      else if (!ids.includes(t.message)) add(at('after', 'message'), unknown('message', t.message, ids));
    }
    if (m.helps !== undefined && !clues.includes(m.helps)) {
      const why = herrings.includes(m.helps)
        ? `"${m.helps}" is a red herring: tag the message \`misleading: true\` instead`
        : unknown('clue', m.helps, clues);
      add(at('helps'), why);
    }
  });
  const cycle = replyCycle(s);
  if (cycle)
    add(
      ['channel', cycle.index, 'after', 'message'],
      `replies wait on each other in a circle: ${cycle.ids.join(' → ')}`,
    );
}

/** The first chain of replies that comes back to where it started, if any. */
function replyCycle(s: Scenario): { index: number; ids: string[] } | undefined {
  const parent = new Map(s.channel.map((m) => [m.id, m.after?.message]));
  for (const [i, m] of s.channel.entries()) {
    const ids = [m.id];
    let next = parent.get(m.id);
    while (next !== undefined && parent.has(next) && next !== m.id && !ids.includes(next)) {
      ids.push(next);
      next = parent.get(next);
    }
    if (next === m.id && ids.length > 1) return { index: i, ids: [...ids, m.id] };
  }
  return undefined;
}
