/**
 * Turns the query string of `GET /api/v1/logs` into a store query (Okta System Log API,
 * `listLogEvents`): `since`, `until`, `after`, `filter`, `q`, `limit`, `sortOrder`.
 *
 * Two modes, as Okta's "System Log query" guide describes them:
 * - polling: no `until` and ASCENDING. There is no upper bound; the client follows `next`
 *   forever and sees each event once, when it has been committed.
 * - bounded: an `until` (given, or "now" for a DESCENDING query), a fixed window.
 * `since` defaults to seven days before `until` (or before now when polling).
 *
 * Bad parameters are collected into one 400 E0000001 with a cause per parameter; a bad
 * `filter` is 400 E0000053 (see filters.ts).
 */
import { DomainError, invalid, type ErrorCause } from '../../errors/domain-error.js';
import type { FilterNode } from '../../filter/index.js';
import { normaliseDateTime } from '../../filter/date-time.js';
import { parseLimit } from '../../http/pagination.js';
import { decodeCursor, type CursorBinding } from './cursor.js';
import { parseLogFilter } from './filters.js';

/** The query string as sent (every value is text; absent parameters are undefined). */
export interface LogListParams {
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly after?: string | undefined;
  readonly filter?: string | undefined;
  readonly q?: string | undefined;
  readonly limit?: string | undefined;
  readonly sortOrder?: string | undefined;
}

export interface ResolvedLogQuery {
  readonly since: string;
  /** Exclusive; undefined when polling. */
  readonly until: string | undefined;
  /** True when `until` was not given but fixed by us (a DESCENDING query): the cursor carries it. */
  readonly untilDefaulted: boolean;
  readonly polling: boolean;
  readonly order: 'ASCENDING' | 'DESCENDING';
  readonly filter: FilterNode | undefined;
  readonly keywords: readonly string[];
  readonly afterPosition: number | undefined;
  readonly limit: number;
  readonly binding: CursorBinding;
}

const WEEK_MS = 7 * 86_400_000;
/** Okta: `q` keywords are at most 40 characters; we also bound their number (each is a LIKE). */
const MAX_KEYWORD_LENGTH = 40;
const MAX_KEYWORDS = 10;
export const LOG_LIMITS = { defaultLimit: 100, maxLimit: 1000 } as const;

function instant(raw: string | undefined, field: string, causes: ErrorCause[]): string | undefined {
  if (raw === undefined) return undefined;
  const normalised = normaliseDateTime(raw);
  if (normalised === undefined) {
    causes.push({ field, message: `must be an ISO-8601 date-time such as 2026-01-01T00:00:00.000Z, got ${JSON.stringify(raw.slice(0, 64))}` });
  }
  return normalised;
}

function keywordsOf(q: string | undefined, causes: ErrorCause[]): string[] {
  const keywords = (q ?? '').split(/\s+/).filter((k) => k !== '');
  if (keywords.length > MAX_KEYWORDS) causes.push({ field: 'q', message: `at most ${MAX_KEYWORDS} keywords` });
  if (keywords.some((k) => [...k].length > MAX_KEYWORD_LENGTH)) {
    causes.push({ field: 'q', message: `each keyword must be at most ${MAX_KEYWORD_LENGTH} characters` });
  }
  return keywords;
}

function limitOf(raw: string | undefined, causes: ErrorCause[]): number {
  try {
    return parseLimit(raw, LOG_LIMITS);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    causes.push(...error.causes);
    return LOG_LIMITS.defaultLimit;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function resolveLogQuery(params: LogListParams, now: number): ResolvedLogQuery {
  const causes: ErrorCause[] = [];
  const sortOrder = params.sortOrder ?? 'ASCENDING';
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') causes.push({ field: 'sortOrder', message: 'must be ASCENDING or DESCENDING' });
  const order = sortOrder === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING';
  const givenSince = instant(params.since, 'since', causes);
  const givenUntil = instant(params.until, 'until', causes);
  const keywords = keywordsOf(params.q, causes);
  const limit = limitOf(params.limit, causes);
  const polling = params.until === undefined && order === 'ASCENDING';
  const binding: CursorBinding = { sortOrder, filter: params.filter, q: params.q, until: params.until };

  let since = givenSince ?? iso((givenUntil !== undefined ? Date.parse(givenUntil) : now) - WEEK_MS);
  // "Now" included: an event published this very millisecond belongs to the answer.
  let until = polling ? undefined : (givenUntil ?? iso(now + 1));
  if (givenSince !== undefined && until !== undefined && givenSince > until) {
    causes.push({ field: 'since', message: params.until === undefined ? 'must not be later than until (default: now)' : 'must not be later than until' });
  }
  let afterPosition: number | undefined;
  if (params.after !== undefined) {
    if (params.since !== undefined) {
      causes.push({ field: 'after', message: 'since and after cannot be used together (the cursor already carries since)' });
    } else {
      const cursor = decodeCursor(params.after, binding);
      const needsUntil = !polling && params.until === undefined;
      if (cursor === undefined || (needsUntil && cursor.until === undefined)) {
        causes.push({ field: 'after', message: 'the cursor is not valid for this query' });
      } else {
        afterPosition = cursor.position;
        since = cursor.since;
        if (needsUntil) until = cursor.until;
      }
    }
  }
  if (causes.length > 0) throw invalid([...new Set(causes.map((c) => c.field))].join(', '), causes);
  const filter = params.filter === undefined ? undefined : parseLogFilter(params.filter);
  return {
    since,
    until,
    untilDefaulted: !polling && params.until === undefined,
    polling,
    order,
    filter,
    keywords,
    afterPosition,
    limit,
    binding,
  };
}
