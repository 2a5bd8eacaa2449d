/**
 * A refused token request leaves one System Log event that names the client the request
 * claimed (actor.id, as Okta's `app.oauth2.token.grant` events name the app) and the reason, so
 * that an admin sees who is knocking and why: a forged assertion, a guessed secret, an unknown
 * client id, a stolen code, a grant the client may not use. The claimed id is the request's own
 * (assertion `sub`, Basic user, `client_id`), escaped and bounded; no secret reaches the log; and
 * a refused request writes nothing else (a verified assertion is spent, as single use demands).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { generateKeyPair } from 'jose';
import { storeKinds } from '../helpers/databases.js';
import { clientAssertion, createServiceApp, type ServiceApp } from '../helpers/oauth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import type { LogEventRecord } from '../../src/store/records.js';
import { basic, customAssertion, OAUTH_TEST_CONFIG, postForm, tokenForm } from '../oauth/oauth-fixtures.js';
import { createWebApp, type WebApp } from '../oauth/user-context-fixtures.js';

type Snapshot = Map<string, string[]>;

/** Every row of every table but the System Log's, sorted, so that two snapshots compare. */
async function snapshot(t: TestApp): Promise<Snapshot> {
  const db = t.database.db;
  const tables =
    t.kind === 'sqlite'
      ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db)
      : await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(db);
  const result: Snapshot = new Map();
  for (const { name } of tables.rows) {
    if (name.startsWith('log_')) continue;
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
    result.set(name, rows.rows.map((row) => JSON.stringify(row)).sort());
  }
  return result;
}

/** The tables whose rows differ, with the rows added and removed. */
function changes(before: Snapshot, after: Snapshot): Record<string, { added: string[]; removed: string[] }> {
  const out: Record<string, { added: string[]; removed: string[] }> = {};
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(name) ?? [];
    const is = after.get(name) ?? [];
    const added = is.filter((row) => !was.includes(row));
    const removed = was.filter((row) => !is.includes(row));
    if (added.length > 0 || removed.length > 0) out[name] = { added, removed };
  }
  return out;
}

async function allEvents(t: TestApp): Promise<LogEventRecord[]> {
  return (await t.store.logs.query({ since: '2000-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 1000 })).map((stored) => stored.event);
}

for (const kind of await storeKinds()) {
  describe(`refused token requests name the client in the System Log (${kind})`, () => {
    let t: TestApp;
    let service: ServiceApp;
    let web: WebApp;
    let posting: WebApp;
    before(async () => {
      t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
      service = await createServiceApp(t, { scopes: ['okta.users.read'] });
      web = await createWebApp(t);
      posting = await createWebApp(t, { authMethod: 'client_secret_post' });
      // The janitor's first purge runs on the first token request: not the one under test.
      assert.equal((await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, service)))).statusCode, 200);
    });
    after(() => t.close());

    /**
     * Sends the refused request; returns its one new event (the System Log's only write) and
     * the other tables' changes.
     */
    async function refused(
      send: () => Promise<{ statusCode: number; json: () => unknown }>,
      status: number,
      error: string,
    ): Promise<{ event: LogEventRecord; written: ReturnType<typeof changes> }> {
      const eventsBefore = (await allEvents(t)).length;
      const before = await snapshot(t);
      const res = await send();
      assert.equal(res.statusCode, status);
      assert.equal((res.json() as { error: string }).error, error);
      const written = changes(before, await snapshot(t));
      const events = (await allEvents(t)).slice(eventsBefore);
      assert.equal(events.length, 1, 'one System Log event');
      const [event] = events;
      assert.ok(event !== undefined);
      assert.equal(event.eventType, 'app.oauth2.token.grant.access_token');
      assert.equal(event.outcome.result, 'FAILURE');
      assert.equal(event.severity, 'WARN');
      assert.ok(event.outcome.reason?.startsWith(`${error}: `), String(event.outcome.reason));
      return { event, written };
    }

    it('an assertion signed with someone else’s key: the client it impersonated, nothing written', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const { event, written } = await refused(
        async () => postForm(t, '/oauth2/v1/token', tokenForm(await customAssertion(t, service, { key: privateKey }))),
        401,
        'invalid_client',
      );
      assert.equal(event.actor.id, service.clientId);
      assert.equal(event.actor.type, 'PublicClientApp');
      assert.deepEqual(written, {});
    });

    it('a guessed secret by Basic and by post: the client named, the secret nowhere in the log', async () => {
      const guesses = ['Guessed-Secret-By-Basic-1234567890', 'Guessed-Secret-By-Post-0987654321'];
      const viaBasic = await refused(
        () =>
          postForm(
            t,
            '/oauth2/v1/token',
            { grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://app.example.com/callback' },
            { headers: { authorization: basic(web.clientId, guesses[0] ?? '') } },
          ),
        401,
        'invalid_client',
      );
      assert.equal(viaBasic.event.actor.id, web.clientId);
      assert.deepEqual(viaBasic.written, {});
      const viaPost = await refused(
        () =>
          postForm(t, '/oauth2/v1/token', {
            grant_type: 'authorization_code',
            code: 'x',
            redirect_uri: 'https://app.example.com/callback',
            client_id: posting.clientId,
            client_secret: guesses[1] ?? '',
          }),
        401,
        'invalid_client',
      );
      assert.equal(viaPost.event.actor.id, posting.clientId);
      assert.deepEqual(viaPost.written, {});
      const stored = await t.database.db.selectFrom('log_events').select(['body', 'search_text']).execute();
      for (const secret of guesses) {
        for (const row of stored)
          assert.ok(!row.body.includes(secret) && !row.search_text.includes(secret.toLowerCase()), 'a guessed secret reached the System Log');
      }
    });

    it('an unknown client id is named as claimed; control characters and length are neutralised', async () => {
      const unknown = await refused(
        () => postForm(t, '/oauth2/v1/token', { grant_type: 'client_credentials', client_id: '0oaNoSuchClient0000x', client_secret: 's' }),
        401,
        'invalid_client',
      );
      assert.equal(unknown.event.actor.id, '0oaNoSuchClient0000x');
      assert.deepEqual(unknown.written, {});
      const forged = await refused(
        () =>
          postForm(t, '/oauth2/v1/token', { grant_type: 'client_credentials', client_id: `evil\n2026 admin ok\u200b${'A'.repeat(200)}`, client_secret: 's' }),
        401,
        'invalid_client',
      );
      assert.ok(forged.event.actor.id.startsWith('evil\\u{a}2026\\u{20}admin\\u{20}ok\\u{200b}AAA'), forged.event.actor.id);
      assert.ok(forged.event.actor.id.endsWith('...') && forged.event.actor.id.length < 120, forged.event.actor.id);
      assert.doesNotMatch(forged.event.actor.id, /[\p{Cc}\u200b]/u);
      assert.deepEqual(forged.written, {});
    });

    it('an authenticated client refused its grant (invalid_grant, unauthorized_client) is named, with client.id', async () => {
      const secret = web.secret ?? '';
      const stolenCode = await refused(
        () =>
          postForm(
            t,
            '/oauth2/v1/token',
            { grant_type: 'authorization_code', code: 'not-a-code-of-ours', redirect_uri: 'https://app.example.com/callback' },
            { headers: { authorization: basic(web.clientId, secret) } },
          ),
        400,
        'invalid_grant',
      );
      assert.equal(stolenCode.event.actor.id, web.clientId);
      assert.equal(stolenCode.event.actor.displayName, web.app.label);
      assert.equal(stolenCode.event.client.id, web.clientId);
      assert.deepEqual(stolenCode.written, {});

      const codeOnly = await createWebApp(t, { grantTypes: ['authorization_code'] });
      const notAllowed = await refused(
        async () =>
          postForm(
            t,
            '/oauth2/v1/token',
            { grant_type: 'refresh_token', refresh_token: 'r' },
            { headers: { authorization: basic(codeOnly.clientId, codeOnly.secret ?? '') } },
          ),
        400,
        'unauthorized_client',
      );
      assert.equal(notAllowed.event.actor.id, codeOnly.clientId);
      assert.deepEqual(notAllowed.written, {});
    });

    it('a verified assertion refused its scope: the client named; the only other write spends its jti', async () => {
      const { event, written } = await refused(
        async () => postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, service, { jti: `spent-${kind}` }), 'okta.apps.manage')),
        400,
        'invalid_scope',
      );
      assert.equal(event.actor.id, service.clientId);
      assert.deepEqual(Object.keys(written), ['used_jtis']);
      assert.equal(written['used_jtis']?.added.length, 1);
      assert.ok(written['used_jtis']?.added[0]?.includes(`assertion:${service.clientId}:spent-${kind}`));
    });

    it('an admin finds the refusals of one client with actor.id', async () => {
      const filter = `eventType eq "app.oauth2.token.grant.access_token" and outcome.result eq "FAILURE" and actor.id eq "${web.clientId}"`;
      const res = await t.request('GET', `/api/v1/logs?filter=${encodeURIComponent(filter)}&limit=100`);
      assert.equal(res.statusCode, 200, res.body);
      const reasons = res.json<Array<{ outcome: { reason: string } }>>().map((e) => e.outcome.reason.split(':')[0]);
      assert.deepEqual(reasons.sort(), ['invalid_client', 'invalid_grant']);
    });
  });
}
