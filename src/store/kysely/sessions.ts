/** SessionRepository over Kysely: every query is the same on both dialects. Only digests of secrets are stored. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, SessionsTable, SessionTokensTable, SignInStateTable } from '../schema.js';
import type { SessionRecord, SessionRepository, SessionTokenRecord, SignInStateRecord } from '../session-store.js';
import { uniquely } from './sql-errors.js';

function parseAmr(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function rowToSession(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    cookieDigest: row.cookie_digest,
    userId: row.user_id,
    status: 'ACTIVE',
    amr: parseAmr(row.amr),
    created: row.created,
    expires: row.expires,
    lastPasswordVerification: row.last_password_verification,
    revoked: row.revoked,
  };
}

function rowToToken(row: Selectable<SessionTokensTable>): SessionTokenRecord {
  return { digest: row.digest, userId: row.user_id, authTime: row.auth_time, amr: parseAmr(row.amr), expires: row.expires, used: row.used };
}

function rowToState(row: Selectable<SignInStateTable>): SignInStateRecord {
  return { userId: row.user_id, failedAttempts: Number(row.failed_attempts), lastFailure: row.last_failure, lockedUntil: row.locked_until };
}

export class KyselySessionRepository implements SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(session: SessionRecord): Promise<void> {
    await uniquely('session', () =>
      this.db
        .insertInto('sessions')
        .values({
          id: session.id,
          cookie_digest: session.cookieDigest,
          user_id: session.userId,
          status: session.status,
          amr: JSON.stringify(session.amr),
          created: session.created,
          expires: session.expires,
          last_password_verification: session.lastPasswordVerification,
          revoked: session.revoked,
        })
        .execute(),
    );
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : rowToSession(row);
  }

  async findByCookieDigest(digest: string): Promise<SessionRecord | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('cookie_digest', '=', digest).where('revoked', 'is', null).executeTakeFirst();
    return row === undefined ? undefined : rowToSession(row);
  }

  async extend(id: string, expires: string): Promise<void> {
    // ISO-8601 UTC text sorts chronologically, so `<` keeps the later of two concurrent extensions.
    await this.db.updateTable('sessions').set({ expires }).where('id', '=', id).where('expires', '<', expires).where('revoked', 'is', null).execute();
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('sessions').set({ revoked: at }).where('id', '=', id).where('revoked', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async revokeAllOfUser(userId: string, at: string): Promise<string[]> {
    const rows = await this.db
      .updateTable('sessions')
      .set({ revoked: at })
      .where('user_id', '=', userId)
      .where('revoked', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id).sort();
  }

  async insertToken(token: SessionTokenRecord): Promise<void> {
    await uniquely('session_token', () =>
      this.db
        .insertInto('session_tokens')
        .values({
          digest: token.digest,
          user_id: token.userId,
          auth_time: token.authTime,
          amr: JSON.stringify(token.amr),
          expires: token.expires,
          used: token.used,
        })
        .execute(),
    );
  }

  async consumeToken(digest: string, at: string): Promise<SessionTokenRecord | undefined> {
    // One conditional UPDATE … RETURNING: the row lock (PostgreSQL) or the single writer (SQLite)
    // lets exactly one of two concurrent redemptions see `used IS NULL`.
    const row = await this.db
      .updateTable('session_tokens')
      .set({ used: at })
      .where('digest', '=', digest)
      .where('used', 'is', null)
      .where('expires', '>', at)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : rowToToken(row);
  }

  async getSignInState(userId: string): Promise<SignInStateRecord | undefined> {
    const row = await this.db.selectFrom('sign_in_state').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row === undefined ? undefined : rowToState(row);
  }

  async recordFailure(userId: string, at: string): Promise<number> {
    const row = await this.db
      .insertInto('sign_in_state')
      .values({ user_id: userId, failed_attempts: 1, last_failure: at, locked_until: null })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          failed_attempts: sql<number>`${sql.ref('sign_in_state.failed_attempts')} + 1`,
          last_failure: at,
        }),
      )
      .returning('failed_attempts')
      .executeTakeFirstOrThrow();
    return Number(row.failed_attempts);
  }

  async setLockedUntil(userId: string, lockedUntil: string): Promise<void> {
    await this.db.updateTable('sign_in_state').set({ locked_until: lockedUntil }).where('user_id', '=', userId).execute();
  }

  async clearSignInState(userId: string): Promise<void> {
    await this.db.deleteFrom('sign_in_state').where('user_id', '=', userId).execute();
  }

  async purgeExpired(before: string): Promise<void> {
    await this.db.deleteFrom('session_tokens').where('expires', '<', before).execute();
    await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires', '<', before), eb('revoked', '<', before)]))
      .execute();
  }
}
