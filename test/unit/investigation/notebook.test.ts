import { describe, expect, it } from 'vitest';
import type { Action, LogEvidence } from '../../../src/engine/investigation/actions.ts';
import {
  acceptedActions,
  EMPTY_INVESTIGATION,
  MAX_SUBMISSIONS,
  refusal,
  replay,
} from '../../../src/engine/investigation/notebook.ts';

const line: LogEvidence = { kind: 'log', ref: 'log:42', id: 42, service: 'cart', tsMs: 1, line: 'TypeError' };
const shown: Action = {
  type: 'query',
  at: 1,
  tool: 'logs',
  query: '{service="cart"}',
  matched: 1,
  shownIds: ['log:42'],
};
const pinned: Action = { type: 'pin', at: 2, evidence: line };
const hypothesis: Action = { type: 'hypothesis', at: 3, id: 'h1', text: 'cart 2.4.1 broke coupons' };
const diagnose: Action = {
  type: 'diagnose',
  at: 9,
  diagnosis: { component: 'cart', fault: 'bad-deploy', confidence: 80 },
};

const CASES: readonly { name: string; before: Action[]; action: Action; refused: string | undefined }[] = [
  {
    name: 'pin what no query showed',
    before: [],
    action: pinned,
    refused: 'only what a query showed can be pinned',
  },
  { name: 'pin what a query showed', before: [shown], action: pinned, refused: undefined },
  { name: 'pin twice', before: [shown, pinned], action: { ...pinned, at: 3 }, refused: 'already pinned' },
  {
    name: 'unpin what is not pinned',
    before: [shown],
    action: { type: 'unpin', at: 3, ref: 'log:42' },
    refused: 'not pinned',
  },
  {
    name: 'mark unpinned evidence',
    before: [shown, hypothesis],
    action: { type: 'mark', at: 4, hypothesisId: 'h1', ref: 'log:42', stance: 'supports' },
    refused: 'mark pinned evidence only',
  },
  {
    name: 'cite unpinned evidence in a link',
    before: [shown],
    action: { type: 'link', at: 4, id: 'l1', from: 'cart', to: 'web', evidence: ['log:42'] },
    refused: 'cite pinned evidence only',
  },
  {
    name: 'link a node to itself',
    before: [],
    action: { type: 'link', at: 4, id: 'l1', from: 'cart', to: 'cart', evidence: [] },
    refused: 'a link joins two different nodes',
  },
  {
    name: 'take a hint twice',
    before: [{ type: 'hint', at: 1, index: 0 }],
    action: { type: 'hint', at: 2, index: 0 },
    refused: 'hint already taken',
  },
  {
    name: 'submit once more than allowed',
    before: Array.from({ length: MAX_SUBMISSIONS }, () => diagnose),
    action: diagnose,
    refused: 'no submissions left',
  },
];

describe('the notebook rules', () => {
  it.each(CASES)('$name', ({ before, action, refused }) => {
    expect(refusal(replay(before), action)).toBe(refused);
  });

  it('drops citations and marks when their evidence is unpinned', () => {
    const state = replay([
      shown,
      pinned,
      hypothesis,
      { type: 'mark', at: 4, hypothesisId: 'h1', ref: 'log:42', stance: 'supports' },
      { type: 'link', at: 5, id: 'l1', from: 'deploy', to: 'cart', evidence: ['log:42'] },
      { type: 'unpin', at: 6, ref: 'log:42' },
    ]);
    expect(state.chain).toEqual([{ id: 'l1', from: 'deploy', to: 'cart', evidence: [] }]);
    expect(state.hypotheses[0]!.marks).toEqual([]);
  });

  it('snapshots the chain with each submission', () => {
    const state = replay([{ type: 'link', at: 1, id: 'l1', from: 'a', to: 'b', evidence: [] }, diagnose]);
    expect(state.submissions).toEqual([
      { at: 9, diagnosis: diagnose.diagnosis, chain: [{ id: 'l1', from: 'a', to: 'b', evidence: [] }] },
    ]);
  });

  it('lets rows scrolled to in a list be pinned without counting another query', () => {
    const first: Action = { ...shown, shownIds: ['log:50'] };
    const scrolled: Action = { ...shown, at: 2, shownIds: ['log:42'], rows: { from: 1, to: 2 } };
    expect(refusal(replay([first]), pinned)).toBe('only what a query showed can be pinned');
    expect(refusal(replay([first, scrolled]), pinned)).toBe(undefined);
    expect(replay([first, scrolled]).queries).toBe(1);
  });

  it('counts what the trainee asked, not what the page ran for them, yet lets its items be pinned', () => {
    const opened: Action = { ...shown, shownIds: ['log:42'], browse: true };
    expect(replay([opened]).queries).toBe(0);
    expect(refusal(replay([opened]), pinned)).toBe(undefined);
    expect(replay([opened, { ...shown, at: 2 }]).queries).toBe(1);
  });

  it('trims a log to the moves the rules accept', () => {
    expect(acceptedActions([pinned, shown, pinned, pinned])).toEqual([shown, pinned]);
    expect(replay([]).queries).toBe(EMPTY_INVESTIGATION.queries);
  });
});
