/** EventHookRepository over Kysely (both dialects). */
import type { Kysely, Selectable } from 'kysely';
import type { Dialect } from '../database.js';
import type { EventHookHeader, EventHookRecord, EventHookRepository, EventHookStatus, EventHookVerificationStatus } from '../event-hook-store.js';
import { nameKey } from '../keys.js';
import type { Database, EventHooksTable } from '../schema.js';
import { uniquely } from './sql-errors.js';

function hookToRow(hook: EventHookRecord): EventHooksTable {
  return {
    id: hook.id,
    name: hook.name,
    name_key: nameKey(hook.name),
    description: hook.description,
    status: hook.status,
    verification_status: hook.verificationStatus,
    events: JSON.stringify(hook.events),
    uri: hook.uri,
    headers: JSON.stringify(hook.headers),
    auth_key: hook.authScheme?.key ?? null,
    auth_value_sealed: hook.authScheme?.sealedValue ?? null,
    deliver_after: hook.deliverAfter,
    created_by: hook.createdBy,
    created: hook.created,
    last_updated: hook.lastUpdated,
  };
}

function rowToHook(row: Selectable<EventHooksTable>): EventHookRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status as EventHookStatus,
    verificationStatus: row.verification_status as EventHookVerificationStatus,
    events: JSON.parse(row.events) as string[],
    uri: row.uri,
    headers: JSON.parse(row.headers) as EventHookHeader[],
    authScheme: row.auth_key !== null && row.auth_value_sealed !== null ? { type: 'HEADER', key: row.auth_key, sealedValue: row.auth_value_sealed } : null,
    createdBy: row.created_by,
    deliverAfter: Number(row.deliver_after),
    created: row.created,
    lastUpdated: row.last_updated,
  };
}

export class KyselyEventHookRepository implements EventHookRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async insert(hook: EventHookRecord): Promise<void> {
    await uniquely('eventHook.name', () => this.db.insertInto('event_hooks').values(hookToRow(hook)).execute());
  }

  async get(id: string): Promise<EventHookRecord | undefined> {
    const row = await this.db.selectFrom('event_hooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : rowToHook(row);
  }

  async list(): Promise<EventHookRecord[]> {
    const rows = await this.db.selectFrom('event_hooks').selectAll().orderBy('created').orderBy('id').execute();
    return rows.map(rowToHook);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('event_hooks')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async update(id: string, change: (current: EventHookRecord) => EventHookRecord): Promise<EventHookRecord | undefined> {
    // The read and the write in one transaction, under PostgreSQL's row lock (as groups.ts).
    if (!this.db.isTransaction) return this.db.transaction().execute((trx) => new KyselyEventHookRepository(trx, this.dialect).update(id, change));
    let query = this.db.selectFrom('event_hooks').selectAll().where('id', '=', id);
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) return undefined;
    const values = hookToRow({ ...change(rowToHook(row)), id });
    await uniquely('eventHook.name', () => this.db.updateTable('event_hooks').set(values).where('id', '=', id).execute());
    return rowToHook(values);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('event_hooks').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listDeliverable(): Promise<EventHookRecord[]> {
    const rows = await this.db
      .selectFrom('event_hooks')
      .selectAll()
      .where('status', '=', 'ACTIVE')
      .where('verification_status', '=', 'VERIFIED')
      .orderBy('created')
      .orderBy('id')
      .execute();
    return rows.map(rowToHook);
  }
}
