/**
 * The token endpoint keeps imported client keys between requests and commits the requests that
 * finish together in one transaction. Neither may change an answer: a key deactivated, deleted or
 * replaced, or an app deactivated, is refused on the very next request on every node; an
 * assertion sent many times at once yields one token; every token has its System Log event.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { buildApp, type App } from '../../src/app.js';
import { storeKinds } from '../helpers/databases.js';
import { clientAssertion, createServiceApp, type ServiceApp } from '../helpers/oauth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { addClientKey, assertOAuthError, customAssertion, OAUTH_TEST_CONFIG, postForm, tokenForm } from './oauth-fixtures.js';

const KID_INVALID = 'The client_assertion JWT kid is invalid.';
const GENERIC = 'Client authentication failed. Either the client or the client credentials are invalid.';
const REPLAYED = 'The client_assertion token has already been used.';

interface LogEventJson {
  readonly outcome: { readonly result: string; readonly reason: string | null };
  readonly target: ReadonlyArray<{ readonly id: string }>;
}

for (const kind of await storeKinds()) {
  describe(`token endpoint: cached client keys and grouped commits never outlive the live state (${kind})`, () => {
    let t: TestApp;
    let node2: App;
    before(async () => {
      t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
      node2 = await buildApp({ config: t.config, store: t.store, clock: t.clock });
    });
    after(async () => {
      await node2.fastify.close();
      await t.close();
    });

    const onNode1 = (assertion: string) => postForm(t, '/oauth2/v1/token', tokenForm(assertion));
    const onNode2 = (assertion: string) => postForm({ app: node2 }, '/oauth2/v1/token', tokenForm(assertion));
    const jwks = (client: ServiceApp) => `/api/v1/apps/${client.clientId}/credentials/jwks`;
    async function keyIdOf(client: ServiceApp, kid: string): Promise<string> {
      const keys = (await t.request('GET', jwks(client))).json<Array<{ id: string; kid: string }>>();
      const key = keys.find((k) => k.kid === kid);
      assert.ok(key !== undefined, `no key ${kid}`);
      return key.id;
    }
    async function grantEvents(): Promise<LogEventJson[]> {
      const res = await t.request('GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "app.oauth2.token.grant.access_token"')}&limit=1000`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<LogEventJson[]>();
    }

    it('refuses a key deactivated right after a token was issued with it, on the next request on both nodes', async () => {
      const client = await createServiceApp(t, { scopes: ['okta.users.read'] });
      const spare = await addClientKey(t, client);
      // Both nodes have verified (and imported) the key.
      assert.equal((await onNode1(await clientAssertion(t, client))).statusCode, 200);
      assert.equal((await onNode2(await clientAssertion(t, client))).statusCode, 200);

      const deactivated = await t.request('POST', `${jwks(client)}/${await keyIdOf(client, client.kid)}/lifecycle/deactivate`);
      assert.equal(deactivated.statusCode, 200, deactivated.body);
      assertOAuthError(await onNode1(await clientAssertion(t, client)), 401, 'invalid_client', KID_INVALID);
      assertOAuthError(await onNode2(await clientAssertion(t, client)), 401, 'invalid_client', KID_INVALID);
      // Without a kid every active key is tried: the deactivated one still does not verify.
      assertOAuthError(await onNode2(await clientAssertion(t, client, { kid: null })), 401, 'invalid_client', 'The client_assertion signature is invalid.');
      assert.equal((await onNode2(await customAssertion(t, client, { header: { kid: spare.kid }, key: spare.privateKey }))).statusCode, 200);

      const reactivated = await t.request('POST', `${jwks(client)}/${await keyIdOf(client, client.kid)}/lifecycle/activate`);
      assert.equal(reactivated.statusCode, 200, reactivated.body);
      assert.equal((await onNode2(await clientAssertion(t, client))).statusCode, 200);
    });

    it('refuses a deleted key whose kid now names another key, on both nodes', async () => {
      const client = await createServiceApp(t, { scopes: ['okta.users.read'] });
      await addClientKey(t, client);
      assert.equal((await onNode1(await clientAssertion(t, client))).statusCode, 200);
      assert.equal((await onNode2(await clientAssertion(t, client))).statusCode, 200);

      const keyId = await keyIdOf(client, client.kid);
      assert.equal((await t.request('POST', `${jwks(client)}/${keyId}/lifecycle/deactivate`)).statusCode, 200);
      assert.equal((await t.request('DELETE', `${jwks(client)}/${keyId}`)).statusCode, 204);
      assertOAuthError(await onNode2(await clientAssertion(t, client)), 401, 'invalid_client', KID_INVALID);

      const replacement = await addClientKey(t, client, { kid: client.kid });
      assertOAuthError(await onNode1(await clientAssertion(t, client)), 401, 'invalid_client', 'The client_assertion signature is invalid.');
      assertOAuthError(await onNode2(await clientAssertion(t, client)), 401, 'invalid_client', 'The client_assertion signature is invalid.');
      const withReplacement = await customAssertion(t, client, { header: { kid: client.kid }, key: replacement.privateKey });
      assert.equal((await onNode2(withReplacement)).statusCode, 200);
    });

    it('refuses an app deactivated right after a token was issued to it, on the next request on both nodes', async () => {
      const client = await createServiceApp(t, { scopes: ['okta.users.read'] });
      assert.equal((await onNode1(await clientAssertion(t, client))).statusCode, 200);
      assert.equal((await onNode2(await clientAssertion(t, client))).statusCode, 200);

      const deactivated = await t.request('POST', `/api/v1/apps/${client.clientId}/lifecycle/deactivate`);
      assert.equal(deactivated.statusCode, 200, deactivated.body);
      assertOAuthError(await onNode1(await clientAssertion(t, client)), 401, 'invalid_client', GENERIC);
      assertOAuthError(await onNode2(await clientAssertion(t, client)), 401, 'invalid_client', GENERIC);
    });

    it('issues one token for an assertion sent many times at once, across both nodes', async () => {
      const client = await createServiceApp(t, { scopes: ['okta.users.read'] });
      const assertion = await clientAssertion(t, client);
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? onNode1(assertion) : onNode2(assertion))));
      const issued = answers.filter((res) => res.statusCode === 200);
      assert.equal(issued.length, 1, answers.map((res) => `${res.statusCode} ${res.body}`).join('\n'));
      for (const res of answers) if (res.statusCode !== 200) assertOAuthError(res, 401, 'invalid_client', REPLAYED);

      const jti = String(decodeJwt(issued[0]?.json<{ access_token: string }>().access_token ?? '').jti);
      const events = await grantEvents();
      assert.equal(events.filter((e) => e.outcome.result === 'SUCCESS' && e.target.some((target) => target.id === jti)).length, 1);
    });

    it('gives every token of concurrent requests its own System Log event', async () => {
      const client = await createServiceApp(t, { scopes: ['okta.users.read'] });
      const answers = await Promise.all(Array.from({ length: 12 }, async (_, i) => (i % 3 === 0 ? onNode2 : onNode1)(await clientAssertion(t, client))));
      const jtis = answers.map((res) => {
        assert.equal(res.statusCode, 200, res.body);
        return String(decodeJwt(res.json<{ access_token: string }>().access_token).jti);
      });
      assert.equal(new Set(jtis).size, 12);
      const logged = new Set((await grantEvents()).filter((e) => e.outcome.result === 'SUCCESS').flatMap((e) => e.target.map((target) => target.id)));
      for (const jti of jtis) assert.ok(logged.has(jti), `no System Log event for ${jti}`);
    });

    it('spends an assertion whose request is refused after it was verified', async () => {
      const client = await createServiceApp(t, { scopes: ['okta.users.read'] });
      const assertion = await clientAssertion(t, client);
      assertOAuthError(
        await postForm(t, '/oauth2/v1/token', tokenForm(assertion, 'okta.groups.manage')),
        400,
        'invalid_scope',
        'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.',
      );
      assertOAuthError(await onNode2(assertion), 401, 'invalid_client', REPLAYED);
      const reasons = (await grantEvents()).map((e) => e.outcome.reason);
      assert.ok(reasons.includes(`invalid_client: ${REPLAYED}`), JSON.stringify(reasons));
    });
  });
}
