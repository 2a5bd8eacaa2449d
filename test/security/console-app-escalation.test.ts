/**
 * The admin console's app is a super administrator's alone, tried from outside as an attacker
 * would, on SQLite and PostgreSQL. Its tokens carry every okta.* scope of whoever signs in, so
 * whoever could move its redirect URIs, add a secret or a key, or swap it for a lookalike would
 * collect administrators' tokens. An ORG_ADMIN and an APP_ADMIN (who may change other apps) are
 * refused every operation on it, the ones Okta leaves open on other apps included: 403 E0000006
 * with the reason, nothing written, one `core.api.access.denied` naming it. A SUPER_ADMIN may do
 * each. Nobody may create an app under its name, through either API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CONSOLE_APP_NAME, ensureConsoleApp } from '../../src/console/console-app.js';
import type { AppRecord } from '../../src/store/oauth-records.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp, type TestPrincipal } from '../helpers/test-app.js';
import { rsaJwk } from '../http/apps.fixtures.js';
import { eventsOfType } from '../http/roles.fixtures.js';

const ORG_URL = 'https://tessera.example.com';

interface Attack {
  readonly method: 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
}

/** The console app as PUT /api/v1/apps/{id} takes it, with `redirectUris` and `label`. */
function replacing(app: AppRecord, label: string, redirectUris: readonly string[]): unknown {
  return {
    name: app.name,
    label,
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: 'none', pkce_required: true } },
    settings: {
      oauthClient: {
        application_type: 'browser',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        post_logout_redirect_uris: [`${ORG_URL}/admin/`],
      },
    },
  };
}

/** Every operation on the console app, each as one request. */
function attacks(app: AppRecord, grantId: string): Readonly<Record<string, Attack>> {
  const base = `/api/v1/apps/${app.id}`;
  const redirect = app.oauthClient['redirect_uris'] as string[];
  return {
    delete: { method: 'DELETE', url: base },
    deactivate: { method: 'POST', url: `${base}/lifecycle/deactivate` },
    'activate (already active)': { method: 'POST', url: `${base}/lifecycle/activate` },
    'update the label': { method: 'PUT', url: base, body: replacing(app, 'Totally the console', redirect) },
    'change the redirect URIs': { method: 'PUT', url: base, body: replacing(app, app.label, ['https://attacker.example/admin/callback']) },
    'revoke a grant': { method: 'DELETE', url: `${base}/grants/${grantId}` },
    'add a secret': { method: 'POST', url: `${base}/credentials/secrets`, body: {} },
    'add a key': { method: 'POST', url: `${base}/credentials/jwks`, body: rsaJwk('mole', 4) },
    'assign a client role': { method: 'POST', url: `/oauth2/v1/clients/${app.id}/roles`, body: { type: 'READ_ONLY_ADMIN' } },
    'DCR: change the redirect URIs': {
      method: 'PUT',
      url: `/oauth2/v1/clients/${app.id}`,
      body: {
        client_name: app.label,
        application_type: 'browser',
        redirect_uris: ['https://attacker.example/admin/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    },
    'DCR: deregister': { method: 'DELETE', url: `/oauth2/v1/clients/${app.id}` },
  };
}

/** Everything an attack could change, read straight from the store. */
async function snapshot(t: TestApp, appId: string): Promise<string> {
  return JSON.stringify({
    app: await t.store.apps.get(appId),
    keys: await t.store.apps.listKeys(appId),
    secrets: await t.store.apps.listSecrets(appId),
    grants: await t.store.apps.listGrants(appId),
    roles: await t.store.roles.listFor('CLIENT', appId),
    apps: (await t.store.apps.list({ limit: 100 })).map((a) => a.id),
  });
}

for (const kind of await storeKinds()) {
  describe(`the admin console's app is a super admin's alone (${kind})`, () => {
    let t: TestApp;
    let app: AppRecord;
    let grantId: string;
    let callers: readonly (readonly [string, TestPrincipal])[];

    before(async () => {
      t = await startTestApp(kind, { config: { orgUrl: ORG_URL } });
      app = (await ensureConsoleApp({ store: t.store, clock: t.clock, events: t.app.services.events, orgUrl: ORG_URL })).app;
      grantId = (await t.store.apps.listGrants(app.id))[0]?.id ?? '';
      callers = [
        ['ORG_ADMIN', await userWithRoles(t, 'org.admin@example.com', ['ORG_ADMIN'])],
        ['APP_ADMIN', await userWithRoles(t, 'app.admin@example.com', ['APP_ADMIN'])],
      ];
    });
    after(() => t.close());

    it('an ORG_ADMIN and an APP_ADMIN are refused every operation on it: 403 E0000006, nothing written, the refusal logged', async () => {
      for (const [role, caller] of callers) {
        for (const [what, attack] of Object.entries(attacks(app, grantId))) {
          const before = await snapshot(t, app.id);
          const denied = (await eventsOfType(t, 'core.api.access.denied')).length;
          const res = await t.request(attack.method, attack.url, { token: caller.token, ...(attack.body === undefined ? {} : { body: attack.body }) });
          assert.equal(res.statusCode, 403, `${role}: ${what}: ${res.body}`);
          assert.equal(res.json<{ errorCode: string }>().errorCode, 'E0000006', `${role}: ${what}`);
          assert.equal(await snapshot(t, app.id), before, `${role}: ${what} wrote something`);
          const events = await eventsOfType(t, 'core.api.access.denied');
          assert.equal(events.length, denied + 1, `${role}: ${what}`);
        }
      }
    });

    it('the refusal of an operation Okta leaves open says why, and names the app', async () => {
      const [, orgAdmin] = callers[0] ?? [];
      assert.ok(orgAdmin !== undefined);
      const res = await t.request('POST', `/api/v1/apps/${app.id}/lifecycle/deactivate`, { token: orgAdmin.token });
      assert.deepEqual(res.json<{ errorCauses: unknown }>().errorCauses, [
        { errorSummary: "The app Tessera Admin Console is Tessera's own admin console: only a super administrator may deactivate this app" },
      ]);
      const event = (await eventsOfType(t, 'core.api.access.denied')).at(-1);
      assert.equal(event?.target[0]?.id, app.id);
    });

    it('the same admins still change an app of their own', async () => {
      const [, appAdmin] = callers[1] ?? [];
      assert.ok(appAdmin !== undefined);
      const created = await t.request('POST', '/api/v1/apps', {
        token: appAdmin.token,
        body: {
          name: 'oidc_client',
          label: 'Their SPA',
          signOnMode: 'OPENID_CONNECT',
          credentials: { oauthClient: { token_endpoint_auth_method: 'none' } },
          settings: { oauthClient: { application_type: 'browser', grant_types: ['authorization_code'], redirect_uris: ['https://spa.example/cb'] } },
        },
      });
      assert.equal(created.statusCode, 200, created.body);
      const id = created.json<{ id: string }>().id;
      assert.equal((await t.request('POST', `/api/v1/apps/${id}/lifecycle/deactivate`, { token: appAdmin.token })).statusCode, 200);
      assert.equal((await t.request('DELETE', `/api/v1/apps/${id}`, { token: appAdmin.token })).statusCode, 204);
    });

    it('nobody creates an app under its name, nor renames an app to it', async () => {
      const before = await snapshot(t, app.id);
      const body = {
        name: CONSOLE_APP_NAME,
        label: 'Tessera Admin Console',
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'none' } },
        settings: { oauthClient: { application_type: 'browser', grant_types: ['authorization_code'], redirect_uris: ['https://attacker.example/cb'] } },
      };
      const created = await t.request('POST', '/api/v1/apps', { body });
      assert.equal(created.statusCode, 400, created.body);
      assert.deepEqual(created.json<{ errorCauses: unknown }>().errorCauses, [
        { errorSummary: "name: 'tessera_admin_console' is Tessera's own app, which only Tessera creates: name must be 'oidc_client'" },
      ]);
      const dcr = await t.request('POST', '/oauth2/v1/clients', {
        body: { client_name: 'Tessera Admin Console', name: CONSOLE_APP_NAME, redirect_uris: ['https://attacker.example/cb'], application_type: 'web' },
      });
      assert.equal(dcr.statusCode, 201, dcr.body);
      const registered = await t.store.apps.get(dcr.json<{ client_id: string }>().client_id);
      assert.equal(registered?.name, 'oidc_client', 'DCR has no name field: every client it registers is an oidc_client');
      const renamed = await t.request('PUT', `/api/v1/apps/${registered.id}`, {
        body: {
          ...body,
          credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
          settings: { oauthClient: { application_type: 'web', grant_types: ['authorization_code'], redirect_uris: ['https://attacker.example/cb'] } },
        },
      });
      assert.equal(renamed.statusCode, 400, renamed.body);
      assert.deepEqual(renamed.json<{ errorCauses: unknown }>().errorCauses, [
        { errorSummary: "name: cannot be changed from 'oidc_client' to 'tessera_admin_console'" },
      ]);
      assert.equal((await t.store.apps.get(registered.id))?.name, 'oidc_client');
      assert.equal(await t.store.apps.getByName(CONSOLE_APP_NAME).then((a) => a?.id), app.id);
      assert.equal(JSON.parse(await snapshot(t, app.id)).app.label, JSON.parse(before).app.label);
    });

    it('a SUPER_ADMIN may do each: relabel (keeping its name), revoke and grant, deactivate, activate, delete; the next start makes it again', async () => {
      const relabelled = await t.request('PUT', `/api/v1/apps/${app.id}`, {
        body: replacing(app, 'Our console', app.oauthClient['redirect_uris'] as string[]),
      });
      assert.equal(relabelled.statusCode, 200, relabelled.body);
      assert.deepEqual([relabelled.json<{ name: string }>().name, relabelled.json<{ label: string }>().label], [CONSOLE_APP_NAME, 'Our console']);
      const grant = (await t.store.apps.listGrants(app.id)).find((g) => g.id === grantId);
      assert.ok(grant !== undefined);
      assert.equal((await t.request('DELETE', `/api/v1/apps/${app.id}/grants/${grantId}`)).statusCode, 204);
      const regranted = await t.request('POST', `/api/v1/apps/${app.id}/grants`, { body: { issuer: ORG_URL, scopeId: grant.scopeId } });
      assert.equal(regranted.statusCode, 201, regranted.body);
      const role = await t.request('POST', `/oauth2/v1/clients/${app.id}/roles`, { body: { type: 'READ_ONLY_ADMIN' } });
      assert.equal(role.statusCode, 200, role.body);
      assert.equal((await t.request('POST', `/api/v1/apps/${app.id}/lifecycle/deactivate`)).statusCode, 200);
      assert.equal((await t.request('POST', `/api/v1/apps/${app.id}/lifecycle/activate`)).statusCode, 200);
      assert.equal((await t.request('POST', `/api/v1/apps/${app.id}/lifecycle/deactivate`)).statusCode, 200);
      assert.equal((await t.request('DELETE', `/api/v1/apps/${app.id}`)).statusCode, 204);
      assert.equal(await t.store.apps.getByName(CONSOLE_APP_NAME), undefined);
      const again = await ensureConsoleApp({ store: t.store, clock: t.clock, events: t.app.services.events, orgUrl: ORG_URL });
      assert.equal(again.created, true);
      assert.notEqual(again.app.id, app.id);
    });
  });
}
