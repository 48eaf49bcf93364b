import { z } from 'zod';
import { SCHEMA_LIMITS } from './limits.ts';
import { durationWithin, id, timestamp } from './primitives.ts';

// The incident channel: what teammates, support, a manager and the status page say while the trainee
// investigates. Messages are declared on the game clock, at a time or after something happens (the page,
// an alert fires, the trainee applies a mitigation, takes a hint, posts a status update). Some help and
// some mislead, as a real channel does; the hidden tags tell the debrief and the lint which is which.

/** Who speaks in the channel. */
export const CHANNEL_ROLES = ['teammate', 'support', 'manager', 'status-page', 'customer', 'bot'] as const;

/** One kind of speaker. */
export type ChannelRole = (typeof CHANNEL_ROLES)[number];

/** What each role is, for the authoring guide and the schema's hover text. */
export const CHANNEL_ROLE_LABELS: Readonly<Record<ChannelRole, string>> = {
  teammate: 'another engineer: theories, findings, offers to help (right or wrong)',
  support: 'the support team relaying what customers report',
  manager: 'an engineering manager or incident commander asking for status',
  'status-page': 'a draft of the public status page, for the trainee to check',
  customer: 'a customer or account manager writing in directly',
  bot: 'an integration: alert notifications, deploy announcements',
};

const triggers = ['page', 'alert', 'mitigation', 'event', 'hint', 'status', 'message'] as const;

/** What a message waits for; exactly one field is given. */
export const ChannelTriggerSchema = z
  .strictObject({
    page: z
      .literal(true)
      .optional()
      .describe('`page: true`: the message follows the page, when the trainee starts (use `delay`)'),
    alert: z.string().min(1).optional().describe('an alert rule name: the message follows its first firing'),
    mitigation: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(
        'an action id (e.g. rollback:deploy-cart-2-4-1), or "any": the message follows the trainee applying it (or any action)',
      ),
    event: id.optional().describe('a timeline event id: the message follows the event'),
    hint: z
      .union([z.literal('any'), z.number().int().min(1)])
      .optional()
      .describe('a hint number (1 is the first hint), or "any": the message follows the trainee taking it'),
    status: z
      .union([z.literal('any'), z.number().int().min(1)])
      .optional()
      .describe(
        'a status update number (1 is the first), or "any": the message follows the trainee posting it',
      ),
    message: id.optional().describe('another message id: this one is a reply and follows it'),
  })
  .refine((t) => triggers.filter((k) => t[k] !== undefined).length === 1, {
    message: `\`after\` names exactly one of ${triggers.join(', ')}`,
  });

/** A trigger as written. */
export type ChannelTrigger = z.output<typeof ChannelTriggerSchema>;

/** One message of the incident channel. */
export const ChannelMessageSchema = z
  .strictObject({
    id,
    from: z.string().min(1).max(60).describe('the speaker\'s name, e.g. "Priya (payments)"'),
    role: z
      .enum(CHANNEL_ROLES)
      .describe(`who speaks. ${CHANNEL_ROLES.map((r) => `${r}: ${CHANNEL_ROLE_LABELS[r]}`).join('; ')}`),
    text: z.string().min(1).max(2000).describe('what they write, as short as a chat message'),
    at: timestamp.optional().describe('when the message appears on the game clock'),
    after: ChannelTriggerSchema.optional().describe('what the message waits for, instead of a time'),
    delay: durationWithin({ max: SCHEMA_LIMITS.channelDelay })
      .optional()
      .describe('with `after`: how long after its trigger the message appears'),
    misleading: z
      .boolean()
      .optional()
      .describe('hidden: a confident wrong theory or a red herring; the debrief names it'),
    helps: id.optional().describe('hidden: the clue of the solution this message points towards'),
  })
  .superRefine((m, ctx) => {
    if ((m.at === undefined) === (m.after === undefined))
      ctx.addIssue({
        code: 'custom',
        path: m.at === undefined ? [] : ['at'],
        message: 'a message appears either `at` a time or `after` something, not both nor neither',
      });
    if (m.delay !== undefined && m.after === undefined)
      ctx.addIssue({ code: 'custom', path: ['delay'], message: '`delay` counts from an `after` trigger' });
    if (m.misleading && m.helps !== undefined)
      ctx.addIssue({ code: 'custom', path: ['helps'], message: 'a misleading message helps no clue' });
  });

/** A channel message with defaults applied. */
export type ChannelMessage = z.output<typeof ChannelMessageSchema>;

/** The scenario's incident channel. */
export const ChannelSchema = z
  .array(ChannelMessageSchema)
  .max(40)
  .describe('the incident channel: teammates, support, a manager and the status page, on the game clock');
