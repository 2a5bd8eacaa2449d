/**
 * Client assertions signed with each kind of key the token endpoint accepts (RSA and the three
 * ECDSA curves, RFC 7518 §3.3–3.4), and the keys and claims it refuses: a short RSA modulus, an
 * ECDSA signature in DER rather than the JWS form, `nbf` in the future, an `aud` array.
 */
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { randomBase62 } from '../../src/crypto/random-id.js';
import { isoAt } from '../../src/clock.js';
import type { JsonObject } from '../../src/store/records.js';
import { storeKinds } from '../helpers/databases.js';
import type { ServiceApp } from '../helpers/oauth.js';
import type { TestApp } from '../helpers/test-app.js';
import { assertionClaims, assertOAuthError, customAssertion, nowSeconds, postForm, signJwt, startWithServiceApp, tokenForm } from './oauth-fixtures.js';

const COULD_NOT_VERIFY = 'The client_assertion could not be verified with the keys registered for the client.';
const BAD_SIGNATURE = 'The client_assertion signature is invalid.';

for (const kind of await storeKinds()) {
  describe(`client assertion keys and claims (${kind})`, () => {
    let t: TestApp;
    let client: ServiceApp;

    before(async () => {
      ({ t, client } = await startWithServiceApp(kind));
    });
    after(() => t.close());

    const token = (assertion: string) => postForm(t, '/oauth2/v1/token', tokenForm(assertion));

    /** Registers the public half of `privateKey` for the client, as POST /credentials/jwks would. */
    const register = async (privateKey: KeyObject, alg: string): Promise<string> => {
      const kid = 'kid-' + randomBase62(8);
      const publicJwk: JsonObject = { ...(createPublicKey(privateKey).export({ format: 'jwk' }) as JsonObject), kid, use: 'sig', alg };
      const now = isoAt(t.clock.now());
      await t.store.apps.insertKey({
        id: 'pks' + randomBase62(17),
        appId: client.clientId,
        kid,
        status: 'ACTIVE',
        jwk: publicJwk,
        created: now,
        lastUpdated: now,
      });
      return kid;
    };

    for (const [alg, namedCurve] of [
      ['ES256', 'P-256'],
      ['ES384', 'P-384'],
      ['ES512', 'P-521'],
    ] as const) {
      it(`accepts ${alg}, and refuses it tampered or with a DER signature`, async () => {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve });
        const kid = await register(privateKey, alg);
        const good = await signJwt({ alg, kid }, assertionClaims(t, client), privateKey);
        assert.equal((await token(good)).statusCode, 200);

        const [header, payload] = good.split('.');
        const resigned = (signature: Buffer) => `${header}.${payload}.${signature.toString('base64url')}`;
        const input = Buffer.from(`${header}.${payload}`);
        const hash = `sha${alg.slice(2)}`;
        const der = await signJwt({ alg, kid }, assertionClaims(t, client), privateKey).then((jwt) => {
          const [h, p] = jwt.split('.');
          return `${h}.${p}.${sign(hash, Buffer.from(`${h}.${p}`), { key: privateKey, dsaEncoding: 'der' }).toString('base64url')}`;
        });
        assertOAuthError(await token(der), 401, 'invalid_client', BAD_SIGNATURE);
        const flipped = sign(hash, input, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        flipped[5] = (flipped[5] ?? 0) ^ 1;
        assertOAuthError(await token(resigned(flipped)), 401, 'invalid_client', BAD_SIGNATURE);
      });
    }

    it('refuses an RSA key shorter than 2048 bits', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const kid = await register(privateKey, 'RS256');
      // jose will not sign with such a key either: the assertion is put together by hand.
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const input = `${part({ alg: 'RS256', kid })}.${part(assertionClaims(t, client))}`;
      const assertion = `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
      assertOAuthError(await token(assertion), 401, 'invalid_client', COULD_NOT_VERIFY);
    });

    it('refuses nbf beyond the skew, accepts it within, and accepts an aud array naming the token URL', async () => {
      assertOAuthError(
        await token(await customAssertion(t, client, { claims: { nbf: nowSeconds(t) + 120 } })),
        401,
        'invalid_client',
        'The client_assertion token is not yet valid.',
      );
      assert.equal((await token(await customAssertion(t, client, { claims: { nbf: nowSeconds(t) + 20 } }))).statusCode, 200);
      const aud = ['https://elsewhere.example', `${t.config.orgUrl}/oauth2/v1/token`];
      assert.equal((await token(await customAssertion(t, client, { claims: { aud } }))).statusCode, 200);
      assertOAuthError(
        await token(await customAssertion(t, client, { claims: { aud: ['https://elsewhere.example'] } })),
        401,
        'invalid_client',
        'The audience claim for client_assertion must be the endpoint invoked for the request.',
      );
    });
  });
}
