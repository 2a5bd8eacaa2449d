/**
 * AuthorizationRepository over Kysely (authorization codes and refresh tokens): every query is
 * the same on both dialects. Races are settled by conditional UPDATEs: PostgreSQL's row lock
 * makes a second writer re-check its WHERE clause after the first commits, and SQLite runs one
 * writer at a time.
 */
import type { Kysely, Selectable } from 'kysely';
import type { AuthorizationCodeRecord, AuthorizationRepository, RefreshTokenRecord } from '../authorization-store.js';
import type { AuthorizationCodesTable, Database, RefreshTokensTable } from '../schema.js';
import { uniquely } from './sql-errors.js';

function parseList(text: string | null): string[] {
  if (text === null) return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function rowToCode(row: Selectable<AuthorizationCodesTable>): AuthorizationCodeRecord {
  return {
    digest: row.digest,
    clientId: row.client_id,
    userId: row.user_id,
    redirectUri: row.redirect_uri,
    scopes: parseList(row.scopes),
    nonce: row.nonce,
    codeChallenge: row.code_challenge,
    sessionId: row.session_id,
    authTime: row.auth_time,
    amr: parseList(row.amr),
    expires: row.expires,
    used: row.used,
    issuedAccessToken: row.issued_access_token,
    issuedFamily: row.issued_family,
  };
}

function rowToRefreshToken(row: Selectable<RefreshTokensTable>): RefreshTokenRecord {
  return {
    digest: row.digest,
    id: row.id,
    familyId: row.family_id,
    clientId: row.client_id,
    userId: row.user_id,
    scopes: parseList(row.scopes),
    authTime: row.auth_time,
    amr: parseList(row.amr),
    created: row.created,
    expires: row.expires,
    rotated: row.rotated,
    successorDigest: row.successor_digest,
    revoked: row.revoked,
    dpopJkt: row.dpop_jkt,
    lastUsed: row.last_used,
  };
}

export class KyselyAuthorizationRepository implements AuthorizationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertCode(code: AuthorizationCodeRecord): Promise<void> {
    await uniquely('authorization_code', () =>
      this.db
        .insertInto('authorization_codes')
        .values({
          digest: code.digest,
          client_id: code.clientId,
          user_id: code.userId,
          redirect_uri: code.redirectUri,
          scopes: JSON.stringify(code.scopes),
          nonce: code.nonce,
          code_challenge: code.codeChallenge,
          session_id: code.sessionId,
          auth_time: code.authTime,
          amr: JSON.stringify(code.amr),
          expires: code.expires,
          used: code.used,
          issued_access_token: code.issuedAccessToken,
          issued_family: code.issuedFamily,
        })
        .execute(),
    );
  }

  async getCode(digest: string): Promise<AuthorizationCodeRecord | undefined> {
    const row = await this.db.selectFrom('authorization_codes').selectAll().where('digest', '=', digest).executeTakeFirst();
    return row === undefined ? undefined : rowToCode(row);
  }

  async consumeCode(digest: string, at: string): Promise<AuthorizationCodeRecord | undefined> {
    const row = await this.db
      .updateTable('authorization_codes')
      .set({ used: at })
      .where('digest', '=', digest)
      .where('used', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : rowToCode(row);
  }

  async recordCodeIssue(digest: string, accessTokenJti: string, familyId: string | null): Promise<void> {
    await this.db
      .updateTable('authorization_codes')
      .set({ issued_access_token: accessTokenJti, issued_family: familyId })
      .where('digest', '=', digest)
      .execute();
  }

  async insertRefreshToken(token: RefreshTokenRecord): Promise<void> {
    await uniquely('refresh_token', () =>
      this.db
        .insertInto('refresh_tokens')
        .values({
          digest: token.digest,
          id: token.id,
          family_id: token.familyId,
          client_id: token.clientId,
          user_id: token.userId,
          scopes: JSON.stringify(token.scopes),
          auth_time: token.authTime,
          amr: JSON.stringify(token.amr),
          created: token.created,
          expires: token.expires,
          rotated: token.rotated,
          successor_digest: token.successorDigest,
          revoked: token.revoked,
          dpop_jkt: token.dpopJkt,
          last_used: token.lastUsed,
        })
        .execute(),
    );
  }

  async getRefreshToken(digest: string): Promise<RefreshTokenRecord | undefined> {
    const row = await this.db.selectFrom('refresh_tokens').selectAll().where('digest', '=', digest).executeTakeFirst();
    return row === undefined ? undefined : rowToRefreshToken(row);
  }

  async rotateRefreshToken(digest: string, successorDigest: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('refresh_tokens')
      .set({ rotated: at, successor_digest: successorDigest, last_used: at })
      .where('digest', '=', digest)
      .where('rotated', 'is', null)
      .where('revoked', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async touchRefreshToken(digest: string, at: string): Promise<void> {
    // ISO-8601 UTC text sorts chronologically: `<` keeps the later of two concurrent uses.
    await this.db
      .updateTable('refresh_tokens')
      .set({ last_used: at })
      .where('digest', '=', digest)
      .where((eb) => eb.or([eb('last_used', 'is', null), eb('last_used', '<', at)]))
      .execute();
  }

  async revokeFamily(familyId: string, at: string): Promise<number> {
    const result = await this.db
      .updateTable('refresh_tokens')
      .set({ revoked: at })
      .where('family_id', '=', familyId)
      .where('revoked', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async revokeRefreshTokensOfUser(userId: string, at: string): Promise<string[]> {
    const rows = await this.db
      .updateTable('refresh_tokens')
      .set({ revoked: at })
      .where('user_id', '=', userId)
      .where('revoked', 'is', null)
      .returning('family_id')
      .execute();
    return [...new Set(rows.map((r) => r.family_id))].sort();
  }

  async purgeExpired(before: string): Promise<void> {
    await this.db.deleteFrom('authorization_codes').where('expires', '<', before).execute();
    await this.db.deleteFrom('refresh_tokens').where('expires', '<', before).execute();
  }
}
