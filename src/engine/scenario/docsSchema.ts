import { z } from 'zod';
import { id, text, timestamp } from './primitives.ts';

// Docs and runbooks the trainee can read during an investigation. Like real ones they may be out of date:
// `updated` says when someone last touched them, and the body says what they believed then.

export const DocKindSchema = z
  .enum(['runbook', 'architecture', 'readme', 'postmortem'])
  .describe(
    'runbook: what on-call does for an alert; architecture: how the system fits together; readme: a service or repository guide; postmortem: an earlier incident',
  );

export const DocSchema = z.strictObject({
  id: id.describe('how alerts and hints refer to this document, e.g. runbook-checkout-errors'),
  title: z.string().min(1).max(200),
  kind: DocKindSchema,
  updated: timestamp.describe('when the document was last edited; old dates hint that it may be stale'),
  author: z.string().min(1).max(120).optional().describe('who last edited it, e.g. dana.ops'),
  services: z.array(id).max(64).default([]).describe('the services this document is about'),
  body: text.describe('the document, markdown'),
});

export const DocsSchema = z
  .array(DocSchema)
  .max(100)
  .describe('docs and runbooks the trainee can read; they may be out of date, as real ones are');

/** One document of the docs section. */
export type Doc = z.output<typeof DocSchema>;
