/**
 * The sign-in surface through the published Okta SDK (8.x) in SSWS mode: what its tests do
 * (`utils.authenticateUser` posts /api/v1/authn through `client.http.postJson` with the API
 * token), then its Session and password APIs, deserialized by the SDK's own models.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { expectOktaError, sdkClient, type SdkClient } from '../compat/sdk-harness.js';
import { PASSWORD, createUser, signInConfig } from './sign-in.fixtures.js';

for (const kind of await storeKinds()) {
  describe(`sign-in through the Okta SDK (${kind})`, () => {
    let t: TestApp;
    let sdk: SdkClient;
    let userId: string;
    before(async () => {
      t = await startTestApp(kind, { listen: true, config: signInConfig() });
      sdk = sdkClient(t.baseUrl, t.admin.token);
      userId = await createUser(t, 'sdk@example.com');
    });
    after(() => t.close());

    async function sessionToken(password = PASSWORD): Promise<string> {
      // The SDK's typings say RequestOptions/Response, but postJson takes a fetch init and resolves
      // to the parsed body (src/http.js `postJson` → `json`): the casts follow the code, not the typings.
      const request = { body: JSON.stringify({ username: 'sdk@example.com', password }) } as unknown as Parameters<typeof sdk.client.http.postJson>[1];
      const body = (await sdk.client.http.postJson(`${t.baseUrl}/api/v1/authn`, request)) as unknown as { status: string; sessionToken: string };
      assert.equal(body.status, 'SUCCESS');
      return body.sessionToken;
    }

    it('authn, then createSession, getSession, refreshSession and revokeSession', async () => {
      const created = await sdk.client.sessionApi.createSession({ createSessionRequest: { sessionToken: await sessionToken() } });
      assert.equal(created.userId, userId);
      assert.equal(created.login, 'sdk@example.com');
      assert.equal(created.status, 'ACTIVE');
      assert.deepEqual(created.amr, ['pwd']);
      assert.ok(created.expiresAt instanceof Date);
      const id = created.id ?? '';
      const got = await sdk.client.sessionApi.getSession({ sessionId: id });
      assert.equal(got.id, id);
      t.clock.advance(60_000);
      const refreshed = await sdk.client.sessionApi.refreshSession({ sessionId: id });
      assert.ok((refreshed.expiresAt?.getTime() ?? 0) > (created.expiresAt?.getTime() ?? 0));
      await sdk.client.sessionApi.revokeSession({ sessionId: id });
      await expectOktaError(sdk.client.sessionApi.getSession({ sessionId: id }), 404, 'E0000007');
    });

    it("revokeUserSessions clears the user's sessions", async () => {
      const created = await sdk.client.sessionApi.createSession({ createSessionRequest: { sessionToken: await sessionToken() } });
      await sdk.client.userApi.revokeUserSessions({ userId, oauthTokens: true });
      await expectOktaError(sdk.client.sessionApi.getSession({ sessionId: created.id ?? '' }), 404, 'E0000007');
    });

    it('changePassword and expirePassword', async () => {
      const credentials = await sdk.client.userApi.changePassword({
        userId,
        changePasswordRequest: { oldPassword: { value: PASSWORD }, newPassword: { value: 'Sdk-N3w-Password' } },
      });
      assert.equal(credentials.provider?.type, 'OKTA');
      await expectOktaError(
        sdk.client.userApi.changePassword({
          userId,
          changePasswordRequest: { oldPassword: { value: PASSWORD }, newPassword: { value: 'Sdk-0ther-Password' } },
        }),
        403,
        'E0000014',
      );
      assert.ok(await sessionToken('Sdk-N3w-Password'));
      const expired = await sdk.client.userApi.expirePassword({ userId });
      assert.equal(expired.status, 'PASSWORD_EXPIRED');
    });
  });
}
