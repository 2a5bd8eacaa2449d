import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { causesOf, createApp, serviceAppBody, type OktaErrorJson } from './apps.fixtures.js';
import { eventsOfType } from './roles.fixtures.js';

interface GrantJson {
  id: string;
  status: string;
  created: string;
  createdBy: { id: string; type: string };
  lastUpdated: string;
  issuer: string;
  clientId: string;
  scopeId: string;
  source: string;
  _embedded: { scope: { id: string } };
  _links: Record<string, { href: string }>;
}

for (const kind of await storeKinds()) {
  describe(`app scope grants (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    const grants = (appId: string) => `/api/v1/apps/${appId}/grants`;

    it('grants an okta.* scope (201) in Okta’s OAuth2ScopeConsentGrant shape, lists, gets and revokes it', async () => {
      const app = await createApp(t, serviceAppBody('Scoped'));
      // The SDK sends the org URL without a trailing slash; one more slash is the same issuer.
      const res = await t.request('POST', grants(app.id), { body: { issuer: `${t.config.orgUrl}/`, scopeId: 'okta.users.read' } });
      assert.equal(res.statusCode, 201, res.body);
      const grant = res.json<GrantJson>();
      assert.match(grant.id, /^oag[0-9A-Za-z]{17}$/);
      const now = isoAt(t.clock.now());
      assert.deepEqual(
        { ...grant, id: '' },
        {
          id: '',
          status: 'ACTIVE',
          created: now,
          createdBy: { id: t.admin.user.id, type: 'User' },
          lastUpdated: now,
          issuer: t.config.orgUrl,
          clientId: app.id,
          scopeId: 'okta.users.read',
          source: 'ADMIN',
          _embedded: { scope: { id: 'okta.users.read' } },
          _links: {
            app: { href: `${t.config.orgUrl}/api/v1/apps/${app.id}` },
            self: { href: `${t.config.orgUrl}/api/v1/apps/${app.id}/grants/${grant.id}`, hints: { allow: ['GET', 'DELETE'] } },
            client: { href: `${t.config.orgUrl}/oauth2/v1/clients/${app.id}` },
          },
        },
      );
      assert.deepEqual((await t.request('GET', grants(app.id))).json(), [grant]);
      assert.deepEqual((await t.request('GET', `${grants(app.id)}/${grant.id}?expand=scope`)).json(), grant);
      const logged = await eventsOfType(t, 'app.oauth2.admin.consent.grant');
      assert.ok(logged.some((e) => e.target.some((target) => target.id === app.id) && e.target.some((target) => target.id === 'okta.users.read')));

      assert.equal((await t.request('DELETE', `${grants(app.id)}/${grant.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `${grants(app.id)}/${grant.id}`)).statusCode, 404);
      assert.deepEqual((await t.request('GET', grants(app.id))).json(), []);
      assert.ok((await eventsOfType(t, 'app.oauth2.admin.consent.revoke')).some((e) => e.target.some((target) => target.id === app.id)));
    });

    it('refuses a foreign issuer, an unknown or missing scope, and a scope granted twice', async () => {
      const app = await createApp(t, serviceAppBody('Strict grants'));
      assert.deepEqual(causesOf(await t.request('POST', grants(app.id), { body: { issuer: 'https://evil.example.com', scopeId: 'okta.users.read' } })), [
        `issuer: must be the org authorization server, ${t.config.orgUrl}: only it issues tokens with Okta API scopes`,
      ]);
      const unknown = causesOf(await t.request('POST', grants(app.id), { body: { issuer: t.config.orgUrl, scopeId: 'okta.everything.manage' } }));
      assert.match(unknown[0] ?? '', /^scopeId: 'okta\.everything\.manage' is not an Okta API scope Tessera knows; use one of okta\.users\.read, /);
      assert.deepEqual(causesOf(await t.request('POST', grants(app.id), { body: {} })), [
        `issuer: The field cannot be left blank (the org URL, ${t.config.orgUrl})`,
        'scopeId: The field cannot be left blank (an okta.* scope)',
      ]);
      assert.equal((await t.request('POST', grants(app.id), { body: { issuer: t.config.orgUrl, scopeId: 'okta.groups.read' } })).statusCode, 201);
      assert.deepEqual(causesOf(await t.request('POST', grants(app.id), { body: { issuer: t.config.orgUrl, scopeId: 'okta.groups.read' } })), [
        'scopeId: okta.groups.read is already granted to Strict grants',
      ]);
      assert.equal((await t.request('GET', grants(app.id))).json<GrantJson[]>().length, 1);
    });

    it('lets only a SUPER_ADMIN grant or revoke (403 E0000006), while read-only admins may list', async () => {
      const app = await createApp(t, serviceAppBody('Guarded grants'));
      const granted = (await t.request('POST', grants(app.id), { body: { issuer: t.config.orgUrl, scopeId: 'okta.logs.read' } })).json<GrantJson>();
      for (const role of ['ORG_ADMIN', 'APP_ADMIN']) {
        const admin = await userWithRoles(t, `${role.toLowerCase()}@grants.example.com`, [role]);
        const post = await t.request('POST', grants(app.id), { token: admin.token, body: { issuer: t.config.orgUrl, scopeId: 'okta.users.read' } });
        assert.equal(post.statusCode, 403, `${role}: ${post.body}`);
        assert.equal(post.json<OktaErrorJson>().errorCode, 'E0000006');
        const del = await t.request('DELETE', `${grants(app.id)}/${granted.id}`, { token: admin.token });
        assert.equal(del.statusCode, 403);
        const list = await t.request('GET', grants(app.id), { token: admin.token });
        assert.equal(list.statusCode, 200, `${role} holds okta.appGrants.read`);
      }
      assert.deepEqual(
        (await t.request('GET', grants(app.id))).json<GrantJson[]>().map((g) => g.scopeId),
        ['okta.logs.read'],
      );
    });

    it('answers 404 for an unknown app or grant, and for a grant of another app', async () => {
      assert.equal((await t.request('GET', grants('0oa00000000000000000'))).statusCode, 404);
      assert.equal(
        (await t.request('POST', grants('0oa00000000000000000'), { body: { issuer: t.config.orgUrl, scopeId: 'okta.users.read' } })).statusCode,
        404,
      );
      const one = await createApp(t, serviceAppBody('One'));
      const two = await createApp(t, serviceAppBody('Two'));
      const grant = (await t.request('POST', grants(one.id), { body: { issuer: t.config.orgUrl, scopeId: 'okta.users.read' } })).json<GrantJson>();
      assert.equal((await t.request('GET', `${grants(two.id)}/${grant.id}`)).statusCode, 404);
      assert.equal((await t.request('DELETE', `${grants(two.id)}/${grant.id}`)).statusCode, 404);
      assert.equal((await t.request('GET', `${grants(one.id)}/oag00000000000000000`)).statusCode, 404);
    });
  });
}
