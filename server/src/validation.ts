/**
 * Input schemas (zod) and the helpers that turn a failed parse into a clear 400/422 with per-field
 * messages. Unknown body keys are refused rather than dropped, so `__proto__` and typos fail loudly.
 */

import {
  bodyProblem,
  IDEMPOTENCY_KEY_PATTERN,
  LIMITS,
  MODERATION_ACTIONS,
  type ModerationAction,
  nameProblem,
  POLICIES,
  type Policy,
  type Problem,
  REPORT_REASONS,
  type ReportReason,
  textProblem,
  threadProblem,
} from '@threadline/contract';
import type { Context } from 'hono';
import { z } from 'zod';
import { ID_PATTERN } from './ids';
import { ApiError, badRequest } from './middleware/errors';

/** A zod check from one of the shared rules (src/adapters/validate.ts): the same rule as in the widget. */
const rule =
  (problem: (value: string) => Problem | undefined) =>
  (value: string, ctx: z.RefinementCtx<string>): void => {
    const found = problem(value);
    if (found) ctx.addIssue({ code: 'custom', message: found.rule });
  };

export const threadId = z.string().superRefine(rule(threadProblem));
export const commentId = z.string().regex(ID_PATTERN, 'must be a 26-character comment id');

/** Trimmed before any rule: leading and trailing white space is never stored. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine(rule(textProblem));
const commentBody = z.string().trim().superRefine(rule(bodyProblem));
const displayName = z.string().trim().superRefine(rule(nameProblem));

/** Random, like a token: 32+ characters (a UUID is 36). */
export const GUEST_SECRET = /^[A-Za-z0-9_-]{32,128}$/;

export const anchorSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be 1–100 letters, digits or _ . : -'),
  quote: text(LIMITS.quoteMaxLength),
});

export const createCommentBody = z.strictObject({
  parentId: commentId.nullable().optional(),
  body: commentBody,
  authorName: displayName.optional(),
  anchor: anchorSchema.optional(),
  /**
   * A new guest's proof for a replay: a random secret the client keeps with its pending first post. A
   * replay of that post (same Idempotency-Key) gets the guest's token only when it shows the same secret.
   */
  guestSecret: z.string().regex(GUEST_SECRET, 'must be 32–128 letters, digits, _ or -').optional(),
  /** The composer's hidden honeypot field: people leave it empty, form-filling bots do not. */
  website: z.string().max(2000).optional(),
  /** How long the composer was open before the post, in milliseconds (a bot posts at once). */
  writeMs: z.number({ error: 'must be milliseconds' }).int().min(0).max(86_400_000).optional(),
});
export type CreateCommentBody = z.infer<typeof createCommentBody>;

export const editCommentBody = z.strictObject({ body: commentBody });
export const voteBody = z.strictObject({
  value: z.union([z.literal(-1), z.literal(0), z.literal(1)], { error: 'must be -1, 0 or 1' }),
});
export const identityBody = z.strictObject({ name: displayName.optional() });
export const threadBody = z.strictObject({
  title: z.string().trim().max(300).superRefine(rule(textProblem)).nullable().optional(),
  url: z
    .string()
    .superRefine(rule(textProblem))
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000))
    .nullable()
    .optional(),
  closed: z.boolean().optional(),
  /** null: back to the site's default policy. */
  policy: z
    .enum(POLICIES as [Policy, ...Policy[]], { error: `must be one of ${POLICIES.join(', ')}, or null` })
    .nullable()
    .optional(),
});

const intParam = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

export const listQuery = z.object({
  sort: z.enum(['newest', 'oldest', 'top'], { error: 'must be newest, oldest or top' }).default('newest'),
  cursor: z.string().max(500).optional(),
  limit: intParam(1, LIMITS.pageMax, 20),
  replies: intParam(0, LIMITS.replyLimitMax, 3),
});
export const repliesQuery = listQuery.omit({ sort: true });

/** A moderator's reason or a reporter's explanation: plain text, bounded, no NUL or lone surrogate. */
const reasonText = z
  .string()
  .trim()
  .max(LIMITS.reasonMaxLength, `must be at most ${LIMITS.reasonMaxLength} characters`)
  .superRefine(rule(textProblem))
  .transform((v) => (v === '' ? undefined : v));

export const moderationBody = z.strictObject({
  action: z.enum(MODERATION_ACTIONS as [ModerationAction, ...ModerationAction[]], {
    error: `must be one of ${MODERATION_ACTIONS.join(', ')}`,
  }),
  reason: reasonText.optional(),
});

export const reportBody = z
  .strictObject({
    reason: z.enum(REPORT_REASONS as [ReportReason, ...ReportReason[]], {
      error: `must be one of ${REPORT_REASONS.join(', ')}`,
    }),
    detail: reasonText.optional(),
  })
  .refine((r) => r.reason !== 'illegal' || r.detail !== undefined, {
    path: ['detail'],
    message: 'must say what is illegal about the comment (a report of illegal content needs an explanation)',
  });

export const queueQuery = z.object({
  kind: z
    .enum(['pending', 'reported', 'spam', 'rejected'], {
      error: 'must be pending, reported, spam or rejected',
    })
    .default('pending'),
  thread: threadId.optional(),
  cursor: commentId.optional(),
  limit: intParam(1, LIMITS.pageMax, 50),
});

export const banBody = z.strictObject({
  thread: threadId,
  commentId,
  /** Whom: the comment's author (identity), the address it came from, or both. */
  scope: z
    .enum(['identity', 'address', 'both'], { error: 'must be identity, address or both' })
    .default('both'),
  /** Omitted: until a moderator lifts it. */
  hours: z
    .number({ error: 'must be a number of hours' })
    .int('must be a whole number of hours')
    .min(1, 'must be at least 1')
    .max(24 * 365 * 10, 'must be at most ten years')
    .optional(),
  reason: reasonText.optional(),
});

export const banId = z.string().regex(/^\d{1,19}$/, 'must be a ban id');

export const logQuery = z.object({
  thread: threadId.optional(),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, 'must be an entry id from an earlier page')
    .optional(),
  limit: intParam(1, LIMITS.pageMax, 50),
});
export const IDEMPOTENCY_KEY = IDEMPOTENCY_KEY_PATTERN;

/** An unknown key is named back only when it looks like a field name: error bodies never echo input. */
const FIELD_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,39}$/;

function fieldsOf(error: z.ZodError): Record<string, string> {
  const entries = new Map<string, string>();
  for (const issue of error.issues) {
    const keys =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((k) => [...issue.path, FIELD_NAME.test(k) ? k : '(unknown field)'].join('.'))
        : [issue.path.join('.')];
    for (const key of keys) {
      const message = issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message;
      if (!entries.has(key || '(body)')) entries.set(key || '(body)', message);
    }
  }
  // fromEntries defines own properties, so a `__proto__` key stays data.
  return Object.fromEntries(entries);
}

function describe(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

/** Validates one path parameter; a bad id is a 400 that names it. */
export function param<T>(schema: z.ZodType<T>, name: string, value: string | undefined): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'is not valid';
    throw badRequest('invalid_path', `The ${name} in the URL ${message}.`, { [name]: message });
  }
  return parsed.data;
}

export function query<T>(schema: z.ZodType<T>, c: Context): T {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    const fields = fieldsOf(parsed.error);
    throw badRequest('invalid_query', `Fix the query parameters: ${describe(fields)}.`, fields);
  }
  return parsed.data;
}

/** Reads a JSON body: 400 when it is not JSON, 422 (with fields) when it does not fit the schema. */
export async function jsonBody<T>(schema: z.ZodType<T>, c: Context): Promise<T> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw badRequest(
      'unsupported_content_type',
      'Send the request body as JSON (Content-Type: application/json).',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw badRequest('invalid_json', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldsOf(parsed.error);
    throw new ApiError(422, 'validation_failed', `The request is not valid: ${describe(fields)}.`, fields);
  }
  return parsed.data;
}
