/**
 * The System Log filters of the console → the parameters of `GET /api/v1/logs`: a SCIM filter
 * over the attributes the server indexes (src/management/logs/filters.ts: `eventType`,
 * `actor.id`, `target.id`, `outcome.result`), `q` keywords, and `since`/`until` as ISO instants.
 */
import { EVENT_TYPES } from '../../../../src/events/event-types';

/** Every event type Tessera writes, for the event type field's suggestions. */
export const KNOWN_EVENT_TYPES: readonly string[] = [...EVENT_TYPES].sort();

export const OUTCOMES = ['SUCCESS', 'FAILURE', 'DENY'] as const;

/** What the filter form holds, as typed. */
export interface LogForm {
  readonly eventType: string;
  readonly actor: string;
  readonly target: string;
  readonly outcome: string;
  readonly keywords: string;
  /** `datetime-local` values (local time, no zone), or ''. */
  readonly since: string;
  readonly until: string;
  readonly order: 'DESCENDING' | 'ASCENDING';
}

export const EMPTY_FORM: LogForm = { eventType: '', actor: '', target: '', outcome: '', keywords: '', since: '', until: '', order: 'DESCENDING' };

/** The query the list reads, once applied. */
export interface LogQuery {
  readonly filter: string | undefined;
  readonly q: string | undefined;
  readonly since: string | undefined;
  readonly until: string | undefined;
  readonly order: 'DESCENDING' | 'ASCENDING';
  /** When the filters were applied (ISO): the lower bound of a live tail over an empty list. */
  readonly appliedAt: string;
  /** What the console made of the actor field, in words. */
  readonly actorNote: string | undefined;
}

/** A SCIM string literal: the filter's strings are JSON strings. */
export const literal = (value: string): string => JSON.stringify(value);

/** An Okta-shaped id: three characters of type and seventeen base-62 characters. */
export const looksLikeId = (value: string): boolean => /^[0-9A-Za-z]{20}$/.test(value);

/** A `datetime-local` value (the browser's local time) as an ISO instant; undefined when empty or not a time. */
export function instantOf(local: string): string | undefined {
  if (local.trim() === '') return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The problems of a form the server would refuse anyway, in words (the server checks them again). */
export function formProblems(form: LogForm): string[] {
  const problems: string[] = [];
  if (form.since !== '' && instantOf(form.since) === undefined) problems.push('Since is not a date and time.');
  if (form.until !== '' && instantOf(form.until) === undefined) problems.push('Until is not a date and time.');
  const since = instantOf(form.since);
  const until = instantOf(form.until);
  if (since !== undefined && until !== undefined && since > until) problems.push('Since must not be later than Until.');
  return problems;
}

/**
 * The SCIM filter of the form. A known event type matches exactly; other text matches the types
 * it starts (`user.lifecycle` → every user lifecycle event). `actorId` is the actor as an id
 * (resolved from a login by the caller).
 */
export function filterOf(form: LogForm, actorId: string | undefined): string | undefined {
  const parts: string[] = [];
  const eventType = form.eventType.trim();
  if (eventType !== '') parts.push(`eventType ${KNOWN_EVENT_TYPES.includes(eventType) ? 'eq' : 'sw'} ${literal(eventType)}`);
  if (actorId !== undefined && actorId !== '') parts.push(`actor.id eq ${literal(actorId)}`);
  const target = form.target.trim();
  if (target !== '') parts.push(`target.id eq ${literal(target)}`);
  if (form.outcome !== '') parts.push(`outcome.result eq ${literal(form.outcome)}`);
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

/** Keywords as the server takes them: words separated by spaces, every one must appear. */
export function keywordsOf(text: string): string | undefined {
  const words = text.split(/\s+/).filter((w) => w !== '');
  return words.length > 0 ? words.join(' ') : undefined;
}
