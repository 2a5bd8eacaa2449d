/** NetworkZoneRepository over Kysely (both dialects). */
import { sql, type Kysely, type Selectable } from 'kysely';
import { filterToSql, type ColumnTarget } from '../../filter/to-sql.js';
import type { FilterNode } from '../../filter/ast.js';
import type { Dialect } from '../database.js';
import { nameKey } from '../keys.js';
import type { NetworkZoneAddress, NetworkZoneRecord, NetworkZoneStatus, NetworkZoneUsage } from '../records.js';
import type { Database, NetworkZonesTable } from '../schema.js';
import type { NetworkZoneListQuery, NetworkZoneRepository } from '../store.js';
import { uniquely } from './sql-errors.js';

const COLUMNS: Readonly<Record<string, keyof NetworkZonesTable>> = { id: 'id', usage: 'usage', system: 'system' };

function zoneToRow(zone: NetworkZoneRecord): NetworkZonesTable {
  return {
    id: zone.id,
    type: zone.type,
    name: zone.name,
    name_key: nameKey(zone.name),
    status: zone.status,
    usage: zone.usage,
    gateways: JSON.stringify(zone.gateways),
    proxies: JSON.stringify(zone.proxies),
    system: zone.system ? 1 : 0,
    created: zone.created,
    last_updated: zone.lastUpdated,
  };
}

/** A JSON array of addresses as stored (or as PostgreSQL's json_agg hands a nested one back). */
export function addressesOf(value: unknown): NetworkZoneAddress[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { type, value: text } = entry as { type?: unknown; value?: unknown };
    return (type === 'CIDR' || type === 'RANGE') && typeof text === 'string' ? [{ type, value: text }] : [];
  });
}

export function rowToZone(row: Omit<Selectable<NetworkZonesTable>, 'name_key'>): NetworkZoneRecord {
  return {
    id: row.id,
    type: 'IP',
    name: row.name,
    status: row.status as NetworkZoneStatus,
    usage: row.usage as NetworkZoneUsage,
    gateways: addressesOf(row.gateways),
    proxies: addressesOf(row.proxies),
    system: Number(row.system) === 1,
    created: row.created,
    lastUpdated: row.last_updated,
  };
}

export class KyselyNetworkZoneRepository implements NetworkZoneRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async insert(zone: NetworkZoneRecord): Promise<void> {
    await uniquely('network_zone.name', () => this.db.insertInto('network_zones').values(zoneToRow(zone)).execute());
  }

  async get(id: string): Promise<NetworkZoneRecord | undefined> {
    const row = await this.db.selectFrom('network_zones').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : rowToZone(row);
  }

  async lock(ids: readonly string[]): Promise<NetworkZoneRecord[]> {
    if (ids.length === 0) return [];
    // PostgreSQL holds the row locks until the caller's transaction ends; SQLite's one
    // connection runs one transaction at a time, which serializes the same way.
    let query = this.db
      .selectFrom('network_zones')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('id');
    if (this.dialect === 'postgres') query = query.forUpdate();
    return (await query.execute()).map(rowToZone);
  }

  async getMany(ids: readonly string[]): Promise<readonly NetworkZoneRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('network_zones')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('id')
      .execute();
    return rows.map(rowToZone);
  }

  async update(id: string, change: (current: NetworkZoneRecord) => NetworkZoneRecord): Promise<NetworkZoneRecord | undefined> {
    if (!this.db.isTransaction) {
      return this.db.transaction().execute((trx) => new KyselyNetworkZoneRepository(trx, this.dialect).update(id, change));
    }
    const [current] = await this.lock([id]);
    if (current === undefined) return undefined;
    const next = change(current);
    await uniquely('network_zone.name', () => this.db.updateTable('network_zones').set(zoneToRow(next)).where('id', '=', id).execute());
    return next;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('network_zones').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list(query: NetworkZoneListQuery): Promise<NetworkZoneRecord[]> {
    let select = this.db.selectFrom('network_zones').selectAll();
    if (query.filter !== undefined) select = select.where(this.compile(query.filter));
    if (query.after !== undefined) select = select.where('id', '>', query.after);
    const rows = await select.orderBy('id').limit(query.limit).execute();
    return rows.map(rowToZone);
  }

  private compile(filter: FilterNode) {
    return filterToSql(filter, (attribute): ColumnTarget => {
      const column = COLUMNS[attribute];
      if (column === undefined) throw new Error(`network zone attribute ${attribute} has no column`);
      return { expression: sql.ref(`network_zones.${column}`) };
    });
  }
}
