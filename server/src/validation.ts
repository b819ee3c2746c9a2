/**
 * Input schemas (zod) and the helpers that turn a failed parse into a clear 400/422 with per-field
 * messages. Unknown body keys are refused rather than dropped, so `__proto__` and typos fail loudly.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { LIMITS } from '../../src/adapters/adapter';
import { ID_PATTERN } from './ids';
import { ApiError, badRequest } from './middleware/errors';

/** Letters, digits and `_ . : ~ @ -`; no slashes, spaces or leading dot, so ids never look like paths. */
export const THREAD_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:~@-]*$/;
export const threadId = z
  .string()
  .min(1)
  .max(LIMITS.threadMaxLength)
  .regex(THREAD_PATTERN, 'use letters, digits and _ . : ~ @ - only (not starting with . or -)');
export const commentId = z.string().regex(ID_PATTERN, 'must be a 26-character comment id');

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const CONTROL = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: PostgreSQL text cannot hold NUL
const NUL = /\u0000/;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !NUL.test(s), 'must not contain NUL characters');

const displayName = text(LIMITS.nameMaxLength).refine(
  (s) => !CONTROL.test(s),
  'must not contain control characters',
);

export const anchorSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be 1–100 letters, digits or _ . : -'),
  quote: text(LIMITS.quoteMaxLength),
});

export const createCommentBody = z.strictObject({
  parentId: commentId.nullable().optional(),
  body: text(LIMITS.bodyMaxLength),
  authorName: displayName.optional(),
  anchor: anchorSchema.optional(),
});
export type CreateCommentBody = z.infer<typeof createCommentBody>;

export const editCommentBody = z.strictObject({ body: text(LIMITS.bodyMaxLength) });
export const voteBody = z.strictObject({
  value: z.union([z.literal(-1), z.literal(0), z.literal(1)], { error: 'must be -1, 0 or 1' }),
});
export const identityBody = z.strictObject({ name: displayName.optional() });
export const threadBody = z.strictObject({
  title: z.string().trim().max(300).nullable().optional(),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000)
    .nullable()
    .optional(),
  closed: z.boolean().optional(),
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
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

function fieldsOf(error: z.ZodError): Record<string, string> {
  const entries = new Map<string, string>();
  for (const issue of error.issues) {
    const keys =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((k) => [...issue.path, k].join('.'))
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
