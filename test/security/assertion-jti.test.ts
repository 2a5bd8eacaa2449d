/**
 * A client assertion without `jti` cannot be spent, so whoever captures one (a proxy log, a
 * leaked debug trace) could replay it until its `exp`. OpenID Connect Core §9 makes `jti`
 * REQUIRED for private_key_jwt; every endpoint that takes an assertion refuses one without it.
 * The attacker's requests go over HTTP, signed with the client's real key (the worst case: the
 * assertion is genuine, only its `jti` is missing).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { clientAssertion, type ServiceApp } from '../helpers/oauth.js';
import type { TestApp } from '../helpers/test-app.js';
import { assertOAuthError, customAssertion, JWT_BEARER, postForm, startWithServiceApp, tokenForm } from '../oauth/oauth-fixtures.js';

const JTI_REQUIRED = "The client_assertion must contain the 'jti' claim.";

for (const kind of await storeKinds()) {
  describe(`client assertions without jti (${kind})`, () => {
    let t: TestApp;
    let client: ServiceApp;
    before(async () => {
      ({ t, client } = await startWithServiceApp(kind));
    });
    after(() => t.close());

    it('a genuine assertion without jti buys no token, however often it is replayed', async () => {
      const captured = await customAssertion(t, client, { claims: { jti: undefined } });
      for (let attempt = 0; attempt < 3; attempt++) {
        assertOAuthError(await postForm(t, '/oauth2/v1/token', tokenForm(captured)), 401, 'invalid_client', JTI_REQUIRED);
      }
    });

    it('an empty, numeric, array or object jti counts as none', async () => {
      for (const jti of ['', 0, 7, ['a'], { id: 'a' }, null]) {
        const assertion = await customAssertion(t, client, { claims: { jti } });
        assertOAuthError(await postForm(t, '/oauth2/v1/token', tokenForm(assertion)), 401, 'invalid_client', JTI_REQUIRED);
      }
    });

    it('introspection and revocation refuse it too', async () => {
      for (const endpoint of ['introspect', 'revoke']) {
        const assertion = await customAssertion(t, client, { claims: { jti: undefined, aud: `${t.config.orgUrl}/oauth2/v1/${endpoint}` } });
        const res = await postForm(t, `/oauth2/v1/${endpoint}`, { token: 'anything', client_assertion_type: JWT_BEARER, client_assertion: assertion });
        assertOAuthError(res, 401, 'invalid_client', JTI_REQUIRED);
      }
    });

    it('an assertion with a jti still works, once', async () => {
      const assertion = await clientAssertion(t, client);
      assert.equal((await postForm(t, '/oauth2/v1/token', tokenForm(assertion))).statusCode, 200);
      assertOAuthError(await postForm(t, '/oauth2/v1/token', tokenForm(assertion)), 401, 'invalid_client', 'The client_assertion token has already been used.');
    });
  });
}
