import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/engine/investigation/actions.ts';
import type { AlertFiring, ChannelInput } from '../../../src/engine/investigation/channel.ts';
import { alertFirings, channelAt, truthAt } from '../../../src/engine/investigation/channel.ts';
import type { ChannelMessage } from '../../../src/engine/scenario/channelSchema.ts';
import { ChannelSchema } from '../../../src/engine/scenario/channelSchema.ts';
import type { AlertEvent } from '../../../src/engine/sim/telemetry/alerts.ts';
import { inThread, startSession } from '../../../src/state/session.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText } from '../helpers.ts';

const PAGE = Date.parse('2026-10-25T02:05:00Z');
const MIN = 60_000;

const timeline = [
  {
    id: 'deploy-cart',
    at: '2026-10-25T01:40:00Z',
    kind: 'deploy' as const,
    service: 'cart',
    description: 'cart 2.4.1',
  },
];

const channel: ChannelMessage[] = ChannelSchema.parse([
  { id: 'boss', from: 'Mia', role: 'manager', text: 'Status?', at: '2026-10-25T02:10:00Z' },
  {
    id: 'early',
    from: 'Sam',
    role: 'teammate',
    text: 'Saw the deploy go out',
    after: { event: 'deploy-cart' },
  },
  {
    id: 'alarm',
    from: 'alertmanager',
    role: 'bot',
    text: 'LatencyHigh firing',
    after: { alert: 'LatencyHigh' },
    delay: '1m',
  },
  { id: 'any-fix', from: 'Sam', role: 'teammate', text: 'Errors dropping', after: { mitigation: 'any' } },
  {
    id: 'rolled',
    from: 'Sam',
    role: 'teammate',
    text: 'Rollback done',
    after: { mitigation: 'rollback-cart' },
    delay: '2m',
  },
  { id: 'hint-taken', from: 'Ana', role: 'teammate', text: 'Try the changes', after: { hint: 2 } },
  { id: 'thanks', from: 'Mia', role: 'manager', text: 'Thanks', after: { status: 'any' }, delay: '30s' },
  { id: 'paged', from: 'Mia', role: 'manager', text: 'Who has this?', after: { page: true }, delay: '3m' },
  { id: 'reply', from: 'Ana', role: 'teammate', text: '+1', after: { message: 'thanks' }, delay: '1m' },
  { id: 'loop-a', from: 'X', role: 'bot', text: 'a', after: { message: 'loop-b' } },
  { id: 'loop-b', from: 'X', role: 'bot', text: 'b', after: { message: 'loop-a' } },
]);

const input = (over: Partial<ChannelInput>): ChannelInput => ({
  // No service to act on: the mitigations named take no game time, so the times below are the actions' own.
  scenario: { channel, timeline, system: { services: [] }, traffic: { segments: [] } },
  pageMs: PAGE,
  nowMs: PAGE,
  actions: [],
  firings: [],
  ...over,
});

/** What the trainee sees: message ids (or `status:<text>`) with their clock time. */
function seen(over: Partial<ChannelInput>): string[] {
  return channelAt(input(over)).map((item) => {
    const hhmmss = new Date(item.atMs).toISOString().slice(11, 19);
    return item.kind === 'message' ? `${hhmmss} ${item.message.id}` : `${hhmmss} status:${item.text}`;
  });
}

const mitigate = (mitigation: string, at: number): Action => ({ type: 'mitigate', at, mitigation });
const status = (text: string, at: number): Action => ({ type: 'status', at, text });
const hint = (index: number, at: number): Action => ({ type: 'hint', at, index });
const firing = (alert: string, iso: string): AlertFiring => ({ alert, atMs: Date.parse(iso) });

const cases: {
  name: string;
  over: Partial<ChannelInput>;
  expected: string[];
}[] = [
  {
    name: 'at the page, only a message tied to an event before it has appeared (a page-tied one waits its delay)',
    over: {},
    expected: ['01:40:00 early'],
  },
  {
    name: 'a message at a time appears once the clock reaches it',
    over: { nowMs: PAGE + 5 * MIN },
    expected: ['01:40:00 early', '02:08:00 paged', '02:10:00 boss'],
  },
  {
    name: 'a message at a time does not appear a second early',
    over: { nowMs: PAGE + 5 * MIN - 1000 },
    expected: ['01:40:00 early', '02:08:00 paged'],
  },
  {
    name: 'an alert-tied message waits for its delay after the firing',
    over: { nowMs: PAGE + 2 * MIN, firings: [firing('LatencyHigh', '2026-10-25T02:06:00Z')] },
    expected: ['01:40:00 early', '02:07:00 alarm'],
  },
  {
    name: 'an alert-tied message is not shown before its delay has passed',
    over: { nowMs: PAGE + 1.5 * MIN, firings: [firing('LatencyHigh', '2026-10-25T02:06:00Z')] },
    expected: ['01:40:00 early'],
  },
  {
    name: 'an alert that fired later than the clock is ignored',
    over: { nowMs: PAGE + 2 * MIN, firings: [firing('LatencyHigh', '2026-10-25T02:30:00Z')] },
    expected: ['01:40:00 early'],
  },
  {
    name: 'a re-firing does not move the message: it follows the first firing',
    over: {
      nowMs: PAGE + 20 * MIN,
      firings: [firing('LatencyHigh', '2026-10-25T02:15:00Z'), firing('LatencyHigh', '2026-10-25T02:06:00Z')],
    },
    expected: ['01:40:00 early', '02:07:00 alarm', '02:08:00 paged', '02:10:00 boss'],
  },
  {
    name: 'any mitigation triggers `mitigation: any`, a named one only its own',
    over: { nowMs: PAGE + 3 * MIN, actions: [mitigate('restart-web', 2 * MIN)] },
    expected: ['01:40:00 early', '02:07:00 any-fix', '02:08:00 paged'],
  },
  {
    name: 'the named mitigation triggers both, each with its delay',
    over: {
      nowMs: PAGE + 6 * MIN,
      actions: [mitigate('rollback-cart', 1 * MIN), mitigate('restart-web', 2 * MIN)],
    },
    expected: ['01:40:00 early', '02:06:00 any-fix', '02:08:00 rolled', '02:08:00 paged', '02:10:00 boss'],
  },
  {
    name: 'a message tied to the second hint ignores the first',
    over: { nowMs: PAGE + 2 * MIN, actions: [hint(0, MIN)] },
    expected: ['01:40:00 early'],
  },
  {
    name: 'a message tied to the second hint follows it',
    over: { nowMs: PAGE + 2 * MIN, actions: [hint(0, MIN), hint(1, 90_000)] },
    expected: ['01:40:00 early', '02:06:30 hint-taken'],
  },
  {
    name: 'status updates join the stream; a reply and a reply to it follow the first',
    over: {
      nowMs: PAGE + 4 * MIN,
      actions: [status('Looking at cart', MIN), status('Rolling back', 3 * MIN)],
    },
    expected: [
      '01:40:00 early',
      '02:06:00 status:Looking at cart',
      '02:06:30 thanks',
      '02:07:30 reply',
      '02:08:00 paged',
      '02:08:00 status:Rolling back',
    ],
  },
  {
    name: 'a status update at the same moment as a message follows it',
    over: { nowMs: PAGE + 5 * MIN, actions: [status('On it', 5 * MIN)] },
    expected: ['01:40:00 early', '02:08:00 paged', '02:10:00 boss', '02:10:00 status:On it'],
  },
];

describe('the incident channel at a moment', () => {
  it.each(cases)('$name', ({ over, expected }) => {
    expect(seen(over)).toEqual(expected);
  });

  it('replies waiting on each other in a circle never appear', () => {
    const ids = channelAt(input({ nowMs: PAGE + 24 * 60 * MIN })).map((i) =>
      i.kind === 'message' ? i.message.id : '',
    );
    expect(ids.filter((id) => id.startsWith('loop'))).toEqual([]);
  });

  it('is deterministic: the same inputs give the same channel, whatever the order of firings', () => {
    const firings = [
      firing('LatencyHigh', '2026-10-25T02:15:00Z'),
      firing('LatencyHigh', '2026-10-25T02:06:00Z'),
    ];
    const over = { nowMs: PAGE + 30 * MIN, firings, actions: [status('a', MIN), mitigate('x', 2 * MIN)] };
    const a = channelAt(input(over));
    const b = channelAt(input({ ...over, firings: [...firings].reverse() }));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.map((i) => i.atMs)).toEqual([...a.map((i) => i.atMs)].sort((x, y) => x - y));
  });
});

describe('alert firings', () => {
  const event = (alert: string, pendingIso: string, firingIso: string | undefined, service: string) =>
    ({
      alert,
      severity: 'page',
      labels: { alertname: alert, service },
      annotations: {},
      pendingAtMs: Date.parse(pendingIso),
      firingAtMs: firingIso === undefined ? undefined : Date.parse(firingIso),
      resolvedAtMs: undefined,
      value: 1,
    }) satisfies AlertEvent;

  it('lists each rule going to firing once per moment, in time order, up to the end', () => {
    const alerts = [
      event('ErrorRate', '2026-10-25T01:41:00Z', '2026-10-25T01:43:00Z', 'web'),
      event('ErrorRate', '2026-10-25T01:41:00Z', '2026-10-25T01:43:00Z', 'cart'),
      event('Latency', '2026-10-25T01:30:00Z', undefined, 'web'),
      event('ErrorRate', '2026-10-25T02:20:00Z', '2026-10-25T02:22:00Z', 'web'),
      event('Latency', '2026-10-25T01:35:00Z', '2026-10-25T01:37:00Z', 'web'),
    ];
    const at = (iso: string) =>
      alertFirings(alerts, Date.parse(iso)).map(
        (f) => `${f.alert}@${new Date(f.atMs).toISOString().slice(11, 16)}`,
      );
    expect(at('2026-10-25T02:00:00Z')).toEqual(['Latency@01:37', 'ErrorRate@01:43']);
    expect(at('2026-10-25T02:30:00Z')).toEqual(['Latency@01:37', 'ErrorRate@01:43', 'ErrorRate@02:22']);
  });
});

describe('what was true when a status update was posted', () => {
  const scenario = {
    window: { start: '2026-10-25T01:00:00Z', end: '2026-10-25T03:00:00Z' },
    timeline,
    system: { services: [] },
    traffic: { segments: [] },
    mitigations: { 'rollback-cart': { right: true } },
    faults: [
      { id: 'by-trigger', trigger: 'deploy-cart' },
      { id: 'from-to', from: '2026-10-25T02:00:00Z', until: '2026-10-25T02:10:00Z' },
      { id: 'from-window' },
    ],
  } as unknown as Parameters<typeof truthAt>[0];
  const actions = [mitigate('restart-web', MIN), mitigate('rollback-cart', 10 * MIN)];
  const cases: { at: string; faults: string[]; mitigations: string[] }[] = [
    { at: '2026-10-25T01:30:00Z', faults: ['from-window'], mitigations: [] },
    { at: '2026-10-25T02:05:00Z', faults: ['by-trigger', 'from-to', 'from-window'], mitigations: [] },
    {
      at: '2026-10-25T02:10:00Z',
      faults: ['by-trigger', 'from-window'],
      mitigations: ['restart-web@02:06 not a fix'],
    },
    {
      at: '2026-10-25T02:15:00Z',
      faults: ['by-trigger', 'from-window'],
      mitigations: ['restart-web@02:06 not a fix', 'rollback-cart@02:15 a fix'],
    },
  ];
  it.each(cases)('at $at', ({ at, faults, mitigations }) => {
    const truth = truthAt(scenario, PAGE, actions, Date.parse(at));
    expect(truth.faults.map((f) => f.id)).toEqual(faults);
    expect(
      truth.mitigations.map(
        (m) => `${m.id}@${new Date(m.atMs).toISOString().slice(11, 16)} ${m.fixes ? 'a fix' : 'not a fix'}`,
      ),
    ).toEqual(mitigations);
  });
});

describe('alert-tied messages in a played tutorial', () => {
  // The tutorial's own channel, and one message more that waits for its alert rule to fire.
  const text = `${scenarioText('tutorial.yaml').trimEnd()}
  - id: alert-bot
    from: alertmanager
    role: bot
    after: { alert: CheckoutErrorRate }
    delay: 30s
    text: "[FIRING:1] CheckoutErrorRate"
`;

  it('the session answers the firings its world evaluated, and the message follows the first one', async () => {
    let clock = 0;
    const session = startSession({
      host: inThread(new WorldHost([{ file: 'scenarios/tutorial.yaml', text }])),
      storage: new MemoryStorage(),
      now: () => clock,
    });
    await session.ready;
    session.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await new Promise<void>((resolve) => {
      const stop = session.store.subscribe(
        (s) => s.world.state,
        (state) => {
          if (state !== 'ready') return;
          stop();
          resolve();
        },
      );
    });
    session.send({ type: 'begin' });
    clock = 90_000;
    const firings = await session.alertFirings();
    expect(firings.map((f) => `${f.alert}@${new Date(f.atMs).toISOString().slice(11, 19)}`)).toEqual([
      'CheckoutErrorRate@01:43:30',
    ]);
    // The page hears the channel from the world host, which holds its script.
    const items = await session.channelAt();
    expect(
      items.map((i) =>
        i.kind === 'message' ? `${new Date(i.atMs).toISOString().slice(11, 19)} ${i.message.id}` : '',
      ),
    ).toEqual(['01:44:00 alert-bot', '02:00:00 support-relay', '02:06:00 dana-nginx']);
  });
});
