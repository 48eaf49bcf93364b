import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../../src/engine/scenario/faultKinds.ts';
import { FAULT_LIBRARY } from '../../../src/engine/sim/faults/library.ts';

const guide = readFileSync(join(process.cwd(), 'scenarios', 'README.md'), 'utf8');
const rows = new Map(
  guide
    .split('\n')
    .filter((l) => /^\| `[a-z-]+` \|/.test(l))
    .map((l) => [/^\| `([a-z-]+)`/.exec(l)![1]!, l.split(' | ').map((c) => c.trim())] as const),
);

describe('the authoring guide', () => {
  it.each(FAULT_KINDS)('has a row for %s that agrees with the fault library', (kind) => {
    const row = rows.get(kind);
    expect(row, `scenarios/README.md has no "| \`${kind}\` |" row in the fault kinds table`).toBeDefined();
    const spec = FAULT_LIBRARY[kind];
    expect(row![1]).toBe(spec.target);
    const fails =
      spec.failsAt === 'none'
        ? 'never fails'
        : spec.failsAt === 'client'
          ? `in the caller, ${spec.status}`
          : `in the service, ${spec.status}`;
    expect(row![2]).toBe(fails);
  });

  it.each([
    'system',
    'traffic',
    'timeline',
    'faults',
    'noise',
    'code',
    'docs',
    'dashboards and alerts',
    'briefing',
    'hints',
    'solution',
    'variants',
  ])('describes the %s section', (section) => {
    expect(guide).toContain(`\n### ${section}\n`);
  });

  it('links the scoring guide and shows how to validate, lint and preview', () => {
    for (const text of ['(./SCORING.md)', 'twoam validate', 'twoam lint', 'twoam new', '?preview='])
      expect(guide).toContain(text);
  });
});
