/**
 * Reading the System Log (`GET /api/v1/logs`): one page of events and the cursor of the next.
 *
 * When is there a next page?
 * - bounded queries (an `until`, or DESCENDING): only when more events match; a page is never
 *   empty while it carries a next link.
 * - polling queries (no `until`, ASCENDING): always, even after an empty page. This is Okta's
 *   documented polling contract ("polling requests always return a next link"), and the Okta
 *   SDK is built on it: `collection.subscribe()` treats an empty page as "wait `interval`, then
 *   follow next", and `each()` stops at the first empty page, so both behave as on Okta. The
 *   price, also Okta's: a `for await` loop over a polling query never ends by itself (it yields
 *   `null` at the tail); a client that wants a finite read passes `until`.
 *
 * Exactly once under concurrent writers: pages are keyed on the commit position, and the
 * visible positions are always a prefix of the log (store/migrations/2026-11-28T16-00_log-position.ts).
 * A polling page that is not full also moves the cursor up to the high-water mark read before
 * it, so that empty polls do not rescan events the filter already rejected.
 */
import type { LogEventRecord } from '../../store/records.js';
import type { ManagementDeps } from '../deps.js';
import { encodeCursor } from './cursor.js';
import { resolveLogQuery, type LogListParams } from './query.js';

export interface LogPage {
  readonly events: LogEventRecord[];
  /** The `after` of the next page, or undefined at the end of a bounded query. */
  readonly next: string | undefined;
}

export function createLogService(deps: Pick<ManagementDeps, 'store' | 'clock'>) {
  const { store, clock } = deps;

  async function list(params: LogListParams): Promise<LogPage> {
    const query = resolveLogQuery(params, clock.now());
    // Read before the page, so every event at or below it is visible to the page query.
    const highWater = query.polling ? await store.logs.highWater() : 0;
    const rows = await store.logs.query({
      since: query.since,
      until: query.until,
      filter: query.filter,
      keywords: query.keywords,
      order: query.order,
      afterPosition: query.afterPosition,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const more = rows.length > query.limit;
    const last = page.at(-1)?.position;
    let nextPosition: number | undefined;
    if (more && last !== undefined) nextPosition = last;
    else if (query.polling) nextPosition = Math.max(last ?? query.afterPosition ?? 0, highWater);
    const next =
      nextPosition === undefined
        ? undefined
        : encodeCursor({ position: nextPosition, since: query.since, until: query.untilDefaulted ? query.until : undefined }, query.binding);
    return { events: page.map((row) => row.event), next };
  }

  return { list };
}
