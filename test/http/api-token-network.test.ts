/**
 * The network condition of API tokens, on SQLite and PostgreSQL: set through Okta's upsert
 * (`PUT /api/v1/api-tokens/{id}`) with its validation (unknown, inactive or blocklist zones, bad
 * shapes: 400 E0000001 naming the field, nothing written), and enforced when the token is used.
 * The client's address is `request.ip`, which honours `X-Forwarded-For` only from the proxies in
 * TESSERA_TRUST_PROXY: from outside, 403 E0000006 naming the network condition, logged once as
 * `core.api.access.denied` with the address, and the use is not recorded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { newId } from '../../src/crypto/random-id.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { insertApiToken } from '../fixtures/tokens.js';
import { eventsOfType } from './roles.fixtures.js';
import { causesOf, createZone, type ErrorJson, type ZoneJson } from './zones.fixtures.js';

const UNLIMITED = {
  perMinute: { ...DEFAULT_RATE_LIMITS, apiTokens: 1_000_000, default: 1_000_000, users: 1_000_000 },
  perCredentialShare: 1,
  windowMs: 60_000,
};
const DAY = 86_400_000;

interface TokenJson {
  id: string;
  name: string;
  expiresAt: string;
  network: { connection: string; include?: string[]; exclude?: string[] };
}

for (const kind of await storeKinds()) {
  describe(`API token network conditions (${kind})`, () => {
    let t: TestApp;
    let office: ZoneJson;
    let vpn: ZoneJson;
    before(async () => {
      // inject() connects from 127.0.0.1: that is the proxy whose X-Forwarded-For is trusted.
      t = await startTestApp(kind, { config: { trustProxy: ['127.0.0.1'], rateLimit: UNLIMITED } });
      office = await createZone(t, 'Office', ['203.0.113.0/24', '2001:db8:1::/48']);
      vpn = await createZone(t, 'VPN', ['198.51.100.10-198.51.100.20']);
    });
    after(() => t.close());

    /** A fresh token of the admin's, and a function calling GET /api/v1/users/me with it from `address`. */
    async function restrictedToken(network: unknown): Promise<{ tokenId: string; from: (address: string) => ReturnType<TestApp['request']> }> {
      const { token, tokenId } = await insertApiToken(t, t.admin.user.id, { name: 'bot' });
      const res = await t.request('PUT', `/api/v1/api-tokens/${tokenId}`, { body: { name: 'bot', network } });
      assert.equal(res.statusCode, 200, res.body);
      return { tokenId, from: (address) => t.request('GET', '/api/v1/users/me', { token, headers: { 'x-forwarded-for': address } }) };
    }

    it('sets a ZONE condition through the upsert, shows it, and keeps it when a rename leaves network out', async () => {
      const { tokenId } = await insertApiToken(t, t.admin.user.id, { name: 'deploy' });
      const before = (await eventsOfType(t, 'system.api_token.update')).length;
      const res = await t.request('PUT', `/api/v1/api-tokens/${tokenId}`, {
        body: { name: 'deploy', userId: t.admin.user.id, clientName: 'ignored', network: { connection: 'ZONE', include: [office.id, vpn.id, office.id] } },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json<TokenJson>().network, { connection: 'ZONE', include: [office.id, vpn.id] });
      assert.deepEqual((await t.request('GET', `/api/v1/api-tokens/${tokenId}`)).json<TokenJson>().network, {
        connection: 'ZONE',
        include: [office.id, vpn.id],
      });
      assert.equal((await eventsOfType(t, 'system.api_token.update')).length, before + 1);

      const renamed = await t.request('PUT', `/api/v1/api-tokens/${tokenId}`, { body: { name: 'deploy v2' } });
      assert.equal(renamed.json<TokenJson>().name, 'deploy v2');
      assert.deepEqual(renamed.json<TokenJson>().network, { connection: 'ZONE', include: [office.id, vpn.id] }, 'a rename does not lift the restriction');

      const excluded = await t.request('PUT', `/api/v1/api-tokens/${tokenId}`, {
        body: { name: 'deploy v2', network: { connection: 'ZONE', exclude: [vpn.id] } },
      });
      assert.deepEqual(excluded.json<TokenJson>().network, { connection: 'ZONE', exclude: [vpn.id] });
      const anywhere = await t.request('PUT', `/api/v1/api-tokens/${tokenId}`, { body: { name: 'deploy v2', network: { connection: 'ANYWHERE' } } });
      assert.deepEqual(anywhere.json<TokenJson>().network, { connection: 'ANYWHERE' });
    });

    it('refuses unknown, inactive and blocklist zones and bad shapes with E0000001 naming the field, and changes nothing', async () => {
      const inactive = await createZone(t, 'Retired', ['192.0.2.0/24']);
      assert.equal((await t.request('POST', `/api/v1/zones/${inactive.id}/lifecycle/deactivate`)).statusCode, 200);
      const blocked = await createZone(t, 'Blocked', ['192.0.2.128/25'], { usage: 'BLOCKLIST' });
      const unknown = newId('networkZone');
      const { tokenId } = await insertApiToken(t, t.admin.user.id, { name: 'validated' });
      const cases: [unknown, readonly string[]][] = [
        [{ connection: 'ZONE', include: [unknown] }, [`network.include: ${unknown}: no network zone has this id`]],
        [{ connection: 'ZONE', include: ['not-a-zone-id'] }, ['network.include: not-a-zone-id: no network zone has this id']],
        [{ connection: 'ZONE', exclude: [inactive.id] }, [`network.exclude: ${inactive.id}: the network zone Retired is INACTIVE`]],
        [
          { connection: 'ZONE', include: [office.id, blocked.id] },
          [`network.include: ${blocked.id}: the network zone Blocked is a BLOCKLIST zone; only POLICY IP zones can be used`],
        ],
        [{ connection: 'ZONE', include: [office.id], exclude: [vpn.id] }, ['network: List the zones to include or the zones to exclude, not both']],
        [{ connection: 'ZONE' }, ['network: With connection ZONE, network zone ids are required in include or exclude']],
        [{ connection: 'ANYWHERE', exclude: [office.id] }, ['network.exclude: Network zones can be listed only when connection is ZONE']],
        [{ connection: 'SOMEWHERE' }, ["network.connection: 'SOMEWHERE' is not a connection: use ANYWHERE or ZONE"]],
      ];
      const updates = (await eventsOfType(t, 'system.api_token.update')).length;
      for (const [network, causes] of cases) {
        const res = await t.request('PUT', `/api/v1/api-tokens/${tokenId}`, { body: { name: 'changed', network } });
        assert.equal(res.statusCode, 400, JSON.stringify(network));
        assert.equal(res.json<ErrorJson>().errorCode, 'E0000001');
        assert.deepEqual(causesOf(res.body), causes, JSON.stringify(network));
      }
      const typed = await t.request('PUT', `/api/v1/api-tokens/${tokenId}`, { body: { name: 'changed', network: { connection: 'ZONE', include: 'all' } } });
      assert.equal(typed.statusCode, 400);
      const stored = await t.store.apiTokens.get(tokenId);
      assert.equal(stored?.name, 'validated');
      assert.deepEqual(stored?.network, { connection: 'ANYWHERE' });
      assert.equal((await eventsOfType(t, 'system.api_token.update')).length, updates, 'no update was logged');
    });

    it('admits requests from inside the zones, by X-Forwarded-For through a trusted proxy, IPv4, IPv6 and IPv4-mapped', async () => {
      const { from } = await restrictedToken({ connection: 'ZONE', include: [office.id, vpn.id] });
      for (const address of ['203.0.113.7', '198.51.100.20', '2001:db8:1::42', '::ffff:203.0.113.8', '10.9.9.9, 203.0.113.9']) {
        const res = await from(address);
        assert.equal(res.statusCode, 200, `${address}: ${res.body}`);
      }
    });

    it('refuses a request from outside with 403 E0000006 naming the network condition, logged once with the address', async () => {
      const { tokenId, from } = await restrictedToken({ connection: 'ZONE', include: [office.id] });
      assert.equal((await from('203.0.113.1')).statusCode, 200);
      const recorded = t.app.services.usage.lastSeen(tokenId);
      assert.ok(recorded !== undefined, 'the admitted request was recorded as a use');
      const denials = (await eventsOfType(t, 'core.api.access.denied')).length;
      const refusals = (await eventsOfType(t, 'system.api_token.authenticate')).length;
      t.clock.advance(DAY);

      const res = await from('192.0.2.55');
      assert.equal(res.statusCode, 403, res.body);
      const error = res.json<ErrorJson>();
      assert.equal(error.errorCode, 'E0000006');
      assert.equal(error.errorSummary, 'You do not have permission to perform the requested action');
      assert.deepEqual(causesOf(res.body), [
        "network: The request is made from outside the network zones of the API token's network condition (client address 192.0.2.55)",
      ]);
      const denied = await eventsOfType(t, 'core.api.access.denied');
      assert.equal(denied.length, denials + 1, 'logged once');
      const event = denied.at(-1);
      assert.equal(event?.client.ipAddress, '192.0.2.55');
      assert.equal(event?.actor.id, t.admin.user.id, 'as the token owner');
      assert.equal(event?.transaction.detail['requestApiTokenId'], tokenId);
      assert.equal(event?.outcome.result, 'DENY');
      assert.match(event?.outcome.reason ?? '', /outside the network zones .* \(client address 192\.0\.2\.55\)/);
      assert.deepEqual(
        event?.target.map((target) => [target.id, target.type]),
        [[tokenId, 'Token']],
      );
      assert.equal((await eventsOfType(t, 'system.api_token.authenticate')).length, refusals, 'not logged as a bad token');
      assert.equal(t.app.services.usage.lastSeen(tokenId), recorded, 'a refused request does not keep the token alive');

      for (const address of ['203.0.112.255', '2001:db8:2::1', '::ffff:192.0.2.55']) assert.equal((await from(address)).statusCode, 403, address);
    });

    it('an exclude condition refuses requests from inside the zone only', async () => {
      const { from } = await restrictedToken({ connection: 'ZONE', exclude: [vpn.id] });
      assert.equal((await from('198.51.100.15')).statusCode, 403);
      assert.equal((await from('198.51.100.21')).statusCode, 200);
      assert.equal((await from('203.0.113.7')).statusCode, 200);
    });

    it('a zone change applies from the next request', async () => {
      const branch = await createZone(t, 'Branch', ['100.64.0.0/24']);
      const { from } = await restrictedToken({ connection: 'ZONE', include: [branch.id] });
      assert.equal((await from('100.64.1.1')).statusCode, 403);
      const widened = await t.request('PUT', `/api/v1/zones/${branch.id}`, { body: { ...branch, gateways: [{ type: 'CIDR', value: '100.64.0.0/16' }] } });
      assert.equal(widened.statusCode, 200, widened.body);
      assert.equal((await from('100.64.1.1')).statusCode, 200);
    });

    it('without TESSERA_TRUST_PROXY an X-Forwarded-For header changes nothing: the peer address decides', async () => {
      const plain = await startTestApp(kind, { config: { rateLimit: UNLIMITED } });
      try {
        const zone = await createZone(plain, 'Office', ['203.0.113.0/24']);
        const { token, tokenId } = await insertApiToken(plain, plain.admin.user.id, { name: 'bot' });
        assert.equal(
          (await plain.request('PUT', `/api/v1/api-tokens/${tokenId}`, { body: { name: 'bot', network: { connection: 'ZONE', include: [zone.id] } } }))
            .statusCode,
          200,
        );
        const spoofed = await plain.request('GET', '/api/v1/users/me', { token, headers: { 'x-forwarded-for': '203.0.113.7' } });
        assert.equal(spoofed.statusCode, 403);
        const denied = await eventsOfType(plain, 'core.api.access.denied');
        assert.equal(denied.at(-1)?.client.ipAddress, '127.0.0.1');
        const loopback = await createZone(plain, 'Loopback', ['127.0.0.0/8']);
        const moved = await plain.request('PUT', `/api/v1/api-tokens/${tokenId}`, {
          body: { name: 'bot', network: { connection: 'ZONE', include: [loopback.id] } },
        });
        assert.equal(moved.statusCode, 200);
        assert.equal((await plain.request('GET', '/api/v1/users/me', { token })).statusCode, 200);
      } finally {
        await plain.close();
      }
    });
  });
}
