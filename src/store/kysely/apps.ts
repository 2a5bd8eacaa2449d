/**
 * AppRepository over Kysely: OIDC apps, their JWKS keys and their scope grants. The `settings`
 * column holds `{oauthClient, credentials}` as JSON (`settings.oauthClient` of the Okta app and
 * the flags of `credentials.oauthClient`); the columns beside it are what lists filter on.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { FilterNode } from '../../filter/ast.js';
import { escapeLikePattern, filterToSql, type ColumnTarget } from '../../filter/to-sql.js';
import type { Dialect } from '../database.js';
import type { AppGrantRecord, AppKeyRecord, AppRecord, AppSecretRecord, AppStatus, ApplicationType, TokenEndpointAuthMethod } from '../oauth-records.js';
import type { AppListQuery, AppRepository } from '../oauth-store.js';
import { textOf, type JsonObject } from '../records.js';
import { compiledOnce } from './compiled-once.js';
import type { AppGrantsTable, AppKeysTable, AppSecretsTable, AppsTable, Database } from '../schema.js';
import { textContains } from './dialect-sql.js';
import { parseObject } from './json.js';
import { uniquely } from './sql-errors.js';

function settingsJson(app: AppRecord): string {
  const credentials: JsonObject = {};
  if (app.autoKeyRotation !== undefined) credentials['autoKeyRotation'] = app.autoKeyRotation;
  if (app.pkceRequired !== undefined) credentials['pkce_required'] = app.pkceRequired;
  return JSON.stringify({ oauthClient: app.oauthClient, credentials });
}

function objectAt(parent: JsonObject, key: string): JsonObject | undefined {
  const value = parent[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

function appToRow(app: AppRecord): AppsTable {
  return {
    id: app.id,
    name: app.name,
    label: app.label,
    status: app.status,
    sign_on_mode: app.signOnMode,
    token_endpoint_auth_method: app.tokenEndpointAuthMethod,
    application_type: app.applicationType,
    settings: settingsJson(app),
    created: app.created,
    last_updated: app.lastUpdated,
  };
}

function rowToApp(row: Selectable<AppsTable>): AppRecord {
  const settings = parseObject(row.settings);
  const credentials = objectAt(settings, 'credentials') ?? {};
  const autoKeyRotation = credentials['autoKeyRotation'];
  const pkceRequired = credentials['pkce_required'];
  return {
    id: row.id,
    name: row.name,
    label: row.label,
    status: row.status as AppStatus,
    signOnMode: row.sign_on_mode,
    tokenEndpointAuthMethod: row.token_endpoint_auth_method as TokenEndpointAuthMethod,
    applicationType: row.application_type as ApplicationType,
    oauthClient: objectAt(settings, 'oauthClient') ?? {},
    created: row.created,
    lastUpdated: row.last_updated,
    ...(typeof autoKeyRotation === 'boolean' ? { autoKeyRotation } : {}),
    ...(typeof pkceRequired === 'boolean' ? { pkceRequired } : {}),
  };
}

function keyToRow(key: AppKeyRecord): AppKeysTable {
  return { id: key.id, app_id: key.appId, kid: key.kid, status: key.status, jwk: JSON.stringify(key.jwk), created: key.created, last_updated: key.lastUpdated };
}

function rowToKey(row: Selectable<AppKeysTable>): AppKeyRecord {
  return {
    id: row.id,
    appId: row.app_id,
    kid: row.kid,
    status: row.status as AppStatus,
    jwk: parseObject(row.jwk),
    created: row.created,
    lastUpdated: row.last_updated,
  };
}

function secretToRow(secret: AppSecretRecord): AppSecretsTable {
  return { id: secret.id, app_id: secret.appId, digest: secret.digest, status: secret.status, created: secret.created, last_updated: secret.lastUpdated };
}

function rowToSecret(row: Selectable<AppSecretsTable>): AppSecretRecord {
  return { id: row.id, appId: row.app_id, digest: row.digest, status: row.status as AppStatus, created: row.created, lastUpdated: row.last_updated };
}

function rowToGrant(row: Selectable<AppGrantsTable>): AppGrantRecord {
  const by = parseObject(row.created_by);
  return {
    id: row.id,
    appId: row.app_id,
    scopeId: row.scope_id,
    issuer: row.issuer,
    source: row.source === 'END_USER' ? 'END_USER' : 'ADMIN',
    createdBy: { id: textOf(by['id']), type: textOf(by['type'], 'User') },
    created: row.created,
    lastUpdated: row.last_updated,
  };
}

/** `filter` attributes of /api/v1/apps and their columns. */
const FILTER_COLUMNS: Readonly<Record<string, string>> = { status: 'status', name: 'name' };

function appFilterSql(filter: FilterNode) {
  return filterToSql(filter, (attribute): ColumnTarget => {
    const column = FILTER_COLUMNS[attribute];
    if (column === undefined) throw new Error(`app attribute ${attribute} has no column`);
    return { expression: sql.ref(`apps.${column}`) };
  });
}

export class KyselyAppRepository implements AppRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async insert(app: AppRecord): Promise<void> {
    await uniquely('app', () => this.db.insertInto('apps').values(appToRow(app)).execute());
  }

  async get(id: string): Promise<AppRecord | undefined> {
    const select = () => this.db.selectFrom('apps').selectAll().where('id', '=', id);
    const { rows } = await this.db.executeQuery(compiledOnce(this.dialect, 'apps.get', select, [id]));
    const row = rows[0];
    return row === undefined ? undefined : rowToApp(row);
  }

  async getForUpdate(id: string): Promise<AppRecord | undefined> {
    let query = this.db.selectFrom('apps').selectAll().where('id', '=', id);
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row === undefined ? undefined : rowToApp(row);
  }

  async getByName(name: string): Promise<AppRecord | undefined> {
    const row = await this.db.selectFrom('apps').selectAll().where('name', '=', name).orderBy('created').orderBy('id').limit(1).executeTakeFirst();
    return row === undefined ? undefined : rowToApp(row);
  }

  async lockName(name: string): Promise<void> {
    if (this.dialect !== 'postgres') return;
    // One key per schema and name, as the other advisory locks (signing-keys.ts, roles.ts).
    await sql`SELECT pg_advisory_xact_lock(hashtextextended('tessera.apps.name.' || current_schema() || '.' || ${name}, 0))`.execute(this.db);
  }

  async update(id: string, change: (current: AppRecord) => AppRecord): Promise<AppRecord | undefined> {
    // The read and the write in one transaction: PostgreSQL holds the row lock until the commit,
    // and SQLite's one connection runs one transaction at a time, so no concurrent change is lost.
    if (!this.db.isTransaction) return this.db.transaction().execute((trx) => new KyselyAppRepository(trx, this.dialect).update(id, change));
    const current = await this.getForUpdate(id);
    if (current === undefined) return undefined;
    const values = appToRow(change(current));
    await this.db.updateTable('apps').set(values).where('id', '=', id).execute();
    return rowToApp(values);
  }

  async delete(id: string): Promise<boolean> {
    await this.db.deleteFrom('app_keys').where('app_id', '=', id).execute();
    await this.db.deleteFrom('app_grants').where('app_id', '=', id).execute();
    const result = await this.db.deleteFrom('apps').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list(query: AppListQuery): Promise<AppRecord[]> {
    let select = this.db.selectFrom('apps').selectAll();
    if (query.q !== undefined && query.q !== '') {
      const prefix = escapeLikePattern(query.q.toLowerCase()) + '%';
      select = select.where(sql<boolean>`lower(label) LIKE ${prefix} ESCAPE '\\'`);
    }
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    if (query.filter !== undefined) select = select.where(appFilterSql(query.filter));
    if (query.after !== undefined) select = select.where('id', '>', query.after);
    const rows = await select.orderBy('id').limit(query.limit).execute();
    return rows.map(rowToApp);
  }

  async insertKey(key: AppKeyRecord): Promise<void> {
    await uniquely('app_key.kid', () => this.db.insertInto('app_keys').values(keyToRow(key)).execute());
  }

  async listKeys(appId: string): Promise<AppKeyRecord[]> {
    const select = () => this.db.selectFrom('app_keys').selectAll().where('app_id', '=', appId).orderBy('created').orderBy('id');
    const { rows } = await this.db.executeQuery(compiledOnce(this.dialect, 'app_keys.list', select, [appId]));
    return rows.map(rowToKey);
  }

  async listKeysOfApps(appIds: readonly string[]): Promise<AppKeyRecord[]> {
    if (appIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('app_keys')
      .selectAll()
      .where('app_id', 'in', [...appIds])
      .orderBy('created')
      .orderBy('id')
      .execute();
    return rows.map(rowToKey);
  }

  async getKey(appId: string, keyId: string): Promise<AppKeyRecord | undefined> {
    const row = await this.db.selectFrom('app_keys').selectAll().where('app_id', '=', appId).where('id', '=', keyId).executeTakeFirst();
    return row === undefined ? undefined : rowToKey(row);
  }

  async updateKey(appId: string, keyId: string, change: (current: AppKeyRecord) => AppKeyRecord): Promise<AppKeyRecord | undefined> {
    // As update: one transaction, and the row locked from the read (PostgreSQL `FOR UPDATE`).
    if (!this.db.isTransaction) return this.db.transaction().execute((trx) => new KyselyAppRepository(trx, this.dialect).updateKey(appId, keyId, change));
    let query = this.db.selectFrom('app_keys').selectAll().where('app_id', '=', appId).where('id', '=', keyId);
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) return undefined;
    const current = rowToKey(row);
    const values = keyToRow(change(current));
    await this.db.updateTable('app_keys').set(values).where('app_id', '=', appId).where('id', '=', keyId).execute();
    return rowToKey(values);
  }

  async deleteKey(appId: string, keyId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('app_keys').where('app_id', '=', appId).where('id', '=', keyId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async insertSecret(secret: AppSecretRecord): Promise<void> {
    await this.db.insertInto('app_secrets').values(secretToRow(secret)).execute();
  }

  async listSecrets(appId: string): Promise<AppSecretRecord[]> {
    const select = () => this.db.selectFrom('app_secrets').selectAll().where('app_id', '=', appId).orderBy('created').orderBy('id');
    const { rows } = await this.db.executeQuery(compiledOnce(this.dialect, 'app_secrets.list', select, [appId]));
    return rows.map(rowToSecret);
  }

  async getSecret(appId: string, secretId: string): Promise<AppSecretRecord | undefined> {
    const row = await this.db.selectFrom('app_secrets').selectAll().where('app_id', '=', appId).where('id', '=', secretId).executeTakeFirst();
    return row === undefined ? undefined : rowToSecret(row);
  }

  async updateSecret(appId: string, secretId: string, change: (current: AppSecretRecord) => AppSecretRecord): Promise<AppSecretRecord | undefined> {
    // As update: one transaction, and the row locked from the read (PostgreSQL `FOR UPDATE`).
    if (!this.db.isTransaction) return this.db.transaction().execute((trx) => new KyselyAppRepository(trx, this.dialect).updateSecret(appId, secretId, change));
    let query = this.db.selectFrom('app_secrets').selectAll().where('app_id', '=', appId).where('id', '=', secretId);
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) return undefined;
    const current = rowToSecret(row);
    const values = secretToRow(change(current));
    await this.db.updateTable('app_secrets').set(values).where('app_id', '=', appId).where('id', '=', secretId).execute();
    return rowToSecret(values);
  }

  async deleteSecret(appId: string, secretId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('app_secrets').where('app_id', '=', appId).where('id', '=', secretId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async deleteSecretsOf(appId: string): Promise<AppSecretRecord[]> {
    const secrets = await this.listSecrets(appId);
    if (secrets.length > 0) await this.db.deleteFrom('app_secrets').where('app_id', '=', appId).execute();
    return secrets;
  }

  async insertGrant(grant: AppGrantRecord): Promise<void> {
    await uniquely('app_grant.scope', () =>
      this.db
        .insertInto('app_grants')
        .values({
          id: grant.id,
          app_id: grant.appId,
          scope_id: grant.scopeId,
          issuer: grant.issuer,
          source: grant.source,
          created_by: JSON.stringify(grant.createdBy),
          created: grant.created,
          last_updated: grant.lastUpdated,
        })
        .execute(),
    );
  }

  async listGrants(appId: string): Promise<AppGrantRecord[]> {
    const rows = await this.db.selectFrom('app_grants').selectAll().where('app_id', '=', appId).orderBy('created').orderBy('id').execute();
    return rows.map(rowToGrant);
  }

  async listGrantedScopes(appId: string): Promise<string[]> {
    const select = () => this.db.selectFrom('app_grants').select('scope_id').where('app_id', '=', appId);
    const { rows } = await this.db.executeQuery(compiledOnce(this.dialect, 'app_grants.scopes', select, [appId]));
    return rows.map((row) => row.scope_id);
  }

  async getGrant(appId: string, grantId: string): Promise<AppGrantRecord | undefined> {
    const row = await this.db.selectFrom('app_grants').selectAll().where('app_id', '=', appId).where('id', '=', grantId).executeTakeFirst();
    return row === undefined ? undefined : rowToGrant(row);
  }

  async deleteGrant(appId: string, grantId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('app_grants').where('app_id', '=', appId).where('id', '=', grantId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listUsingZone(zoneId: string): Promise<AppRecord[]> {
    const rows = await this.db
      .selectFrom('apps')
      .selectAll()
      .where(textContains(this.dialect, 'settings', sql`${JSON.stringify(zoneId)}`))
      .orderBy('id')
      .execute();
    return rows.map(rowToApp);
  }
}
