/**
 * The System Log `after` cursor: opaque to clients (the SDK follows `Link` URLs verbatim and
 * never builds one), `<base64url JSON>.<check>`.
 *
 * It carries what a follow-up page needs and the next link cannot repeat:
 * - `p`, the commit position of the last event handed out (exclusive);
 * - `s`, the effective `since`: Okta makes `since` and `after` mutually exclusive, so the
 *   lower bound travels inside the cursor and the window stays what the first page asked for;
 * - `u`, the effective `until` of a DESCENDING query that gave none (fixed at the first page).
 *
 * The check is a digest over the payload and the query it belongs to (sortOrder, filter, q,
 * until as given): a cursor that was altered, truncated, or replayed against another query is
 * refused, so a follow-up page can never widen the query that produced it. It is a checksum,
 * not a MAC: a cursor grants nothing, since anything it selects the caller may ask for directly
 * with the same `okta.logs.read` permission.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { normaliseDateTime } from '../../filter/date-time.js';

export interface LogCursor {
  readonly position: number;
  readonly since: string;
  readonly until?: string | undefined;
}

/** The request parameters a cursor is bound to, as the client sent them. */
export interface CursorBinding {
  readonly sortOrder: string;
  readonly filter: string | undefined;
  readonly q: string | undefined;
  readonly until: string | undefined;
}

const MAX_CURSOR_LENGTH = 300;

function check(payload: string, binding: CursorBinding): string {
  const bound = JSON.stringify([binding.sortOrder, binding.filter ?? null, binding.q ?? null, binding.until ?? null]);
  return createHash('sha256').update(`tessera.logs.after.v1\n${payload}\n${bound}`).digest('base64url').slice(0, 22);
}

export function encodeCursor(cursor: LogCursor, binding: CursorBinding): string {
  const body: { p: number; s: string; u?: string } = { p: cursor.position, s: cursor.since };
  if (cursor.until !== undefined) body.u = cursor.until;
  const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  return `${payload}.${check(payload, binding)}`;
}

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && normaliseDateTime(value) === value;
}

/** The cursor, or undefined when it is malformed, altered, or belongs to another query. */
export function decodeCursor(text: string, binding: CursorBinding): LogCursor | undefined {
  if (text.length > MAX_CURSOR_LENGTH) return undefined;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{22})$/.exec(text);
  const payload = match?.[1];
  const given = match?.[2];
  if (payload === undefined || given === undefined) return undefined;
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(check(payload, binding)))) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { p, s, u } = body as { p?: unknown; s?: unknown; u?: unknown };
  if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0) return undefined;
  if (!isInstant(s) || (u !== undefined && !isInstant(u))) return undefined;
  return { position: p, since: s, until: u };
}
