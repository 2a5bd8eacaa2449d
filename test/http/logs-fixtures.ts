/**
 * Helpers for the System Log suites: write events the way the services do (the System Log
 * subscriber inside a store transaction), read pages through the HTTP API, follow `Link`s.
 */
import type { LightMyRequestResponse } from 'fastify';
import { DEFAULT_RATE_LIMITS, type Config } from '../../src/config/config.js';
import { systemContext, type DomainEvent } from '../../src/events/event-bus.js';
import { SystemLogWriter } from '../../src/events/system-log-writer.js';
import type { LogEventRecord } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import type { TestApp } from '../helpers/test-app.js';

/** The logs family gets a large bucket: these suites page a lot, rate limits have their own suite. */
export const LOGS_TEST_CONFIG: Partial<Config> = {
  rateLimit: { perMinute: { ...DEFAULT_RATE_LIMITS, logs: 1_000_000 }, perCredentialShare: 0.5, windowMs: 60_000 },
};

/** An event as a service would emit it; `marker` becomes the display message and the target id. */
export function markerEvent(marker: string): DomainEvent {
  return {
    type: 'group.profile.update',
    displayMessage: marker,
    targets: [{ id: marker, type: 'UserGroup', alternateId: marker, displayName: marker, detailEntry: null }],
  };
}

/** Writes events in one transaction of `store`, through the System Log subscriber. */
export async function writeEvents(t: TestApp, store: Store, events: readonly DomainEvent[]): Promise<void> {
  const writer = new SystemLogWriter(t.clock);
  await writer.onEvents(store, systemContext(), events);
}

export async function writeMarkers(t: TestApp, markers: readonly string[]): Promise<void> {
  await t.store.transaction((tx) => writeEvents(t, tx, markers.map(markerEvent)));
}

/** `rel` → absolute URL, from one or several `Link` headers. */
export function linksOf(response: LightMyRequestResponse): Record<string, string> {
  const raw = response.headers['link'];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)];
  const links: Record<string, string> = {};
  for (const value of values.flatMap((v) => v.split(/,\s*(?=<)/))) {
    const match = /^<([^>]+)>;\s*rel="([a-z]+)"$/.exec(value.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) links[match[2]] = match[1];
  }
  return links;
}

export interface LogPageResult {
  readonly status: number;
  readonly events: LogEventRecord[];
  readonly next: string | undefined;
  readonly self: string | undefined;
  readonly response: LightMyRequestResponse;
}

/** GETs a page; `url` may be a path or an absolute link from a previous page. */
export async function getLogs(t: TestApp, url: string, token?: string): Promise<LogPageResult> {
  const path = url.startsWith(t.config.orgUrl) ? url.slice(t.config.orgUrl.length) : url;
  const response = await t.request('GET', path, token === undefined ? {} : { token });
  const links = linksOf(response);
  const events = response.statusCode === 200 ? response.json<LogEventRecord[]>() : [];
  return { status: response.statusCode, events, next: links['next'], self: links['self'], response };
}

/** Okta's polling mode: no `until` and ASCENDING (the default); its pages always carry `next`. */
export function isPolling(url: string): boolean {
  const query = new URL(url, 'http://x').searchParams;
  return !query.has('until') && query.get('sortOrder') !== 'DESCENDING';
}

/**
 * Follows `next` to the end: the last page of a bounded query (which must carry no `next`,
 * and no page may be empty while it has one), or the first empty page of a polling query
 * (which must still carry `next`).
 */
export async function readAll(t: TestApp, url: string): Promise<LogEventRecord[]> {
  const polling = isPolling(url);
  const all: LogEventRecord[] = [];
  let current: string | undefined = url;
  for (let pages = 0; current !== undefined; pages += 1) {
    if (pages > 1000) throw new Error('too many pages');
    const page = await getLogs(t, current);
    if (page.status !== 200) throw new Error(`GET ${current}: ${page.status} ${page.response.body}`);
    if (polling && page.next === undefined) throw new Error(`a polling page without a next link: ${current}`);
    if (polling && page.events.length === 0) break;
    if (page.events.length === 0 && page.next !== undefined) throw new Error(`empty page with a next link: ${current}`);
    all.push(...page.events);
    current = page.next;
  }
  return all;
}

/** A query string from parameters (values URL-encoded). */
export function logsUrl(parameters: Readonly<Record<string, string>>): string {
  const query = Object.entries(parameters)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return query === '' ? '/api/v1/logs' : `/api/v1/logs?${query}`;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
