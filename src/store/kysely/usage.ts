/** UsageRepository over Kysely: per-node counter rows added to with one upsert per chunk. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CredentialUsageTable, Database } from '../schema.js';
import type { CredentialType, LastUse, UsageCount, UsageOutcome, UsageQuery, UsageRepository, UsageVia } from '../usage-store.js';

/** Rows per statement: 12 parameters each, well under SQLite's and PostgreSQL's limits. */
const CHUNK = 400;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const later = (a: string, b: string): string => (a > b ? a : b);

/** One statement may not touch a row twice (PostgreSQL refuses): equal keys are merged first. */
function merged(nodeId: string, counts: readonly UsageCount[]): CredentialUsageTable[] {
  const rows = new Map<string, CredentialUsageTable>();
  for (const c of counts) {
    const key = [c.credentialType, c.credentialId, c.day, c.method, c.route, c.via, c.outcome].join('\u0000');
    const seen = rows.get(key);
    if (seen !== undefined) {
      seen.requests += c.requests;
      seen.last_at = later(seen.last_at, c.lastAt);
      continue;
    }
    rows.set(key, {
      node_id: nodeId,
      credential_type: c.credentialType,
      credential_id: c.credentialId,
      day: c.day,
      method: c.method,
      route: c.route,
      permission: c.permission,
      scope: c.scope,
      via: c.via,
      outcome: c.outcome,
      requests: c.requests,
      last_at: c.lastAt,
    });
  }
  return [...rows.values()];
}

interface SummedRow {
  credential_id: string;
  day: string;
  method: string;
  route: string;
  permission: string;
  scope: string;
  via: string;
  outcome: string;
  requests: number | string | bigint;
  last_at: string;
}

export class KyselyUsageRepository implements UsageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(nodeId: string, counts: readonly UsageCount[]): Promise<void> {
    for (const rows of chunks(merged(nodeId, counts))) {
      await this.db
        .insertInto('credential_usage')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['credential_type', 'credential_id', 'day', 'method', 'route', 'via', 'outcome', 'node_id']).doUpdateSet({
            requests: sql<number>`${sql.ref('credential_usage.requests')} + excluded.requests`,
            last_at: sql<string>`CASE WHEN excluded.last_at > ${sql.ref('credential_usage.last_at')} THEN excluded.last_at ELSE ${sql.ref('credential_usage.last_at')} END`,
          }),
        )
        .execute();
    }
  }

  async recordLastUses(uses: readonly LastUse[]): Promise<void> {
    const latest = new Map<string, LastUse>();
    for (const use of uses) {
      const key = `${use.credentialType}\u0000${use.credentialId}`;
      const seen = latest.get(key);
      if (seen === undefined || use.at > seen.at) latest.set(key, use);
    }
    for (const batch of chunks([...latest.values()])) {
      await this.db
        .insertInto('credential_last_use')
        .values(
          batch.map((u) => ({ credential_type: u.credentialType, credential_id: u.credentialId, at: u.at, ip_address: u.ipAddress, user_agent: u.userAgent })),
        )
        .onConflict((oc) =>
          oc
            .columns(['credential_type', 'credential_id'])
            .doUpdateSet({ at: sql<string>`excluded.at`, ip_address: sql<string>`excluded.ip_address`, user_agent: sql<string>`excluded.user_agent` })
            .where(sql<boolean>`excluded.at > ${sql.ref('credential_last_use.at')}`),
        )
        .execute();
    }
  }

  async counts(query: UsageQuery): Promise<UsageCount[]> {
    if (query.credentialIds.length === 0) return [];
    const rows: SummedRow[] = await this.db
      .selectFrom('credential_usage')
      .select(['credential_id', 'day', 'method', 'route', 'permission', 'scope', 'via', 'outcome'])
      .select((eb) => [eb.fn.sum<number>('requests').as('requests'), eb.fn.max('last_at').as('last_at')])
      .where('credential_type', '=', query.credentialType)
      .where('credential_id', 'in', [...query.credentialIds])
      .where('day', '>=', query.sinceDay)
      .where('day', '<=', query.untilDay)
      .groupBy(['credential_id', 'day', 'method', 'route', 'permission', 'scope', 'via', 'outcome'])
      .orderBy('credential_id')
      .orderBy('day')
      .orderBy('method')
      .orderBy('route')
      .execute();
    return rows.map((row) => ({
      credentialType: query.credentialType,
      credentialId: row.credential_id,
      day: row.day,
      method: row.method,
      route: row.route,
      permission: row.permission,
      scope: row.scope,
      via: row.via as UsageVia,
      outcome: row.outcome as UsageOutcome,
      requests: Number(row.requests),
      lastAt: row.last_at,
    }));
  }

  async lastUses(credentialType: CredentialType, credentialIds: readonly string[]): Promise<Map<string, LastUse>> {
    const out = new Map<string, LastUse>();
    if (credentialIds.length === 0) return out;
    const rows: Selectable<Database['credential_last_use']>[] = await this.db
      .selectFrom('credential_last_use')
      .selectAll()
      .where('credential_type', '=', credentialType)
      .where('credential_id', 'in', [...credentialIds])
      .execute();
    for (const row of rows) {
      out.set(row.credential_id, { credentialType, credentialId: row.credential_id, at: row.at, ipAddress: row.ip_address, userAgent: row.user_agent });
    }
    return out;
  }

  async purgeBefore(day: string): Promise<number> {
    const result = await this.db.deleteFrom('credential_usage').where('day', '<', day).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
