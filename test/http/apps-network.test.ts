/**
 * The network condition of an OAuth client (Okta `settings.oauthClient.network`,
 * `OpenIdConnectApplicationNetwork`), on SQLite and PostgreSQL: set through the Apps API with its
 * validation (bad shapes, unknown, inactive or blocklist zones: 400 E0000001 naming the field,
 * nothing written), kept by a replace that leaves it out, and enforced at the token endpoint: a
 * client_credentials request from outside is refused 403 with Okta's `access_denied` text, and
 * logged. A zone an app names cannot be deactivated.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { newId } from '../../src/crypto/random-id.js';
import { storeKinds } from '../helpers/databases.js';
import { createServiceApp, requestToken, type ServiceApp } from '../helpers/oauth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { serviceAppBody } from './apps.fixtures.js';
import { eventsOfType } from './roles.fixtures.js';
import { causesOf, createZone, type ErrorJson, type ZoneJson } from './zones.fixtures.js';

const UNLIMITED = { perMinute: { ...DEFAULT_RATE_LIMITS, apps: 1_000_000, oauth: 1_000_000, default: 1_000_000 }, perCredentialShare: 1, windowMs: 60_000 };

interface AppJson {
  id: string;
  label: string;
  settings: { oauthClient: { network?: { connection: string; include?: string[]; exclude?: string[] }; grant_types: string[] } };
}

/** A replace body for the service app, with `network` in settings.oauthClient when given. */
function serviceReplace(label: string, network?: unknown): Record<string, unknown> {
  return {
    name: 'oidc_client',
    label,
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
    settings: {
      oauthClient: {
        application_type: 'service',
        grant_types: ['client_credentials'],
        response_types: ['token'],
        ...(network === undefined ? {} : { network }),
      },
    },
  };
}

for (const kind of await storeKinds()) {
  describe(`OAuth client network conditions (${kind})`, () => {
    let t: TestApp;
    let office: ZoneJson;
    let service: ServiceApp;
    before(async () => {
      t = await startTestApp(kind, { config: { trustProxy: ['127.0.0.1'], rateLimit: UNLIMITED } });
      office = await createZone(t, 'Office', ['203.0.113.0/24', '2001:db8:1::/48']);
      service = await createServiceApp(t, { roles: ['READ_ONLY_ADMIN'], scopes: ['okta.users.read'], label: 'Batch job' });
    });
    after(() => t.close());

    const tokenFrom = (address: string) => requestToken(t, service, 'okta.users.read', { 'x-forwarded-for': address });

    it("sets Okta's settings.oauthClient.network, shows it, and keeps it when a replace leaves it out", async () => {
      const put = await t.request('PUT', `/api/v1/apps/${service.clientId}`, {
        body: serviceReplace('Batch job', { connection: 'ZONE', include: [office.id] }),
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(put.json<AppJson>().settings.oauthClient.network, { connection: 'ZONE', include: [office.id] });
      const got = await t.request('GET', `/api/v1/apps/${service.clientId}`);
      assert.deepEqual(got.json<AppJson>().settings.oauthClient.network, { connection: 'ZONE', include: [office.id] });
      const renamed = await t.request('PUT', `/api/v1/apps/${service.clientId}`, { body: serviceReplace('Batch job (nightly)') });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.deepEqual(renamed.json<AppJson>().settings.oauthClient.network, { connection: 'ZONE', include: [office.id] }, 'a replace without it keeps it');
    });

    it('a client_credentials request from inside the zones gets a token; from outside, 403 access_denied in Okta’s words, logged', async () => {
      for (const address of ['203.0.113.9', '2001:db8:1::7', '::ffff:203.0.113.10']) {
        const ok = await tokenFrom(address);
        assert.equal(ok.statusCode, 200, `${address}: ${ok.body}`);
        assert.equal(typeof ok.json<{ access_token: string }>().access_token, 'string');
      }
      const refusals = (await eventsOfType(t, 'app.oauth2.token.grant.access_token')).filter((e) => e.outcome.result === 'FAILURE').length;
      const refused = await tokenFrom('192.0.2.1');
      assert.equal(refused.statusCode, 403, refused.body);
      assert.deepEqual(refused.json(), { error: 'access_denied', error_description: "The request is made from outside the client's permitted network zones." });
      const failures = (await eventsOfType(t, 'app.oauth2.token.grant.access_token')).filter((e) => e.outcome.result === 'FAILURE');
      assert.equal(failures.length, refusals + 1, 'logged once');
      assert.equal(failures.at(-1)?.client.ipAddress, '192.0.2.1');
      assert.match(failures.at(-1)?.outcome.reason ?? '', /^access_denied: The request is made from outside/);
    });

    it('an exclude condition refuses requests from inside the zone; ANYWHERE lifts the condition', async () => {
      const exclude = await t.request('PUT', `/api/v1/apps/${service.clientId}`, {
        body: serviceReplace('Batch job', { connection: 'ZONE', exclude: [office.id] }),
      });
      assert.equal(exclude.statusCode, 200, exclude.body);
      assert.equal((await tokenFrom('203.0.113.9')).statusCode, 403);
      assert.equal((await tokenFrom('192.0.2.1')).statusCode, 200);
      const anywhere = await t.request('PUT', `/api/v1/apps/${service.clientId}`, { body: serviceReplace('Batch job', { connection: 'ANYWHERE' }) });
      assert.equal(anywhere.statusCode, 200);
      assert.equal(anywhere.json<AppJson>().settings.oauthClient.network, undefined, 'no condition is shown as none');
      assert.equal((await tokenFrom('203.0.113.9')).statusCode, 200);
    });

    it('refuses bad conditions with E0000001 naming settings.oauthClient.network, and changes nothing', async () => {
      const inactive = await createZone(t, 'Retired', ['192.0.2.0/24']);
      await t.request('POST', `/api/v1/zones/${inactive.id}/lifecycle/deactivate`);
      const blocked = await createZone(t, 'Blocked', ['198.51.100.0/24'], { usage: 'BLOCKLIST' });
      const unknown = newId('networkZone');
      const before = await t.store.apps.get(service.clientId);
      const cases: [unknown, string][] = [
        [{ connection: 'ZONE', include: [unknown] }, `settings.oauthClient.network.include: ${unknown}: no network zone has this id`],
        [{ connection: 'ZONE', include: [inactive.id] }, `settings.oauthClient.network.include: ${inactive.id}: the network zone Retired is INACTIVE`],
        [
          { connection: 'ZONE', exclude: [blocked.id] },
          `settings.oauthClient.network.exclude: ${blocked.id}: the network zone Blocked is a BLOCKLIST zone; only POLICY IP zones can be used`,
        ],
        [{ connection: 'ZONE' }, 'settings.oauthClient.network: With connection ZONE, network zone ids are required in include or exclude'],
        [{ connection: 'ZONE', include: ['ALL_IP_ZONES'] }, 'settings.oauthClient.network.include: ALL_IP_ZONES: no network zone has this id'],
        [{ connection: 'NOWHERE' }, "settings.oauthClient.network.connection: 'NOWHERE' is not a connection: use ANYWHERE or ZONE"],
      ];
      for (const [network, cause] of cases) {
        const res = await t.request('PUT', `/api/v1/apps/${service.clientId}`, { body: serviceReplace('Changed', network) });
        assert.equal(res.statusCode, 400, JSON.stringify(network));
        assert.equal(res.json<ErrorJson>().errorCode, 'E0000001');
        assert.deepEqual(causesOf(res.body), [cause], JSON.stringify(network));
      }
      const body = serviceAppBody('New job') as { settings: { oauthClient: Record<string, unknown> } };
      body.settings.oauthClient['network'] = { connection: 'ZONE', include: [unknown] };
      const appsBefore = (await t.store.apps.list({ limit: 1000 })).length;
      const created = await t.request('POST', '/api/v1/apps', { body });
      assert.equal(created.statusCode, 400, created.body);
      assert.deepEqual(causesOf(created.body), [`settings.oauthClient.network.include: ${unknown}: no network zone has this id`]);
      assert.equal((await t.store.apps.list({ limit: 1000 })).length, appsBefore, 'no app was created');
      assert.deepEqual(await t.store.apps.get(service.clientId), before, 'nothing changed');
    });

    it('a zone an app names cannot be deactivated or deleted, and the refusal names the app', async () => {
      const lab = await createZone(t, 'Lab', ['10.10.0.0/16']);
      const put = await t.request('PUT', `/api/v1/apps/${service.clientId}`, { body: serviceReplace('Batch job', { connection: 'ZONE', include: [lab.id] }) });
      assert.equal(put.statusCode, 200, put.body);
      const deactivate = await t.request('POST', `/api/v1/zones/${lab.id}/lifecycle/deactivate`);
      assert.equal(deactivate.statusCode, 400);
      assert.deepEqual(causesOf(deactivate.body), [`id: The zone: ${lab.id} is used by the network condition of app ${service.clientId} (Batch job)`]);
      assert.equal((await tokenFrom('10.10.3.4')).statusCode, 200);
      // A zone narrowed through the API applies to the next token request (the kept read is dropped).
      const narrowed = await t.request('PUT', `/api/v1/zones/${lab.id}`, { body: { ...lab, gateways: [{ type: 'CIDR', value: '10.10.0.0/24' }] } });
      assert.equal(narrowed.statusCode, 200);
      assert.equal((await tokenFrom('10.10.3.4')).statusCode, 403);
    });
  });
}
