/**
 * Okta cursor pagination: `limit` + opaque `after`, RFC 8288 `Link` headers with absolute URLs
 * built from the org URL. The next link repeats every query parameter of the request, and a
 * page is never empty while it carries a next link (the SDK would yield `null`).
 */
import { invalidField } from '../errors/domain-error.js';

export interface LimitRule {
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

export function parseLimit(raw: string | undefined, rule: LimitRule): number {
  if (raw === undefined || raw === '') return rule.defaultLimit;
  if (!/^\d{1,9}$/.test(raw)) throw invalidField('limit', `must be a whole number between 1 and ${rule.maxLimit}`);
  const value = Number(raw);
  if (value < 1) throw invalidField('limit', `must be a whole number between 1 and ${rule.maxLimit}`);
  // Okta clamps an oversized limit to the maximum rather than failing.
  return Math.min(value, rule.maxLimit);
}

function queryString(query: Readonly<Record<string, string>>): string {
  const parts = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length === 0 ? '' : '?' + parts.join('&');
}

/**
 * `Link` header values: self (the request as made) and next (the same with `after` moved on).
 * `query` holds the request's parameters as given; `next` is the new cursor, or undefined at the end.
 */
export function pageLinks(orgUrl: string, path: string, query: Readonly<Record<string, string>>, next: string | undefined): string[] {
  const links = [`<${orgUrl}${path}${queryString(query)}>; rel="self"`];
  if (next !== undefined) links.push(`<${nextPageUrl(orgUrl, path, query, next)}>; rel="next"`);
  return links;
}

/** The next page's absolute URL: the request's parameters with `after` moved on to `next` (for `_links.next` bodies). */
export function nextPageUrl(orgUrl: string, path: string, query: Readonly<Record<string, string>>, next: string): string {
  const { after: _after, ...rest } = query;
  return `${orgUrl}${path}${queryString({ ...rest, after: next })}`;
}

/** Fetch `limit + 1` rows, return `limit` of them and whether there are more. */
export function splitPage<T>(rows: readonly T[], limit: number): { items: T[]; more: boolean } {
  return { items: rows.slice(0, limit), more: rows.length > limit };
}
