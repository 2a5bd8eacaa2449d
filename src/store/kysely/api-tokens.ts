/** ApiTokenRepository over Kysely. Secrets are never here: only their SHA-256 digests. */
import { sql, type Kysely, type Selectable } from 'kysely';
import { escapeLikePattern } from '../../filter/to-sql.js';
import type { Dialect } from '../database.js';
import type { ApiTokenRecord, NetworkZoneRecord, UserStatus } from '../records.js';
import type { ApiTokensTable, Database, NetworkZonesTable } from '../schema.js';
import type { ApiTokenListQuery, ApiTokenRepository, TokenForAuthentication } from '../store.js';
import { textContains } from './dialect-sql.js';
import { parseObject } from './json.js';
import { rowToZone } from './network-zones.js';
import { uniquely } from './sql-errors.js';

function tokenToRow(t: ApiTokenRecord): Omit<ApiTokensTable, 'expiry_warned_for'> {
  return {
    id: t.id,
    name: t.name,
    user_id: t.userId,
    token_digest: t.tokenDigest,
    client_name: t.clientName,
    token_window: t.tokenWindow,
    network: JSON.stringify(t.network),
    created: t.created,
    last_updated: t.lastUpdated,
    last_used: t.lastUsed,
    revoked: t.revoked,
    revoked_reason: t.revokedReason,
    retires_at: t.retiresAt,
  };
}

function rowToToken(row: Omit<Selectable<ApiTokensTable>, 'expiry_warned_for'>): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    tokenDigest: row.token_digest,
    clientName: row.client_name,
    tokenWindow: row.token_window,
    network: parseObject(row.network),
    created: row.created,
    lastUpdated: row.last_updated,
    lastUsed: row.last_used,
    revoked: row.revoked,
    revokedReason: row.revoked_reason,
    retiresAt: row.retires_at,
  };
}

/** The zone columns, as `'key', value` pairs for json_object / json_build_object (fixed text, no input). */
const ZONE_FIELDS = sql.raw(
  ['id', 'type', 'name', 'status', 'usage', 'gateways', 'proxies', 'system', 'created', 'last_updated'].map((c) => `'${c}', z.${c}`).join(', '),
);

/** The zones of findForAuthentication's subquery, a JSON array (SQLite: `[]` when none; PostgreSQL: null). */
function zonesOf(text: string | null): NetworkZoneRecord[] {
  if (text === null) return [];
  const rows: unknown = JSON.parse(text);
  return Array.isArray(rows) ? rows.map((row) => rowToZone(row as Omit<NetworkZonesTable, 'name_key'>)) : [];
}

export class KyselyApiTokenRepository implements ApiTokenRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async insert(token: ApiTokenRecord): Promise<void> {
    await uniquely('api_token', () => this.db.insertInto('api_tokens').values(tokenToRow(token)).execute());
  }

  async get(id: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : rowToToken(row);
  }

  async findForAuthentication(digest: string): Promise<TokenForAuthentication | undefined> {
    // The owner's role types ride along as one space-separated text (role types have no spaces):
    // one statement, one round trip on PostgreSQL, instead of a second query for the roles.
    const aggregate = this.dialect === 'postgres' ? sql`string_agg(DISTINCT role_type, ' ')` : sql`group_concat(DISTINCT role_type)`;
    // The zones its network condition names ride along too, so that the network check of every
    // request reads nothing more (and is kept with the token: store/kept-reads.ts).
    const zoneQuote = sql`'"' || z.id || '"'`;
    const zones =
      this.dialect === 'postgres'
        ? sql<string | null>`(SELECT json_agg(json_build_object(${ZONE_FIELDS}) ORDER BY z.id)::text FROM network_zones z
            WHERE ${textContains(this.dialect, 'api_tokens.network', zoneQuote)})`
        : sql<string | null>`(SELECT json_group_array(json_object(${ZONE_FIELDS})) FROM (SELECT * FROM network_zones ORDER BY id) z
            WHERE ${textContains(this.dialect, 'api_tokens.network', zoneQuote)})`;
    const row = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('api_tokens')
      .select(['users.status as owner_status', 'users.login as owner_login'])
      .select(
        sql<string | null>`(SELECT ${aggregate} FROM role_assignments WHERE (principal_type = 'USER' AND principal_id = users.id)
          OR (principal_type = 'GROUP' AND principal_id IN (SELECT group_id FROM group_members WHERE user_id = users.id)))`.as('owner_roles'),
      )
      .select(zones.as('network_zones'))
      .where('api_tokens.token_digest', '=', digest)
      .where('api_tokens.revoked', 'is', null)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const roles = row.owner_roles === null || row.owner_roles === '' ? [] : row.owner_roles.split(/[ ,]/);
    return {
      token: rowToToken(row),
      ownerStatus: row.owner_status as UserStatus,
      ownerLogin: row.owner_login,
      ownerRoles: roles,
      networkZones: zonesOf(row.network_zones),
    };
  }

  async list(query: ApiTokenListQuery): Promise<ApiTokenRecord[]> {
    let select = this.db.selectFrom('api_tokens').selectAll().where('revoked', 'is', null);
    if (query.userId !== undefined) select = select.where('user_id', '=', query.userId);
    if (query.q !== undefined && query.q !== '') {
      const pattern = '%' + escapeLikePattern(query.q.toLowerCase()) + '%';
      select = select.where(sql<boolean>`(lower(name) LIKE ${pattern} ESCAPE '\\' OR lower(client_name) LIKE ${pattern} ESCAPE '\\')`);
    }
    if (query.after !== undefined) select = select.where('id', '>', query.after);
    const rows = await select.orderBy('id').limit(query.limit).execute();
    return rows.map(rowToToken);
  }

  async update(id: string, change: (current: ApiTokenRecord) => ApiTokenRecord): Promise<ApiTokenRecord | undefined> {
    // The read and the write in one transaction: PostgreSQL holds the row lock until the commit,
    // and SQLite's one connection runs one transaction at a time, so no concurrent change is lost.
    if (!this.db.isTransaction) return this.db.transaction().execute((trx) => new KyselyApiTokenRepository(trx, this.dialect).update(id, change));
    let query = this.db.selectFrom('api_tokens').selectAll().where('id', '=', id);
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) return undefined;
    const values = tokenToRow(change(rowToToken(row)));
    await this.db.updateTable('api_tokens').set(values).where('id', '=', id).execute();
    return rowToToken(values);
  }

  async revoke(id: string, at: string, reason: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked: at, revoked_reason: reason, last_updated: at })
      .where('id', '=', id)
      .where('revoked', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async revokeAllOfUser(userId: string, at: string, reason: string): Promise<string[]> {
    // One statement with RETURNING (both dialects): a token created concurrently is either
    // revoked and reported, or left alone; never revoked without being reported.
    const rows = await this.db
      .updateTable('api_tokens')
      .set({ revoked: at, revoked_reason: reason, last_updated: at })
      .where('user_id', '=', userId)
      .where('revoked', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id).sort();
  }

  async markExpiryWarned(id: string, expiresAt: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ expiry_warned_for: expiresAt })
      .where('id', '=', id)
      .where('revoked', 'is', null)
      .where((eb) => eb.or([eb('expiry_warned_for', 'is', null), eb('expiry_warned_for', '<>', expiresAt)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async listUsingZone(zoneId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('revoked', 'is', null)
      .where(textContains(this.dialect, 'network', sql`${JSON.stringify(zoneId)}`))
      .orderBy('id')
      .execute();
    return rows.map(rowToToken);
  }

  async recordUse(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used: at }).where('id', '=', id).where('last_used', '<', at).execute();
  }
}
