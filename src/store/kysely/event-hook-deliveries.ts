/**
 * EventHookDeliveryRepository over Kysely (both dialects): the scan cursor, the deliveries and
 * their leases, the attempts.
 *
 * Two nodes never send one delivery at once: `claimDue` is one UPDATE whose WHERE requires the
 * lease to be free or expired, re-checked on the row itself. On PostgreSQL a second UPDATE racing
 * for the same row waits for the first to commit and re-evaluates that WHERE on the new row
 * (READ COMMITTED's EvalPlanQual), which no longer matches; `SKIP LOCKED` in the inner select lets
 * it take other rows meanwhile. On SQLite one writer runs at a time. Two scans never write the same
 * events twice: `recordScan` moves the cursor first, conditionally on its old value, in the
 * transaction that inserts the deliveries; the loser's update finds no row and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Dialect } from '../database.js';
import type {
  ClaimedDelivery,
  DeliveryAttemptRecord,
  DeliveryNext,
  DeliveryRecord,
  DeliveryStatus,
  EventHookDeliveryRepository,
  NewDelivery,
} from '../event-hook-store.js';
import type { Database, EventHookDeliveriesTable, EventHookDeliveryAttemptsTable } from '../schema.js';

const CURSOR_ID = 'system-log';

interface EventSummary {
  readonly uuid: string;
  readonly eventType: string;
  readonly published: string;
}

function summaryOf(event: unknown): EventSummary {
  const fields = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return { uuid: text(fields['uuid']), eventType: text(fields['eventType']), published: text(fields['published']) };
}

type ListedRow = Omit<Selectable<EventHookDeliveriesTable>, 'events' | 'event_count' | 'first_position' | 'last_position' | 'lease_token' | 'lease_until'>;

function rowToDelivery(row: ListedRow): DeliveryRecord {
  return {
    seq: Number(row.seq),
    id: row.id,
    hookId: row.hook_id,
    status: row.status as DeliveryStatus,
    events: JSON.parse(row.summary) as EventSummary[],
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    created: row.created,
    lastAttemptAt: row.last_attempt_at,
    finished: row.finished,
    lastError: row.last_error,
  };
}

function rowToAttempt(row: Selectable<EventHookDeliveryAttemptsTable>): DeliveryAttemptRecord {
  return {
    deliveryId: row.delivery_id,
    attempt: row.attempt,
    started: row.started,
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    error: row.error,
    outcome: row.outcome === 'SUCCESS' ? 'SUCCESS' : 'FAILURE',
  };
}

export class KyselyEventHookDeliveryRepository implements EventHookDeliveryRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async cursor(): Promise<number> {
    const row = await this.db.selectFrom('event_hook_cursor').select('position').where('id', '=', CURSOR_ID).executeTakeFirst();
    return row === undefined ? 0 : Number(row.position);
  }

  async recordScan(from: number, to: number, deliveries: readonly NewDelivery[]): Promise<boolean> {
    if (!this.db.isTransaction) {
      return this.db.transaction().execute((trx) => new KyselyEventHookDeliveryRepository(trx, this.dialect).recordScan(from, to, deliveries));
    }
    if (!(await this.moveCursor(from, to))) return false;
    for (const delivery of deliveries) {
      await this.db
        .insertInto('event_hook_deliveries')
        .values({
          id: delivery.id,
          hook_id: delivery.hookId,
          status: 'PENDING',
          events: JSON.stringify(delivery.events),
          summary: JSON.stringify(delivery.events.map(summaryOf)),
          event_count: delivery.events.length,
          first_position: delivery.firstPosition,
          last_position: delivery.lastPosition,
          attempts: 0,
          next_attempt_at: delivery.created,
          lease_token: null,
          lease_until: null,
          created: delivery.created,
          last_attempt_at: null,
          finished: null,
          last_error: null,
        })
        .execute();
    }
    return true;
  }

  /** Compare-and-set on the cursor row; the row is created on the first move when missing (an emptied database). */
  private async moveCursor(from: number, to: number): Promise<boolean> {
    const moved = await this.db
      .updateTable('event_hook_cursor')
      .set({ position: to })
      .where('id', '=', CURSOR_ID)
      .where('position', '=', from)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) > 0) return true;
    if (from !== 0) return false;
    const created = await this.db
      .insertInto('event_hook_cursor')
      .values({ id: CURSOR_ID, position: to })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(created.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async claimDue(claim: { readonly now: string; readonly leaseUntil: string; readonly token: string; readonly limit: number }): Promise<ClaimedDelivery[]> {
    const { now } = claim;
    let due = this.db
      .selectFrom('event_hook_deliveries')
      .select('id')
      .where('status', '=', 'PENDING')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .orderBy('next_attempt_at')
      .orderBy('seq')
      .limit(claim.limit);
    if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
    // A MATERIALIZED common table expression: the due rows are chosen once. As a plain `IN
    // (SELECT … LIMIT n)` PostgreSQL may run the subquery again for each row it updates, and
    // then lease more than `limit` rows.
    const rows = await this.db
      .with(
        (wb) => wb('due').materialized(),
        () => due,
      )
      .updateTable('event_hook_deliveries')
      .set({ lease_token: claim.token, lease_until: claim.leaseUntil })
      .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
      // Checked again on the row itself: what makes a racing claim of the same row find nothing.
      .where('status', '=', 'PENDING')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .returning(['id', 'hook_id', 'events', 'attempts', 'created', 'seq'])
      .execute();
    return rows
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((row) => ({ id: row.id, hookId: row.hook_id, eventsJson: row.events, attempts: row.attempts, created: row.created, leaseToken: claim.token }));
  }

  async finish(
    delivery: { readonly id: string; readonly leaseToken: string },
    attempt: DeliveryAttemptRecord | undefined,
    next: DeliveryNext,
  ): Promise<boolean> {
    if (!this.db.isTransaction) {
      return this.db.transaction().execute((trx) => new KyselyEventHookDeliveryRepository(trx, this.dialect).finish(delivery, attempt, next));
    }
    if (attempt !== undefined) {
      await this.db
        .insertInto('event_hook_delivery_attempts')
        .values({
          id: randomUUID(),
          delivery_id: attempt.deliveryId,
          attempt: attempt.attempt,
          started: attempt.started,
          duration_ms: Math.round(attempt.durationMs),
          status_code: attempt.statusCode,
          error: attempt.error,
          outcome: attempt.outcome,
        })
        .execute();
    }
    const done = next.status !== 'PENDING';
    const updated = await this.db
      .updateTable('event_hook_deliveries')
      .set({
        status: next.status,
        next_attempt_at: done ? null : next.nextAttemptAt,
        last_error: next.lastError,
        finished: done ? next.at : null,
        lease_token: null,
        lease_until: null,
        ...(attempt === undefined ? {} : { attempts: sql<number>`attempts + 1`, last_attempt_at: attempt.started }),
      })
      .where('id', '=', delivery.id)
      .where('lease_token', '=', delivery.leaseToken)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  async listOfHook(hookId: string, page: { readonly afterSeq?: number | undefined; readonly limit: number }): Promise<DeliveryRecord[]> {
    let select = this.db
      .selectFrom('event_hook_deliveries')
      .select(['seq', 'id', 'hook_id', 'status', 'summary', 'attempts', 'next_attempt_at', 'created', 'last_attempt_at', 'finished', 'last_error'])
      .where('hook_id', '=', hookId);
    if (page.afterSeq !== undefined) select = select.where('seq', '<', page.afterSeq);
    const rows = await select.orderBy('seq', 'desc').limit(page.limit).execute();
    return rows.map(rowToDelivery);
  }

  async attemptsOf(deliveryIds: readonly string[]): Promise<Map<string, DeliveryAttemptRecord[]>> {
    const out = new Map<string, DeliveryAttemptRecord[]>();
    if (deliveryIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('event_hook_delivery_attempts')
      .selectAll()
      .where('delivery_id', 'in', [...deliveryIds])
      .orderBy('delivery_id')
      .orderBy('attempt')
      .orderBy('started')
      .execute();
    for (const row of rows) {
      const list = out.get(row.delivery_id) ?? [];
      list.push(rowToAttempt(row));
      out.set(row.delivery_id, list);
    }
    return out;
  }

  async purgeFinished(before: string): Promise<number> {
    const result = await this.db.deleteFrom('event_hook_deliveries').where('created', '<', before).where('status', '!=', 'PENDING').executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
