/**
 * Housekeeping at the token endpoint (src/oauth/expiry-janitor.ts): expired authorization codes,
 * refresh-token families and sessions are deleted, each only once nothing can use it any more.
 * A redeemed code is kept a day past its expiry, so a late replay still revokes what it issued
 * (RFC 6749 §4.1.2); a family is kept until its absolute expiry (90 days by default, issue #4).
 * The janitor runs at most every 5 minutes per node, on any token request: every step below
 * moves the clock further than that.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { secretDigest } from '../../src/crypto/secret-digest.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { OAUTH_TEST_CONFIG } from './oauth-fixtures.js';
import { authorizeCode, createWebApp, redeemCode, refresh, userTokens, type TokenBody, type WebApp } from './user-context-fixtures.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

async function codeRows(t: TestApp, code: string): Promise<number> {
  const rows = await t.database.db.selectFrom('authorization_codes').select('digest').where('digest', '=', secretDigest(code)).execute();
  return rows.length;
}

async function familyRows(t: TestApp, refreshToken: string): Promise<number> {
  const row = await t.database.db.selectFrom('refresh_tokens').select('family_id').where('digest', '=', secretDigest(refreshToken)).executeTakeFirst();
  if (row === undefined) return 0;
  const rows = await t.database.db.selectFrom('refresh_tokens').select('digest').where('family_id', '=', row.family_id).execute();
  return rows.length;
}

async function sessionRows(t: TestApp, userId: string): Promise<number> {
  const rows = await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
  return rows.length;
}

for (const kind of await storeKinds()) {
  describe(`token endpoint housekeeping (${kind})`, () => {
    let t: TestApp;
    let client: WebApp;
    let userId: string;
    const login = 'hugo@example.com';
    before(async () => {
      t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
      client = await createWebApp(t, { scopes: ['okta.users.read'] });
      userId = (await userWithRoles(t, login, ['READ_ONLY_ADMIN'])).user.id;
    });
    after(() => t.close());

    /** Any token request runs the janitor first; this one is refused. */
    async function poke(): Promise<void> {
      assert.equal((await refresh(t, client, 'not-a-refresh-token')).json<{ error: string }>().error, 'invalid_grant');
    }

    it('keeps a redeemed code a day past its expiry, so a late replay still revokes what it issued, then deletes it', async () => {
      const result = await authorizeCode(t, client, login, 'offline_access okta.users.read');
      const res = await redeemCode(t, client, result);
      assert.equal(res.statusCode, 200, res.body);
      const tokens = res.json<TokenBody>();

      t.clock.advance(60 * MINUTE);
      const replay = await redeemCode(t, client, result);
      assert.equal(replay.json<{ error: string }>().error, 'invalid_grant');
      assert.equal((await refresh(t, client, tokens.refresh_token ?? '')).json<{ error: string }>().error, 'invalid_grant', 'the replay revoked the family');
      assert.equal(await codeRows(t, result.code), 1);

      t.clock.advance(DAY);
      await poke();
      assert.equal(await codeRows(t, result.code), 0);
    });

    it('deletes sessions a day after they expired', async () => {
      await authorizeCode(t, client, login, 'okta.users.read');
      assert.ok((await sessionRows(t, userId)) > 0);
      // Default session lifetime: 2 hours idle, 1 day absolute (config.ts).
      t.clock.advance(DAY - MINUTE);
      await poke();
      assert.ok((await sessionRows(t, userId)) > 0, 'expired less than a day ago: kept');
      t.clock.advance(DAY + 10 * MINUTE);
      await poke();
      assert.equal(await sessionRows(t, userId), 0);
    });

    // Last: it moves the clock by months.
    it('keeps a refresh-token family until its absolute expiry, then deletes it', async () => {
      const first = await userTokens(t, client, login, 'offline_access okta.users.read');
      t.clock.advance(89 * DAY);
      const res = await refresh(t, client, first.refresh_token ?? '');
      assert.equal(res.statusCode, 200, res.body);
      const second = res.json<TokenBody>();
      assert.equal(await familyRows(t, second.refresh_token ?? ''), 2);

      t.clock.advance(3 * DAY);
      await poke();
      assert.equal(await familyRows(t, second.refresh_token ?? ''), 0);
      assert.equal(await familyRows(t, first.refresh_token ?? ''), 0);
    });
  });
}
