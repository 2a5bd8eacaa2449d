/**
 * GET /api/v1/logs: what changes leave in the System Log, Okta's LogEvent shape, the query
 * parameters (since, until, filter, q, sortOrder, limit, after) and their errors.
 * Paging and concurrency: logs-pagination.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertApiToken } from '../fixtures/tokens.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { storeKinds } from '../helpers/databases.js';
import { getLogs, iso, logsUrl, readAll, writeMarkers, LOGS_TEST_CONFIG } from './logs-fixtures.js';

const USER_AGENT = 'TesseraLogsTest/1.0 (node)';

for (const kind of await storeKinds()) {
  describe(`System Log events (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { config: LOGS_TEST_CONFIG });
    });
    after(() => t.close());

    async function createUser(login: string, token?: string): Promise<{ id: string; requestId: string }> {
      const res = await t.request('POST', '/api/v1/users?activate=false', {
        body: { profile: { login, email: login, firstName: 'Log', lastName: 'Subject' } },
        headers: { 'user-agent': USER_AGENT },
        ...(token === undefined ? {} : { token }),
      });
      assert.equal(res.statusCode, 200, res.body);
      return { id: res.json<{ id: string }>().id, requestId: String(res.headers['x-okta-request-id']) };
    }

    it('records a user creation with its actor, client, target and API token, in Okta’s LogEvent shape', async () => {
      const created = await createUser('grace.log@example.com');
      const filter = `transaction.detail.requestApiTokenId eq "${t.admin.tokenId}" and eventType eq "user.lifecycle.create" and target.id eq "${created.id}"`;
      const page = await getLogs(t, logsUrl({ filter }));
      assert.equal(page.status, 200, page.response.body);
      assert.match(String(page.response.headers['content-type']), /^application\/json/);
      assert.equal(page.events.length, 1);
      const event = page.events[0];
      assert.ok(event);
      assert.deepEqual(Object.keys(event).sort(), [
        'actor',
        'authenticationContext',
        'client',
        'debugContext',
        'displayMessage',
        'eventType',
        'legacyEventType',
        'outcome',
        'published',
        'request',
        'securityContext',
        'severity',
        'target',
        'transaction',
        'uuid',
        'version',
      ]);
      assert.match(event.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(event.published, iso(t.clock.now()));
      assert.equal(event.eventType, 'user.lifecycle.create');
      assert.equal(event.version, '0');
      assert.equal(event.severity, 'INFO');
      assert.deepEqual(event.actor, {
        id: t.admin.user.id,
        type: 'User',
        alternateId: 'admin@example.com',
        displayName: 'admin@example.com',
        detailEntry: null,
      });
      assert.equal(event.client.ipAddress, '127.0.0.1');
      assert.equal(event.client.userAgent.rawUserAgent, USER_AGENT);
      assert.deepEqual(event.outcome, { result: 'SUCCESS', reason: null });
      assert.deepEqual(
        event.target.map((target) => [target.id, target.type, target.alternateId]),
        [[created.id, 'User', 'grace.log@example.com']],
      );
      assert.deepEqual(event.transaction, { type: 'WEB', id: created.requestId, detail: { requestApiTokenId: t.admin.tokenId } });
      assert.equal(event.debugContext.debugData['requestId'], created.requestId);
      assert.equal(event.debugContext.debugData['requestUri'], '/api/v1/users');
      assert.deepEqual(
        event.request.ipChain.map((entry) => [entry.ip, entry.version]),
        [['127.0.0.1', 'V4']],
      );
      assert.equal(event.authenticationContext.authenticationStep, 0);
    });

    it('filters on the API token that made the request', async () => {
      const other = await userWithRoles(t, 'user.admin.log@example.com', ['USER_ADMIN']);
      const mine = await createUser('made.by.other@example.com', other.token);
      await createUser('made.by.admin@example.com');
      const byOther = await readAll(t, logsUrl({ filter: `transaction.detail.requestApiTokenId eq "${other.tokenId}"` }));
      assert.deepEqual(
        byOther.map((e) => [e.eventType, e.target[0]?.id, e.actor.id]),
        [['user.lifecycle.create', mine.id, other.user.id]],
      );
    });

    it('filters on eventType, actor.id, target.id, outcome.result and severity, with and/or', async () => {
      const a = await createUser('filter.a@example.com');
      const b = await createUser('filter.b@example.com');
      const targets = (filter: string) => readAll(t, logsUrl({ filter })).then((events) => events.map((e) => e.target[0]?.id));
      assert.deepEqual(await targets(`target.id eq "${a.id}" or target.id eq "${b.id}"`), [a.id, b.id]);
      assert.deepEqual(await targets(`(target.id eq "${a.id}" or target.id eq "${b.id}") and actor.id eq "${t.admin.user.id}"`), [a.id, b.id]);
      assert.deepEqual(await targets(`target.id eq "${a.id}" and actor.id eq "someone-else"`), []);
      assert.deepEqual(
        await targets(`target.id eq "${b.id}" and eventType eq "user.lifecycle.create" and outcome.result eq "SUCCESS" and severity eq "INFO"`),
        [b.id],
      );
      assert.deepEqual(await targets(`target.id eq "${b.id}" and severity eq "WARN"`), []);
    });

    it('refuses a bad filter with 400 E0000053 Invalid SCIM filter', async () => {
      for (const filter of ['eventType eq', 'nope eq "x"', 'eventType gt "a"', 'eventType eq "a" and', '((((', 'actor.id eq 3', 'eventType eq "a" || 1=1']) {
        const res = await t.request('GET', logsUrl({ filter }));
        assert.equal(res.statusCode, 400, filter);
        const body = res.json<{ errorCode: string; errorSummary: string; errorCauses: { errorSummary: string }[] }>();
        assert.equal(body.errorCode, 'E0000053', filter);
        assert.equal(body.errorSummary, 'Invalid SCIM filter.');
        assert.match(body.errorCauses[0]?.errorSummary ?? '', /^filter: /);
      }
    });

    it('q matches every keyword, case-insensitively, and refuses keywords over 40 characters', async () => {
      const created = await createUser('keyword.hopper@example.com');
      const hits = await readAll(t, logsUrl({ q: 'KEYWORD.HOPPER lifecycle.create' }));
      assert.deepEqual(
        hits.map((e) => e.target[0]?.id),
        [created.id],
      );
      assert.deepEqual(await readAll(t, logsUrl({ q: 'keyword.hopper nothing-like-this' })), []);
      const res = await t.request('GET', logsUrl({ q: `ok ${'x'.repeat(41)}` }));
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().errorCode, 'E0000001');
      assert.match(res.json().errorCauses[0].errorSummary, /^q: /);
      assert.equal((await t.request('GET', logsUrl({ q: 'x'.repeat(40) }))).statusCode, 200);
    });

    it('selects by since and until, and since defaults to seven days before until', async () => {
      const start = t.clock.now();
      await writeMarkers(t, ['window-old']);
      t.clock.advance(8 * 86_400_000);
      await writeMarkers(t, ['window-new']);
      const markers = (events: readonly { displayMessage: string }[]) => events.map((e) => e.displayMessage).filter((m) => m.startsWith('window-'));
      assert.deepEqual(markers(await readAll(t, logsUrl({ q: 'window-old window' }))), []);
      assert.deepEqual(markers(await readAll(t, logsUrl({ q: 'window', since: iso(start) }))), ['window-old', 'window-new']);
      assert.deepEqual(markers(await readAll(t, logsUrl({ q: 'window', since: iso(start), until: iso(start + 1) }))), ['window-old']);
      // `until` is exclusive, `since` inclusive.
      assert.deepEqual(markers(await readAll(t, logsUrl({ q: 'window', since: iso(start - 1), until: iso(start) }))), []);
      assert.deepEqual(markers(await readAll(t, logsUrl({ q: 'window', until: iso(start + 1) }))), ['window-old']);
      // Offsets are accepted and mean the same instant.
      const withOffset = new Date(start + 3_600_000).toISOString().replace('Z', '+01:00');
      assert.deepEqual(markers(await readAll(t, logsUrl({ q: 'window', since: withOffset }))), ['window-old', 'window-new']);
    });

    it('refuses since and until that are not ISO-8601, since after until, and since with after, naming the parameter', async () => {
      const now = t.clock.now();
      const cases: [Record<string, string>, RegExp][] = [
        [{ since: 'yesterday' }, /^since: /],
        [{ until: '2026-13-01T00:00:00Z' }, /^until: /],
        [{ since: '1700000000' }, /^since: /],
        [{ since: iso(now), until: iso(now - 1000) }, /^since: must not be later than until/],
        [{ since: iso(now + 86_400_000), sortOrder: 'DESCENDING' }, /^since: must not be later than until/],
        [{ since: iso(now - 1000), after: 'eyJwIjowfQ.AAAAAAAAAAAAAAAAAAAAAA' }, /^after: since and after cannot be used together/],
        [{ sortOrder: 'ascending' }, /^sortOrder: /],
        [{ limit: '0' }, /^limit: /],
        [{ limit: 'ten' }, /^limit: /],
      ];
      for (const [parameters, cause] of cases) {
        const res = await t.request('GET', logsUrl(parameters));
        assert.equal(res.statusCode, 400, JSON.stringify(parameters));
        const body = res.json<{ errorCode: string; errorCauses: { errorSummary: string }[] }>();
        assert.equal(body.errorCode, 'E0000001', JSON.stringify(parameters));
        assert.match(body.errorCauses[0]?.errorSummary ?? '', cause, JSON.stringify(body));
      }
      // One cause per bad parameter.
      const both = await t.request('GET', logsUrl({ since: 'x', until: 'y', limit: '-1' }));
      assert.deepEqual(
        both.json<{ errorCauses: { errorSummary: string }[] }>().errorCauses.map((c) => c.errorSummary.split(':')[0]),
        ['since', 'until', 'limit'],
      );
    });

    it('sorts DESCENDING on request and clamps limit to 1000', async () => {
      await writeMarkers(t, ['order-1']);
      await writeMarkers(t, ['order-2']);
      await writeMarkers(t, ['order-3']);
      const asc = await readAll(t, logsUrl({ q: 'order-', sortOrder: 'ASCENDING', until: iso(t.clock.now() + 1) }));
      const desc = await readAll(t, logsUrl({ q: 'order-', sortOrder: 'DESCENDING' }));
      assert.deepEqual(
        asc.map((e) => e.displayMessage),
        ['order-1', 'order-2', 'order-3'],
      );
      assert.deepEqual(
        desc.map((e) => e.displayMessage),
        ['order-3', 'order-2', 'order-1'],
      );
      const big = await getLogs(t, logsUrl({ q: 'order-', limit: '5000', until: iso(t.clock.now() + 1) }));
      assert.equal(big.status, 200);
      assert.equal(big.events.length, 3);
    });

    it('leaves a FAILURE event for every refused token, with the secret nowhere in the log', async () => {
      const unknown = '00' + 'Zq3'.repeat(13) + 'x';
      const malformed = 'not-an-okta-token-but-secret-looking-3fa9c1';
      const revoked = await insertApiToken(t, t.admin.user.id, { name: 'soon revoked' });
      await t.store.apiTokens.revoke(revoked.tokenId, iso(t.clock.now()), 'test');
      const since = iso(t.clock.now());
      for (const secret of [unknown, malformed, revoked.token]) {
        const res = await t.request('GET', `/api/v1/users?q=${secret}`, { token: secret, headers: { 'user-agent': USER_AGENT } });
        assert.equal(res.statusCode, 401);
        assert.equal(res.json().errorCode, 'E0000011');
      }
      const page = await readAll(t, logsUrl({ since, filter: 'eventType eq "system.api_token.authenticate"' }));
      assert.equal(page.length, 3);
      for (const event of page) {
        assert.equal(event.outcome.result, 'FAILURE');
        assert.equal(event.severity, 'WARN');
        assert.equal(event.client.ipAddress, '127.0.0.1');
        assert.equal(event.client.userAgent.rawUserAgent, USER_AGENT);
      }
      const stored = await t.database.db.selectFrom('log_events').select(['body', 'search_text']).execute();
      for (const secret of [unknown, malformed, revoked.token]) {
        for (const row of stored) {
          assert.ok(!row.body.includes(secret) && !row.search_text.includes(secret.toLowerCase()), 'a refused token reached the System Log');
        }
      }
    });

    it('refuses a caller without okta.logs.read with 403 E0000006, and logs the denial', async () => {
      const helpDesk = await userWithRoles(t, 'helpdesk.log@example.com', ['HELP_DESK_ADMIN']);
      const res = await t.request('GET', '/api/v1/logs', { token: helpDesk.token });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().errorCode, 'E0000006');
      const denied = await readAll(t, logsUrl({ filter: `eventType eq "core.api.access.denied" and actor.id eq "${helpDesk.user.id}"` }));
      assert.equal(denied.length, 1);
      assert.equal(denied[0]?.outcome.result, 'DENY');
    });
  });
}
