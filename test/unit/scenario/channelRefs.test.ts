import { describe, expect, it } from 'vitest';
import { formatScenarioDiagnostic } from '../../../src/engine/scenario/diagnostics.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { scenarioText } from '../helpers.ts';

// The tutorial without its own channel, and a channel whose every trigger resolves.
const base = scenarioText('tutorial.yaml')
  .split(/\nchannel:\n/)[0]!
  .trimEnd();
const channel = `
channel:
  - { id: mgr, from: Mia, role: manager, text: "Any update?", at: 2026-10-25T02:10:00Z }
  - { id: bot, from: alertmanager, role: bot, text: "firing", after: { alert: CheckoutErrorRate }, delay: 1m }
  - { id: sam, from: Sam, role: teammate, text: "deploy out", after: { event: deploy-cart-2-4-1 }, helps: deploy-cart }
  - { id: tim, from: Tim, role: teammate, text: "nginx again", at: 2026-10-25T02:08:00Z, misleading: true }
  - { id: fix, from: Sam, role: teammate, text: "better", after: { mitigation: any } }
  - { id: hnt, from: Ana, role: teammate, text: "changes?", after: { hint: 3 } }
  - { id: re, from: Mia, role: manager, text: "thanks", after: { message: mgr }, delay: 30s }
`;
const good = `${base}\n${channel}`;

/** Line and column (1-based) of `needle` in `text`, plus `shift` characters. */
function at(text: string, needle: string, shift = 0): string {
  const offset = text.indexOf(needle);
  expect(offset).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset + shift);
  return `${before.split('\n').length}:${before.length - before.lastIndexOf('\n')}`;
}

const cases: { name: string; from: string; to: string; expected: (t: string) => string }[] = [
  {
    name: 'an alert rule that does not exist, with the closest name',
    from: 'alert: CheckoutErrorRate }',
    to: 'alert: CheckoutErrorRates }',
    expected: (t) =>
      `broken.yaml:${at(t, 'CheckoutErrorRates')}: channel[1].after.alert: unknown alert rule "CheckoutErrorRates" (did you mean "CheckoutErrorRate"?)`,
  },
  {
    name: 'a timeline event that does not exist',
    from: 'event: deploy-cart-2-4-1 }',
    to: 'event: deploy-cart-2-4 }',
    expected: (t) =>
      `broken.yaml:${at(t, 'deploy-cart-2-4 }')}: channel[2].after.event: unknown timeline event "deploy-cart-2-4" (did you mean "deploy-cart-2-4-1"?)`,
  },
  {
    name: 'a clue that does not exist',
    from: 'helps: deploy-cart }',
    to: 'helps: deploy-carts }',
    expected: (t) =>
      `broken.yaml:${at(t, 'deploy-carts')}: channel[2].helps: unknown clue "deploy-carts" (did you mean "deploy-cart"?)`,
  },
  {
    name: 'a red herring named as help',
    from: 'helps: deploy-cart }',
    to: 'helps: web-upstream-timeout }',
    expected: (t) =>
      `broken.yaml:${at(t, 'web-upstream-timeout }')}: channel[2].helps: "web-upstream-timeout" is a red herring: tag the message \`misleading: true\` instead`,
  },
  {
    name: 'a hint the scenario does not have',
    from: 'hint: 3 }',
    to: 'hint: 4 }',
    expected: (t) =>
      `broken.yaml:${at(t, '4 }')}: channel[5].after.hint: hint 4 does not exist: the scenario has 3 hints`,
  },
  {
    name: 'a reply to a message that does not exist',
    from: 'message: mgr }',
    to: 'message: mrg }',
    expected: (t) =>
      `broken.yaml:${at(t, 'mrg')}: channel[6].after.message: unknown message "mrg" (did you mean "mgr"?)`,
  },
  {
    name: 'a duplicate message id',
    from: '{ id: tim,',
    to: '{ id: mgr,',
    expected: (t) => `broken.yaml:${at(t, 'mgr, from: Tim')}: channel[3].id: duplicate message id "mgr"`,
  },
  {
    name: 'a time after the window ends',
    from: 'at: 2026-10-25T02:10:00Z',
    to: 'at: 2026-10-25T03:10:00Z',
    expected: (t) =>
      `broken.yaml:${at(t, '2026-10-25T03:10:00Z')}: channel[0].at: the message would appear after the window ends, so no one would see it`,
  },
  {
    name: 'both a time and a trigger',
    from: 'after: { mitigation: any } }',
    to: 'after: { mitigation: any }, at: 2026-10-25T02:10:00Z }',
    expected: (t) =>
      `broken.yaml:${at(t, 'any }, at: ', 'any }, at: '.length)}: channel[4].at: a message appears either \`at\` a time or \`after\` something, not both nor neither`,
  },
  {
    name: 'a trigger naming two things',
    from: 'after: { hint: 3 }',
    to: 'after: { hint: 3, status: any }',
    expected: (t) =>
      `broken.yaml:${at(t, '{ hint: 3, status')}: channel[5].after: \`after\` names exactly one of page, alert, mitigation, event, hint, status, message`,
  },
  {
    name: 'a delay without a trigger',
    from: 'at: 2026-10-25T02:08:00Z,',
    to: 'at: 2026-10-25T02:08:00Z, delay: 1m,',
    expected: (t) =>
      `broken.yaml:${at(t, 'delay: 1m, misleading', 7)}: channel[3].delay: \`delay\` counts from an \`after\` trigger`,
  },
  {
    name: 'a role outside the closed set',
    from: 'role: manager, text: "thanks"',
    to: 'role: boss, text: "thanks"',
    expected: (t) =>
      `broken.yaml:${at(t, 'boss')}: channel[6].role: "boss" is not allowed (did you mean "bot"?); use one of "teammate", "support", "manager", "status-page", "customer", "bot"`,
  },
];

describe('incident channel: cross-references', () => {
  it('a channel whose triggers all resolve loads without problems', () => {
    const { scenario, diagnostics } = loadScenario(good, 'good.yaml');
    expect(diagnostics.map(formatScenarioDiagnostic)).toEqual([]);
    expect(scenario?.channel.map((m) => m.id)).toEqual(['mgr', 'bot', 'sam', 'tim', 'fix', 'hnt', 're']);
  });

  it.each(cases)('$name', ({ from, to, expected }) => {
    const text = good.replace(from, to);
    expect(text).not.toBe(good);
    expect(loadScenario(text, 'broken.yaml').diagnostics.map(formatScenarioDiagnostic)).toEqual([
      expected(text),
    ]);
  });

  it('an action the system does not have, with the closest id', () => {
    const text = good.replace('mitigation: any', 'mitigation: "rollback:deploy-cart-2-4-2"');
    expect(loadScenario(text, 'broken.yaml').diagnostics.map(formatScenarioDiagnostic)).toEqual([
      `broken.yaml:${at(text, '"rollback:deploy-cart-2-4-2"')}: channel[4].after.mitigation: unknown action "rollback:deploy-cart-2-4-2" (did you mean "rollback:deploy-cart-2-4-1"?)`,
    ]);
  });

  it('replies that wait on each other in a circle', () => {
    const text = good.replace(
      '{ id: mgr, from: Mia, role: manager, text: "Any update?", at: 2026-10-25T02:10:00Z }',
      '{ id: mgr, from: Mia, role: manager, text: "Any update?", after: { message: re } }',
    );
    expect(loadScenario(text, 'broken.yaml').diagnostics.map(formatScenarioDiagnostic)).toEqual([
      `broken.yaml:${at(text, 're } }')}: channel[0].after.message: replies wait on each other in a circle: mgr → re → mgr`,
    ]);
  });
});
