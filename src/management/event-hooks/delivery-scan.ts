/**
 * The scan: from the System Log to delivery rows. It reads the high water first, then the events
 * past the cursor and up to it of the types some ACTIVE and VERIFIED hook subscribes to, batches
 * each hook's events (Okta: "Events that occur within a short time of each other are amalgamated
 * in the array"), and records the batches and the new cursor in one transaction, only if the
 * cursor has not moved meanwhile (another node scanned first: its rows stand, this scan's are
 * dropped and the next tick starts from the new cursor).
 *
 * Visible log positions always form a prefix, and nothing can appear at or below the high water
 * later (store.ts, `StoredLogEvent.position`): so the cursor never passes an event that is still
 * to come, and each event is scanned once. A hook gets the events past its `deliverAfter` (the
 * high water when it last became ACTIVE and VERIFIED) scanned while it is ACTIVE and VERIFIED.
 */
import { randomUUID } from 'node:crypto';
import { isoAt, type Clock } from '../../clock.js';
import type { EventHookRecord, NewDelivery } from '../../store/event-hook-store.js';
import type { JsonValue } from '../../store/records.js';
import type { Store, StoredLogEvent } from '../../store/store.js';
import { presentLogEvent } from '../logs/presenter.js';

/** Events read per scan; a scan that reads this many leaves the rest for the next one. */
export const SCAN_LIMIT = 1000;
/** Events per delivery at most. */
export const MAX_EVENTS_PER_DELIVERY = 50;

export interface ScanReport {
  /** False when another scan moved the cursor first (nothing was written). */
  readonly recorded: boolean;
  readonly deliveries: number;
  /** True when the scan stopped at SCAN_LIMIT events short of the high water. */
  readonly more: boolean;
}

function batchesOf(hooks: readonly EventHookRecord[], rows: readonly StoredLogEvent[], created: string): NewDelivery[] {
  const deliveries: NewDelivery[] = [];
  for (const hook of hooks) {
    const wanted = new Set(hook.events);
    const mine = rows.filter((row) => row.position > hook.deliverAfter && wanted.has(row.event.eventType));
    for (let start = 0; start < mine.length; start += MAX_EVENTS_PER_DELIVERY) {
      const batch = mine.slice(start, start + MAX_EVENTS_PER_DELIVERY);
      const first = batch[0];
      const last = batch[batch.length - 1];
      if (first === undefined || last === undefined) continue;
      deliveries.push({
        id: randomUUID(),
        hookId: hook.id,
        // As GET /api/v1/logs presents them; a LogEvent is JSON all through.
        events: batch.map((row) => presentLogEvent(row.event) as unknown as JsonValue),
        firstPosition: first.position,
        lastPosition: last.position,
        created,
      });
    }
  }
  return deliveries;
}

export async function scanLog(store: Store, clock: Clock): Promise<ScanReport> {
  const from = await store.eventHookDeliveries.cursor();
  const high = await store.logs.highWater();
  if (high <= from) return { recorded: true, deliveries: 0, more: false };
  const hooks = await store.eventHooks.listDeliverable();
  const types = [...new Set(hooks.flatMap((hook) => hook.events))];
  // No hook listening: the cursor jumps to the high water without reading a single event.
  const rows = types.length === 0 ? [] : await store.logs.readAfter({ afterPosition: from, throughPosition: high, eventTypes: types, limit: SCAN_LIMIT });
  const more = rows.length === SCAN_LIMIT;
  const to = more ? (rows[rows.length - 1]?.position ?? high) : high;
  const deliveries = batchesOf(hooks, rows, isoAt(clock.now()));
  const recorded = await store.eventHookDeliveries.recordScan(from, to, deliveries);
  return { recorded, deliveries: recorded ? deliveries.length : 0, more: recorded && more };
}
