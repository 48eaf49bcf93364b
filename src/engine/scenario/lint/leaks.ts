import type { FaultKind } from '../faultKinds.ts';
import { FAULT_KIND_LABELS } from '../faultKinds.ts';
import type { Scenario } from '../schema.ts';
import type { LintFinding } from './types.ts';

/** Words shared with the explanation that make a run of this many words distinctive enough to be a leak. */
const SHINGLE = 5;

/**
 * Something a trainee reads before the debrief: the picker's card, the page, the tickets, the docs, the
 * channel, the hints before the last. `soft` marks text where a word of the taxonomy is often innocent (a
 * runbook's body lists the usual suspects), so a match there is a warning to reread it.
 */
interface FirstRead {
  readonly path: readonly (string | number)[];
  readonly what: string;
  readonly text: string;
  readonly soft?: boolean;
}

/** Channel triggers after which a message may speak of the cause: the trainee has acted or asked. */
const AFTER_THE_FACT = ['mitigation', 'hint', 'status'] as const;

function firstReads(scenario: Scenario, file: string): FirstRead[] {
  const b = scenario.briefing;
  const name = file.split(/[\\/]/).pop() ?? file;
  const lastHint = scenario.hints.length - 1;
  return [
    { path: [], what: 'the file name', text: name.replace(/\.ya?ml$/, '').replace(/[-_.]/g, ' ') },
    { path: ['id'], what: 'the scenario id', text: scenario.id.replace(/[-_.]/g, ' ') },
    { path: ['title'], what: 'the title', text: scenario.title },
    { path: ['summary'], what: 'the summary', text: scenario.summary },
    { path: ['tags'], what: 'the tags', text: scenario.tags.join(', ').replace(/[-_]/g, ' ') },
    // Every request line and user agent carries the system's domain (`host: cert-expiry.example`), and
    // every commit its author's e-mail.
    ...(
      [
        [['system', 'domain'], "the system's domain", scenario.system.domain],
        [['code', 'emailDomain'], "the authors' e-mail domain", scenario.code?.emailDomain],
      ] as const
    ).flatMap(([path, what, domain]) =>
      domain ? [{ path: [...path], what, text: domain.replace(/[-_.]/g, ' ') }] : [],
    ),
    ...(scenario.trains?.skills ?? []).map((skill, i) => ({
      path: ['trains', 'skills', i],
      what: 'what the scenario trains',
      text: skill,
    })),
    { path: ['briefing', 'page', 'title'], what: 'the page title', text: b.page.title },
    { path: ['briefing', 'page', 'body'], what: 'the page', text: b.page.body },
    ...b.tickets.flatMap((t, i) => [
      { path: ['briefing', 'tickets', i, 'subject'], what: `ticket ${t.id}`, text: t.subject },
      { path: ['briefing', 'tickets', i, 'body'], what: `ticket ${t.id}`, text: t.body },
    ]),
    ...scenario.docs.flatMap((d, i) => [
      { path: ['docs', i, 'title'], what: 'a doc title', text: d.title },
      { path: ['docs', i, 'body'], what: `doc ${d.id}`, text: d.body, soft: true },
    ]),
    ...scenario.channel.flatMap((m, i) =>
      AFTER_THE_FACT.some((t) => m.after?.[t] !== undefined)
        ? []
        : [{ path: ['channel', i, 'text'], what: `channel message ${m.id}`, text: m.text }],
    ),
    // The last hint may say it; the ones before it are read while the trainee is still looking.
    ...scenario.hints.flatMap((h, i) =>
      i < lastHint
        ? [{ path: ['hints', i, 'text'], what: `hint ${i + 1} (of ${lastHint + 1})`, text: h.text }]
        : [],
    ),
  ];
}

/**
 * How people name a kind in passing, beyond its label: a title that says "expired cert" or "pool
 * exhausted" tells the answer as surely as the taxonomy's own words.
 */
const SAYINGS: Partial<Record<FaultKind, readonly string[]>> = {
  'memory-leak': ['out of memory', 'oomkilled', 'leaks memory', 'leaking memory'],
  'gc-pauses': ['gc pause', 'garbage collection', 'stop the world'],
  'connection-pool-exhaustion': ['pool exhausted', 'pool is exhausted', 'pool size', 'out of connections'],
  'fd-exhaustion': ['too many open files', 'file descriptors'],
  'expired-credential': ['expired cert', 'cert expired', 'certificate expired', 'expired certificate'],
  'flag-rollout': ['feature flag', 'flag rollout'],
  'retry-storm': ['retry storm', 'retries amplify'],
  'cache-stampede': ['thundering herd'],
  'timezone-defect': ['daylight saving', 'dst bug', 'timezone bug', 'time zone bug'],
  'dns-failure': ['nxdomain', 'dns'],
  'disk-full': ['no space left'],
  'clock-skew': ['clock drift', 'clock is behind', 'ntp'],
  'lock-contention': ['deadlock', 'lock wait', 'lock timeout', 'row lock'],
  'noisy-neighbour': ['noisy neighbor', 'noisy neighbour'],
  'port-exhaustion': ['ephemeral port', 'conntrack', 'cannot assign requested address'],
  'credential-rotation': ['secret rotation', 'key rotation', 'rotated the key', 'rotated the secret'],
  'quota-exhausted': ['quota exceeded', 'over quota', 'out of quota'],
  'poison-message': ['poison message', 'poison pill', 'dead letter'],
  'thundering-herd': ['reconnect storm', 'all at once', 'without jitter', 'no jitter'],
  'data-loss': ['data loss', 'lost data', 'deleted by mistake', 'wrongly deleted', 'deleted the wrong'],
  'hot-key': ['hot partition', 'hot spot', 'hotspot', 'hot row', 'hot tenant'],
  'split-brain': ['split brain', 'split-brain', 'two primaries', 'dual primary', 'divergent writes'],
  'replication-lag': ['replica lag', 'replica is behind', 'replica behind', 'lagging replica', 'stale read'],
};

/** The phrases that name a fault kind: its id in words, the parts of its label and how people say it. */
export function kindPhrases(kind: FaultKind): string[] {
  if (kind === 'custom') return [];
  const phrases = new Set<string>([kind.replace(/-/g, ' ')]);
  for (const saying of SAYINGS[kind] ?? []) phrases.add(saying);
  for (const part of FAULT_KIND_LABELS[kind].toLowerCase().split(/\s*(?:,|\bor\b|\(|\))\s*/)) {
    const p = part.replace(/-/g, ' ').trim();
    // Single common words ("clock", "certificate") name a symptom as often as a cause; phrases do not.
    if (p.includes(' ')) phrases.add(p);
  }
  return [...phrases].filter((p) => p.length > 0);
}

function normalise(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/**
 * Check (d): the answer does not leak into what the trainee reads first. The root cause's fault kind in
 * words, the trigger event's id, or a run of words of the explanation naming the root cause in the file
 * name, the picker card, the page, the tickets or a doc title give the answer away.
 */
export function answerLeaks(scenario: Scenario, file: string): LintFinding[] {
  const findings: LintFinding[] = [];
  const root = scenario.solution.rootCause;
  const phrases = kindPhrases(root.fault);
  const trigger = root.trigger;
  const rootName = scenario.system.services.find((s) => s.id === root.component)?.name;
  const rootPhrases = [root.component, ...(rootName ? [rootName] : [])].map((p) => normalise(p).trim());
  const shingles = explanationShingles(scenario.solution.explanation, rootPhrases);
  for (const read of firstReads(scenario, file)) {
    const text = normalise(read.text);
    const add = (message: string, severity: LintFinding['severity'] = 'error') =>
      findings.push({
        rule: 'answer-leak',
        severity: read.soft ? 'warning' : severity,
        path: read.path,
        message: `${read.what} ${message}`,
      });
    const phrase = phrases.find((p) => text.includes(` ${normalise(p).trim()} `));
    if (phrase) add(`names the fault kind ("${phrase}"): the trainee should find it, not read it`);
    // An id like deploy-cart-2-4-1 is the change log's own name for the event: an error. A plain word
    // (newsletter) may name the event in passing: a warning to reread the sentence.
    if (trigger && new RegExp(`(^|[^\\w-])${escapeRegExp(trigger)}($|[^\\w-])`, 'i').test(read.text))
      add(
        `names the trigger event "${trigger}": the trainee should find it in the change log`,
        /[-\d_.]/.test(trigger) ? 'error' : 'warning',
      );
    const shared = shingles.find((s) => text.includes(` ${s} `));
    if (shared) add(`repeats the explanation ("${shared}"), which tells the root cause`, 'warning');
  }
  return findings;
}

/** Runs of words from the explanation that name the root-cause component: what would give the cause away. */
function explanationShingles(explanation: string, rootPhrases: readonly string[]): string[] {
  const words = normalise(explanation).trim().split(' ');
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= words.length; i++) {
    const run = words.slice(i, i + SHINGLE).join(' ');
    if (rootPhrases.some((p) => ` ${run} `.includes(` ${p} `))) out.add(run);
  }
  return [...out];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
