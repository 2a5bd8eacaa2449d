/**
 * What the token endpoint writes for the single-use values of a request (a client assertion's
 * `jti`, RFC 7523 §3; a DPoP proof's `jti`, RFC 9449 §11.1) and for its System Log event: a
 * grant that consumes something (a code redeemed, a refresh token rotated) runs only once its
 * proof is spent, so a replay, on any node, is refused before it consumes again and is logged
 * once; the nonce handshake spends its proof and logs nothing; a replayed assertion is refused
 * and logged once, on the node that saw it and on another.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/app.js';
import type { LogEventRecord } from '../../src/store/records.js';
import { storeKinds } from '../helpers/databases.js';
import { clientAssertion, createServiceApp, type ServiceApp } from '../helpers/oauth.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { assertOAuthError, dpopKey, dpopProof, OAUTH_TEST_CONFIG, postForm, tokenForm } from './oauth-fixtures.js';
import { REDIRECT_URI, authorizeCode, createWebApp, tokenRequest, type TokenBody, type WebApp } from './user-context-fixtures.js';

const PROOF_REPLAYED = 'The DPoP proof JWT has already been used.';
const ASSERTION_REPLAYED = 'The client_assertion token has already been used.';
const NONCE_REQUIRED = 'Authorization server requires nonce in DPoP proof.';

/** The token endpoint's events (`app.oauth2.token.grant.access_token`) written so far. */
async function grantEvents(t: TestApp): Promise<LogEventRecord[]> {
  const stored = await t.store.logs.query({ since: '2000-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 1000 });
  return stored.map((entry) => entry.event).filter((event) => event.eventType === 'app.oauth2.token.grant.access_token');
}

for (const kind of await storeKinds()) {
  describe(`token endpoint: single-use values and their events (${kind})`, () => {
    let t: TestApp;
    let node2: App;
    const login = 'sue@example.com';
    before(async () => {
      t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
      node2 = await buildApp({ config: t.config, store: t.store, clock: t.clock });
      await userWithRoles(t, login, ['READ_ONLY_ADMIN']);
    });
    after(async () => {
      await node2.fastify.close();
      await t.close();
    });

    /** Sends the request and returns its answer with the events it added. */
    async function withEvents<R>(send: () => Promise<R>): Promise<{ res: R; events: LogEventRecord[] }> {
      const before = (await grantEvents(t)).length;
      const res = await send();
      return { res, events: (await grantEvents(t)).slice(before) };
    }

    function assertRefusal(events: readonly LogEventRecord[], clientId: string, reason: string): void {
      assert.equal(events.length, 1, JSON.stringify(events.map((e) => e.outcome)));
      assert.equal(events[0]?.outcome.result, 'FAILURE');
      assert.equal(events[0]?.outcome.reason, reason);
      assert.equal(events[0]?.actor.id, clientId);
    }

    it('a consuming grant replayed with its DPoP proof is refused and logged once per node, and consumes nothing again', async () => {
      const client: WebApp = await createWebApp(t, { scopes: ['okta.users.read'], dpop: true });
      const key = await dpopKey();
      const code = await authorizeCode(t, client, login, 'openid offline_access okta.users.read');
      const values = { grant_type: 'authorization_code', code: code.code, redirect_uri: REDIRECT_URI, code_verifier: code.pkce.verifier };

      const handshake = await withEvents(() => tokenRequest(t, client, values, { dpop: '' }));
      assertOAuthError(handshake.res, 400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
      assertRefusal(handshake.events, client.clientId, 'invalid_dpop_proof: The DPoP proof JWT header is missing.');
      const nonceless = await withEvents(async () => tokenRequest(t, client, values, { dpop: await dpopProof(t, key) }));
      assertOAuthError(nonceless.res, 400, 'use_dpop_nonce', NONCE_REQUIRED);
      assert.deepEqual(nonceless.events, []);

      const proof = await dpopProof(t, key, { nonce: String(nonceless.res.headers['dpop-nonce']) });
      const redeemed = await withEvents(() => tokenRequest(t, client, values, { dpop: proof }));
      assert.equal(redeemed.res.statusCode, 200, redeemed.res.body);
      assert.deepEqual(
        redeemed.events.map((e) => e.outcome.result),
        ['SUCCESS'],
      );
      for (const node of [t, { app: node2 }]) {
        const replayed = await withEvents(() => tokenRequest(node, client, values, { dpop: proof }));
        assertOAuthError(replayed.res, 400, 'invalid_dpop_proof', PROOF_REPLAYED);
        assertRefusal(replayed.events, client.clientId, `invalid_dpop_proof: ${PROOF_REPLAYED}`);
      }

      // The refresh token it issued rotates once per proof: a replay of the rotation is refused too.
      const refreshToken = redeemed.res.json<TokenBody>().refresh_token ?? '';
      const rotation = { grant_type: 'refresh_token', refresh_token: refreshToken };
      const nonce = String((await tokenRequest(t, client, rotation, { dpop: await dpopProof(t, key) })).headers['dpop-nonce']);
      const rotationProof = await dpopProof(t, key, { nonce });
      const rotated = await withEvents(() => tokenRequest(t, client, rotation, { dpop: rotationProof }));
      assert.equal(rotated.res.statusCode, 200, rotated.res.body);
      assert.deepEqual(
        rotated.events.map((e) => e.outcome.result),
        ['SUCCESS'],
      );
      const again = await withEvents(() => tokenRequest({ app: node2 }, client, rotation, { dpop: rotationProof }));
      assertOAuthError(again.res, 400, 'invalid_dpop_proof', PROOF_REPLAYED);
      assertRefusal(again.events, client.clientId, `invalid_dpop_proof: ${PROOF_REPLAYED}`);
    });

    it('the nonce handshake spends its assertion and proof and logs nothing; each sent again is a replay, logged once', async () => {
      const service: ServiceApp = await createServiceApp(t, { scopes: ['okta.users.read'], dpop: true });
      const key = await dpopKey();
      const assertion = await clientAssertion(t, service);
      const nonceless = await dpopProof(t, key);

      const handshake = await withEvents(() => postForm(t, '/oauth2/v1/token', tokenForm(assertion), { headers: { dpop: nonceless } }));
      assertOAuthError(handshake.res, 400, 'use_dpop_nonce', NONCE_REQUIRED);
      assert.deepEqual(handshake.events, []);

      const proofAgain = await withEvents(async () =>
        postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, service)), { headers: { dpop: nonceless } }),
      );
      assertOAuthError(proofAgain.res, 400, 'invalid_dpop_proof', PROOF_REPLAYED);
      assertRefusal(proofAgain.events, service.clientId, `invalid_dpop_proof: ${PROOF_REPLAYED}`);

      const nonce = String(handshake.res.headers['dpop-nonce']);
      for (const node of [t, { app: node2 }]) {
        const assertionAgain = await withEvents(async () =>
          postForm(node, '/oauth2/v1/token', tokenForm(assertion), { headers: { dpop: await dpopProof(t, key, { nonce }) } }),
        );
        assertOAuthError(assertionAgain.res, 401, 'invalid_client', ASSERTION_REPLAYED);
        assertRefusal(assertionAgain.events, service.clientId, `invalid_client: ${ASSERTION_REPLAYED}`);
      }
      const issued = await withEvents(async () =>
        postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, service)), { headers: { dpop: await dpopProof(t, key, { nonce }) } }),
      );
      assert.equal(issued.res.statusCode, 200, issued.res.body);
      assert.deepEqual(
        issued.events.map((e) => e.outcome.result),
        ['SUCCESS'],
      );
    });
  });
}
