import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { secretDigest } from '../../src/crypto/secret-digest.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createApp, deleteApp, rsaJwk, serviceAppBody, webAppBody, type AppJson, type KeyJson, type OktaErrorJson } from './apps.fixtures.js';
import { eventsOfType } from './roles.fixtures.js';

for (const kind of await storeKinds()) {
  describe(`OIDC apps (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    it('creates an active service app with private_key_jwt: client_id is the app id, keys get pks ids, no secret', async () => {
      const app = await createApp(t, serviceAppBody('Reporting service', [rsaJwk('signing-1')]));
      assert.match(app.id, /^0oa[0-9A-Za-z]{17}$/);
      assert.equal(app.credentials.oauthClient.client_id, app.id);
      assert.equal(app.credentials.oauthClient.client_secret, undefined);
      assert.equal(app.credentials.oauthClient.token_endpoint_auth_method, 'private_key_jwt');
      assert.equal(app.credentials.oauthClient.autoKeyRotation, true);
      assert.deepEqual([app.name, app.signOnMode, app.status], ['oidc_client', 'OPENID_CONNECT', 'ACTIVE']);
      const settings = app.settings.oauthClient;
      assert.deepEqual(
        [settings.application_type, settings.grant_types, settings.response_types, settings.redirect_uris],
        ['service', ['client_credentials'], ['token'], []],
      );
      assert.equal(settings.dpop_bound_access_tokens, false);
      const keys = settings.jwks?.keys ?? [];
      assert.equal(keys.length, 1);
      const key = keys[0] as KeyJson;
      assert.match(key.id, /^pks[0-9A-Za-z]{17}$/);
      assert.deepEqual([key.kid, key.status, key.kty, key.alg, key.use, key.e], ['signing-1', 'ACTIVE', 'RSA', 'RS256', 'sig', 'AQAB']);
      assert.equal(key.n, rsaJwk().n);
      assert.deepEqual(app._links['deactivate'], { href: `${t.config.orgUrl}/api/v1/apps/${app.id}/lifecycle/deactivate`, hints: { allow: ['POST'] } });
      const got = await t.request('GET', `/api/v1/apps/${app.id}`);
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.json(), app);
      const created = await eventsOfType(t, 'application.lifecycle.create');
      assert.ok(created.some((e) => e.target.some((target) => target.id === app.id && target.type === 'AppInstance')));
      assert.ok((await eventsOfType(t, 'application.lifecycle.activate')).some((e) => e.target.some((target) => target.id === app.id)));
    });

    it('creates an inactive app with ?activate=false', async () => {
      const app = await createApp(t, serviceAppBody('Staged service'), '?activate=false');
      assert.equal(app.status, 'INACTIVE');
      assert.equal((app._links['activate'] as { href: string }).href, `${t.config.orgUrl}/api/v1/apps/${app.id}/lifecycle/activate`);
    });

    it('shows a generated client secret once; GET, list, the database and the log never hold it', async () => {
      const app = await createApp(t, webAppBody('Portal', 'client_secret_post'));
      const secret = app.credentials.oauthClient.client_secret ?? '';
      assert.match(secret, /^[A-Za-z0-9_-]{64}$/, 'at least 256 bits, base64url');
      const got = await t.request('GET', `/api/v1/apps/${app.id}`);
      assert.equal(got.json<AppJson>().credentials.oauthClient.client_secret, undefined);
      assert.ok(!got.body.includes(secret));
      const listed = await t.request('GET', '/api/v1/apps?limit=200');
      assert.ok(!listed.body.includes(secret));
      const rows = await t.database.db.selectFrom('apps').selectAll().execute();
      const secretRows = await t.database.db.selectFrom('app_secrets').selectAll().execute();
      assert.deepEqual(
        secretRows.filter((r) => r.app_id === app.id).map((r) => r.digest),
        [secretDigest(secret)],
      );
      assert.ok(!JSON.stringify([rows, secretRows]).includes(secret), 'no column holds the secret');
      const log = await t.store.logs.query({ since: '1970-01-01T00:00:00.000Z', until: '9999-12-31T00:00:00.000Z', order: 'ASCENDING', limit: 10_000 });
      assert.ok(!JSON.stringify(log).includes(secret), 'the System Log does not hold it');
      // Two apps never share a secret.
      const other = await createApp(t, webAppBody('Portal 2'));
      assert.notEqual(other.credentials.oauthClient.client_secret, secret);
    });

    it('lists by label prefix and status filter, one page at a time with Link headers', async () => {
      const made: AppJson[] = [];
      for (const n of [1, 2, 3]) made.push(await createApp(t, serviceAppBody(`Paged app ${n}`), n === 3 ? '?activate=false' : ''));
      const first = await t.request('GET', '/api/v1/apps?q=paged%20APP&limit=2');
      assert.equal(first.statusCode, 200);
      assert.equal(first.json<AppJson[]>().length, 2);
      const links = [first.headers['link']].flat().join(', ');
      const next = /<([^>]+)>; rel="next"/.exec(links)?.[1] ?? '';
      assert.ok(next.startsWith(`${t.config.orgUrl}/api/v1/apps?q=paged%20APP&limit=2&after=`), links);
      const second = await t.request('GET', next.slice(t.config.orgUrl.length));
      const ids = [...first.json<AppJson[]>(), ...second.json<AppJson[]>()].map((a) => a.id).sort();
      assert.deepEqual(ids, made.map((a) => a.id).sort());
      assert.ok(![second.headers['link']].flat().join(', ').includes('rel="next"'));
      const inactive = await t.request('GET', `/api/v1/apps?q=Paged&filter=${encodeURIComponent('status eq "INACTIVE"')}`);
      assert.deepEqual(
        inactive.json<AppJson[]>().map((a) => a.id),
        [made[2]?.id],
      );
      const bad = await t.request('GET', `/api/v1/apps?filter=${encodeURIComponent('label eq "x"')}`);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<OktaErrorJson>().errorCode, 'E0000031');
    });

    it('answers 404 E0000007 for an unknown app', async () => {
      for (const id of ['0oa00000000000000000', 'not-an-id']) {
        const res = await t.request('GET', `/api/v1/apps/${id}`);
        assert.equal(res.statusCode, 404);
        assert.equal(res.json<OktaErrorJson>().errorCode, 'E0000007');
      }
    });

    it('replaces settings with PUT, ignoring read-only fields, and refuses to change the application type', async () => {
      const app = await createApp(t, webAppBody('Replace me'));
      const secret = app.credentials.oauthClient.client_secret;
      t.clock.advance(1000);
      // The created object sent back whole, secret included, with a few changes and bogus read-only values.
      const body = structuredClone(app) as unknown as Record<string, unknown> & AppJson;
      body.label = 'Replaced';
      body.id = '0oaFORGED000000000000';
      body.status = 'INACTIVE';
      body.created = '2000-01-01T00:00:00.000Z';
      body.credentials.oauthClient.client_id = 'forged';
      body.settings.oauthClient.redirect_uris = ['https://app.example.com/new-callback'];
      body.settings.oauthClient.refresh_token = { rotation_type: 'ROTATE', leeway: 10 };
      const res = await t.request('PUT', `/api/v1/apps/${app.id}`, { body });
      assert.equal(res.statusCode, 200, res.body);
      const replaced = res.json<AppJson>();
      assert.deepEqual([replaced.id, replaced.status, replaced.created, replaced.label], [app.id, 'ACTIVE', app.created, 'Replaced']);
      assert.equal(replaced.credentials.oauthClient.client_id, app.id);
      assert.equal(replaced.credentials.oauthClient.client_secret, undefined, 'the unchanged secret is not shown again');
      assert.notEqual(replaced.lastUpdated, app.lastUpdated);
      assert.deepEqual(replaced.settings.oauthClient.redirect_uris, ['https://app.example.com/new-callback']);
      assert.deepEqual(replaced.settings.oauthClient.refresh_token, { rotation_type: 'ROTATE', leeway: 10 });
      assert.deepEqual(
        (await t.store.apps.listSecrets(app.id)).map((x) => x.digest),
        [secretDigest(secret ?? '')],
      );

      const other = structuredClone(body);
      other.credentials.oauthClient.client_secret = 'a-secret-of-my-own-choosing-000000000';
      other.settings.oauthClient.application_type = 'native';
      const refused = await t.request('PUT', `/api/v1/apps/${app.id}`, { body: other });
      assert.equal(refused.statusCode, 400);
      const causes = refused.json<OktaErrorJson>().errorCauses.map((c) => c.errorSummary);
      assert.ok(
        causes.some((c) => c.startsWith('settings.oauthClient.application_type: cannot be changed')),
        causes.join(' | '),
      );
      assert.ok(
        causes.some((c) => c.startsWith('credentials.oauthClient.client_secret: Client secrets are generated')),
        causes.join(' | '),
      );
      assert.equal((await t.store.apps.get(app.id))?.label, 'Replaced', 'a refused PUT writes nothing');
    });

    it('switches an app between secret and key authentication: the secret goes, and a new one is shown once on return', async () => {
      const app = await createApp(t, webAppBody('Switcher'));
      const secretIds = (await t.store.apps.listSecrets(app.id)).map((x) => x.id);
      assert.equal(secretIds.length, 1);
      const body = structuredClone(app);
      delete body.credentials.oauthClient.client_secret;
      body.credentials.oauthClient.token_endpoint_auth_method = 'private_key_jwt';
      body.settings.oauthClient.jwks = { keys: [rsaJwk('k1') as unknown as KeyJson] };
      const toKeys = await t.request('PUT', `/api/v1/apps/${app.id}`, { body });
      assert.equal(toKeys.statusCode, 200, toKeys.body);
      assert.deepEqual(await t.store.apps.listSecrets(app.id), []);
      assert.ok(
        (await eventsOfType(t, 'app.oauth2.credentials.lifecycle.delete')).some((e) => e.target.some((target) => target.id === secretIds[0])),
        'the dropped secret is logged',
      );
      assert.equal(toKeys.json<AppJson>().settings.oauthClient.jwks?.keys.length, 1);
      body.credentials.oauthClient.token_endpoint_auth_method = 'client_secret_basic';
      const back = await t.request('PUT', `/api/v1/apps/${app.id}`, { body });
      assert.equal(back.statusCode, 200, back.body);
      const secret = back.json<AppJson>().credentials.oauthClient.client_secret ?? '';
      assert.match(secret, /^[A-Za-z0-9_-]{64}$/);
      assert.notEqual(secret, app.credentials.oauthClient.client_secret);
      assert.deepEqual(
        (await t.store.apps.listSecrets(app.id)).map((x) => x.digest),
        [secretDigest(secret)],
      );
      const again = await t.request('GET', `/api/v1/apps/${app.id}`);
      assert.ok(!again.body.includes(secret));
    });

    it('deletes only inactive apps (403 E0000056), and takes keys and grants along', async () => {
      const app = await createApp(t, serviceAppBody('Doomed'));
      const granted = await t.request('POST', `/api/v1/apps/${app.id}/grants`, { body: { issuer: t.config.orgUrl, scopeId: 'okta.users.read' } });
      assert.equal(granted.statusCode, 201, granted.body);
      const refused = await t.request('DELETE', `/api/v1/apps/${app.id}`);
      assert.equal(refused.statusCode, 403);
      const error = refused.json<OktaErrorJson>();
      assert.deepEqual([error.errorCode, error.errorSummary], ['E0000056', 'Delete application forbidden.']);
      assert.equal((await t.request('GET', `/api/v1/apps/${app.id}`)).statusCode, 200);
      const deactivated = await t.request('POST', `/api/v1/apps/${app.id}/lifecycle/deactivate`);
      assert.deepEqual([deactivated.statusCode, deactivated.json()], [200, {}]);
      assert.equal((await t.request('GET', `/api/v1/apps/${app.id}`)).json<AppJson>().status, 'INACTIVE');
      const deleted = await t.request('DELETE', `/api/v1/apps/${app.id}`);
      assert.equal(deleted.statusCode, 204);
      assert.equal((await t.request('GET', `/api/v1/apps/${app.id}`)).statusCode, 404);
      assert.deepEqual(await t.store.apps.listKeys(app.id), []);
      assert.deepEqual(await t.store.apps.listGrants(app.id), []);
      assert.ok((await eventsOfType(t, 'application.lifecycle.delete')).some((e) => e.target.some((target) => target.id === app.id)));
    });

    it('activates and deactivates idempotently, one event per change', async () => {
      const app = await createApp(t, serviceAppBody('Toggle'), '?activate=false');
      const before = (await eventsOfType(t, 'application.lifecycle.activate')).length;
      for (let i = 0; i < 2; i += 1) assert.equal((await t.request('POST', `/api/v1/apps/${app.id}/lifecycle/activate`)).statusCode, 200);
      assert.equal((await eventsOfType(t, 'application.lifecycle.activate')).length, before + 1);
      assert.equal((await t.request('GET', `/api/v1/apps/${app.id}`)).json<AppJson>().status, 'ACTIVE');
      await deleteApp(t, app.id);
    });

    it('accepts what the Okta SDK tests send as a web app, and refuses it as a service app (redirect grants)', async () => {
      // okta-sdk-nodejs test/utils.ts getServiceApplication(): Okta's own test body.
      const sdkBody = (applicationType: string) => ({
        name: 'oidc_client',
        label: `node-sdk: Sample Client - ${applicationType}`,
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { autoKeyRotation: true, token_endpoint_auth_method: 'client_secret_post' } },
        settings: {
          oauthClient: {
            application_type: applicationType,
            client_uri: 'https://example.com/client',
            grant_types: ['implicit', 'authorization_code', 'client_credentials'],
            logo_uri: 'https://example.com/assets/images/logo-new.png',
            redirect_uris: ['https://example.com/oauth2/callback', 'myapp://callback'],
            response_types: ['token', 'id_token', 'code'],
          },
        },
      });
      const web = await createApp(t, sdkBody('web'));
      assert.equal(web.settings.oauthClient.application_type, 'web');
      assert.match(web.credentials.oauthClient.client_secret ?? '', /^[A-Za-z0-9_-]{64}$/);
      const service = await t.request('POST', '/api/v1/apps', { body: sdkBody('service') });
      assert.equal(service.statusCode, 400);
      const causes = service.json<OktaErrorJson>().errorCauses.map((c) => c.errorSummary);
      assert.deepEqual(causes, [
        "settings.oauthClient.grant_types: Service apps may only use the 'client_credentials' grant type, not 'implicit', 'authorization_code'",
        'settings.oauthClient.redirect_uris: Service apps use no redirect: remove the redirect URIs',
      ]);
    });
  });
}
