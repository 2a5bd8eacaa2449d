import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { causesOf, createApp, ecJwk, rsaJwk, rsaKeyPair, serviceAppBody, webAppBody, type AppJson, type KeyJson, type OktaErrorJson } from './apps.fixtures.js';
import { eventsOfType } from './roles.fixtures.js';

for (const kind of await storeKinds()) {
  describe(`OIDC app keys (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    const jwks = (appId: string) => `/api/v1/apps/${appId}/credentials/jwks`;

    it('adds (201), lists, gets, deactivates, activates and deletes a key', async () => {
      const app = await createApp(t, serviceAppBody('Key ring', [rsaJwk('first', 0)]));
      const added = await t.request('POST', jwks(app.id), { body: { ...rsaJwk('second', 1) } });
      assert.equal(added.statusCode, 201, added.body);
      const key = added.json<KeyJson>();
      assert.match(key.id, /^pks[0-9A-Za-z]{17}$/);
      assert.deepEqual([key.kid, key.status, key.kty, key.alg, key.use, key.n], ['second', 'ACTIVE', 'RSA', 'RS256', 'sig', rsaJwk('second', 1)['n']]);
      assert.equal(key._links['deactivate']?.href, `${t.config.orgUrl}${jwks(app.id)}/${key.id}/lifecycle/deactivate`);

      const listed = await t.request('GET', jwks(app.id));
      assert.equal(listed.statusCode, 200);
      assert.deepEqual(
        listed
          .json<KeyJson[]>()
          .map((k) => k.kid)
          .sort(),
        ['first', 'second'],
      );
      assert.deepEqual((await t.request('GET', `${jwks(app.id)}/${key.id}`)).json(), key);
      // The app shows its keys too.
      const shown = (await t.request('GET', `/api/v1/apps/${app.id}`)).json<AppJson>().settings.oauthClient.jwks?.keys ?? [];
      assert.deepEqual(
        shown.map((k) => k.id).sort(),
        listed
          .json<KeyJson[]>()
          .map((k) => k.id)
          .sort(),
      );

      t.clock.advance(1000);
      const deactivated = await t.request('POST', `${jwks(app.id)}/${key.id}/lifecycle/deactivate`);
      assert.equal(deactivated.statusCode, 200, deactivated.body);
      assert.equal(deactivated.json<KeyJson>().status, 'INACTIVE');
      assert.notEqual(deactivated.json<KeyJson>().lastUpdated, key.lastUpdated);
      assert.ok(deactivated.json<KeyJson>()._links['activate']);
      const reactivated = await t.request('POST', `${jwks(app.id)}/${key.id}/lifecycle/activate`);
      assert.equal(reactivated.json<KeyJson>().status, 'ACTIVE');
      await t.request('POST', `${jwks(app.id)}/${key.id}/lifecycle/deactivate`);
      const deleted = await t.request('DELETE', `${jwks(app.id)}/${key.id}`);
      assert.equal(deleted.statusCode, 204);
      const gone = await t.request('GET', `${jwks(app.id)}/${key.id}`);
      assert.equal(gone.statusCode, 404);
      assert.equal(gone.json<OktaErrorJson>().errorCode, 'E0000007');
      for (const type of ['create', 'activate', 'deactivate', 'delete']) {
        const logged = await eventsOfType(t, `app.oauth2.credentials.lifecycle.${type}`);
        assert.ok(
          logged.some((e) => e.target.some((target) => target.id === key.id)),
          type,
        );
      }
    });

    it('adds a key inactive when asked, and never deletes an active one', async () => {
      const app = await createApp(t, serviceAppBody('Staged keys', [rsaJwk('a', 0)]));
      const staged = await t.request('POST', jwks(app.id), { body: { ...ecJwk('P-256', 'b'), status: 'INACTIVE' } });
      assert.equal(staged.statusCode, 201, staged.body);
      assert.deepEqual([staged.json<KeyJson>().status, staged.json<KeyJson>().crv], ['INACTIVE', 'P-256']);
      const active = (await t.request('GET', jwks(app.id))).json<KeyJson[]>().find((k) => k.kid === 'a');
      const refused = await t.request('DELETE', `${jwks(app.id)}/${active?.id ?? ''}`);
      assert.deepEqual(causesOf(refused), ["JsonWebKey: You can't delete an active JSON Web key. Deactivate the key before deleting it."]);
      assert.equal(refused.json<OktaErrorJson>().errorSummary, 'Api validation failed: JsonWebKey');
    });

    it('keeps the last active key of a private_key_jwt app, but not of a secret-based app', async () => {
      const app = await createApp(t, serviceAppBody('Last key', [rsaJwk('only', 0)]));
      const only = (await t.request('GET', jwks(app.id))).json<KeyJson[]>()[0];
      const refused = await t.request('POST', `${jwks(app.id)}/${only?.id ?? ''}/lifecycle/deactivate`);
      assert.deepEqual(causesOf(refused), [
        "JsonWebKey: Can't deactivate the only active JSON Web Key when the value for `token_endpoint_auth_method` is `private_key_jwt`.",
      ]);
      assert.equal((await t.request('GET', `${jwks(app.id)}/${only?.id ?? ''}`)).json<KeyJson>().status, 'ACTIVE');
      // With a second active key, the first may go.
      const second = (await t.request('POST', jwks(app.id), { body: rsaJwk('second', 1) })).json<KeyJson>();
      assert.equal((await t.request('POST', `${jwks(app.id)}/${only?.id ?? ''}/lifecycle/deactivate`)).statusCode, 200);
      assert.equal((await t.request('POST', `${jwks(app.id)}/${second.id}/lifecycle/deactivate`)).statusCode, 400);

      const web = await createApp(t, webAppBody('Secret app with a key'));
      const key = (await t.request('POST', jwks(web.id), { body: rsaJwk('sig', 0) })).json<KeyJson>();
      assert.equal((await t.request('POST', `${jwks(web.id)}/${key.id}/lifecycle/deactivate`)).statusCode, 200);
    });

    it('refuses bad keys with causes, and kid clashes with Okta’s texts', async () => {
      const app = await createApp(t, serviceAppBody('Picky', [rsaJwk(null, 0)]));
      const clash = await t.request('POST', jwks(app.id), { body: rsaJwk('k2', 1) });
      assert.deepEqual(causesOf(clash), [
        'JsonWebKey: Each key should have a unique kid when adding multiple keys. Use the Apps API to update the JWKS to add a kid for the existing key, or delete the existing key and re-add the key with a kid using the JWKS APIs.',
      ]);
      const named = await createApp(t, serviceAppBody('Named', [rsaJwk('k1', 0)]));
      assert.deepEqual(causesOf(await t.request('POST', jwks(named.id), { body: rsaJwk('k1', 1) })), [
        "JsonWebKey: All keys in the 'jwks' must have a unique `kid`.",
      ]);
      assert.deepEqual(causesOf(await t.request('POST', jwks(named.id), { body: rsaJwk('k9', 0) })), [
        'JsonWebKey: This public key is already registered on the app',
      ]);
      const { privateJwk } = rsaKeyPair();
      assert.match(
        causesOf(await t.request('POST', jwks(named.id), { body: { ...privateJwk, kid: 'leak' } }))[0] ?? '',
        /^JsonWebKey: contains private key members \(d, p, q, dp, dq, qi\)/,
      );
      assert.match(
        causesOf(await t.request('POST', jwks(named.id), { body: { ...rsaKeyPair(1024).publicJwk, kid: 'weak' } }))[0] ?? '',
        /^JsonWebKey: RSA key length in the 'jwks' is less than '2,048' bits/,
      );
      assert.equal((await t.request('GET', jwks(named.id))).json<KeyJson[]>().length, 1, 'refused keys are not stored');
    });

    it('answers 404 for an unknown app or key', async () => {
      assert.equal((await t.request('GET', jwks('0oa00000000000000000'))).statusCode, 404);
      const app = await createApp(t, serviceAppBody('Lonely'));
      for (const keyId of ['pks00000000000000000', 'invalid_key_id']) {
        assert.equal((await t.request('GET', `${jwks(app.id)}/${keyId}`)).statusCode, 404);
        assert.equal((await t.request('POST', `${jwks(app.id)}/${keyId}/lifecycle/activate`)).statusCode, 404);
      }
      // A key of one app is not reachable through another.
      const other = await createApp(t, serviceAppBody('Other'));
      const key = (await t.request('GET', jwks(app.id))).json<KeyJson[]>()[0];
      assert.equal((await t.request('GET', `${jwks(other.id)}/${key?.id ?? ''}`)).statusCode, 404);
    });

    it('lets only an administrator holding what an app can do give it new credentials', async () => {
      const appAdmin = await userWithRoles(t, 'app.admin@example.com', ['APP_ADMIN']);
      const plain = await createApp(t, serviceAppBody('Plain', [rsaJwk('p1', 0)]));
      const own = await t.request('POST', jwks(plain.id), { token: appAdmin.token, body: rsaJwk('p2', 1) });
      assert.equal(own.statusCode, 201, own.body);

      const powerful = await createApp(t, serviceAppBody('Powerful', [rsaJwk('w1', 0)]));
      assert.equal(
        (await t.request('POST', `/api/v1/apps/${powerful.id}/grants`, { body: { issuer: t.config.orgUrl, scopeId: 'okta.users.manage' } })).statusCode,
        201,
      );
      assert.equal((await t.request('POST', `/oauth2/v1/clients/${powerful.id}/roles`, { body: { type: 'SUPER_ADMIN' } })).statusCode, 200);
      const refused = await t.request('POST', jwks(powerful.id), { token: appAdmin.token, body: rsaJwk('w2', 1) });
      assert.equal(refused.statusCode, 403);
      const error = refused.json<OktaErrorJson>();
      assert.equal(error.errorCode, 'E0000006');
      assert.match(
        error.errorCauses[0]?.errorSummary ?? '',
        /^The app Powerful holds SUPER_ADMIN: only a super administrator may change this app's keys or client secrets$/,
      );
      // Nor through a PUT that brings a new key.
      const body = structuredClone(powerful);
      body.settings.oauthClient.jwks = { keys: [...(body.settings.oauthClient.jwks?.keys ?? []), rsaJwk('w3', 1) as unknown as KeyJson] };
      assert.equal((await t.request('PUT', `/api/v1/apps/${powerful.id}`, { token: appAdmin.token, body })).statusCode, 403);
      assert.equal((await t.request('GET', jwks(powerful.id))).json<KeyJson[]>().length, 1);
      // The super administrator may.
      assert.equal((await t.request('POST', jwks(powerful.id), { body: rsaJwk('w2', 1) })).statusCode, 201);
    });

    it('replaces the key set with PUT: kept keys keep their id and status, new ones are added, missing ones removed', async () => {
      const app = await createApp(t, serviceAppBody('Rotating', [rsaJwk('old', 0), rsaJwk('keep', 1)]));
      const keys = app.settings.oauthClient.jwks?.keys ?? [];
      const keep = keys.find((k) => k.kid === 'keep');
      await t.request('POST', `${jwks(app.id)}/${keep?.id ?? ''}/lifecycle/deactivate`);
      const body = structuredClone(app);
      body.settings.oauthClient.jwks = { keys: [keep as KeyJson, ecJwk('P-384', 'new') as unknown as KeyJson] };
      const res = await t.request('PUT', `/api/v1/apps/${app.id}`, { body });
      assert.equal(res.statusCode, 200, res.body);
      const after = res.json<AppJson>().settings.oauthClient.jwks?.keys ?? [];
      assert.deepEqual(after.map((k) => [k.kid, k.status]).sort(), [
        ['keep', 'INACTIVE'],
        ['new', 'ACTIVE'],
      ]);
      assert.equal(after.find((k) => k.kid === 'keep')?.id, keep?.id);
      // Leaving no active key on a private_key_jwt app is refused.
      body.settings.oauthClient.jwks = { keys: [keep as KeyJson] };
      assert.deepEqual(causesOf(await t.request('PUT', `/api/v1/apps/${app.id}`, { body })), [
        "settings.oauthClient.jwks: 'private_key_jwt' needs at least one active public key in 'jwks.keys'",
      ]);
    });
  });
}
