/**
 * Compatibility: the published `@okta/jwt-verifier` 4.x validates access tokens of Tessera's org
 * authorization server against `/oauth2/v1/keys` (issue #3, "Tests"), including across a signing
 * key rotation.
 *
 * Options it needs for Tessera's http issuer in tests (okta-sdk-wire.md §11; README "API surface"):
 *   new OktaJwtVerifier({
 *     issuer: orgUrl,                              // exactly the tokens' `iss`: no trailing slash
 *     jwksUri: `${orgUrl}/oauth2/v1/keys`,          // else it fetches `${issuer}/v1/keys`, not the org AS path
 *     testing: { disableHttpsCheck: true },        // else an http issuer throws "Your Okta URL must start with https"
 *     assertClaims: { cid: clientId, 'scp.includes': ['okta.users.read'] }, // cid and scopes are not checked otherwise
 *   });
 *   await verifier.verifyAccessToken(token, orgUrl); // the expected audience is required: the org URL
 * In production the issuer is https and `testing` is left out.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { storeKinds } from '../helpers/databases.js';
import { clientAssertion, createServiceApp, form, type ServiceApp } from '../helpers/oauth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { decodeJws, LiveClock, recordingProxy, type RecordingProxy } from './sdk-harness.js';

/** A token from POST /oauth2/v1/token over HTTP, as a service app gets it. */
async function issueToken(t: TestApp, app: ServiceApp, scope: string): Promise<string> {
  const res = await fetch(`${t.baseUrl}/oauth2/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form({
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(t, app),
    }),
  });
  const body = (await res.json()) as { access_token?: string };
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.ok(typeof body.access_token === 'string');
  return body.access_token;
}

/** Re-signs `header.payload` with a key that is not Tessera's (RS256). */
function resign(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

for (const kind of await storeKinds()) {
  describe(`@okta/jwt-verifier on Tessera access tokens (${kind})`, () => {
    let t: TestApp;
    let jwks: RecordingProxy;
    let app: ServiceApp;
    const verifierFor = (assertClaims: Record<string, unknown>): OktaJwtVerifier =>
      new OktaJwtVerifier({ issuer: t.baseUrl, jwksUri: `${jwks.url}/oauth2/v1/keys`, testing: { disableHttpsCheck: true }, assertClaims });
    const jwksFetches = (): number => jwks.exchanges.filter((e) => e.url === '/oauth2/v1/keys' && e.status === 200).length;

    before(async () => {
      t = await startTestApp(kind, { listen: true, clock: new LiveClock() });
      // The JWKS is fetched through a recording relay, to see when the verifier goes back for keys.
      jwks = await recordingProxy(t.baseUrl);
      app = await createServiceApp(t, { scopes: ['okta.users.read', 'okta.groups.read'], roles: ['READ_ONLY_ADMIN'] });
    });
    after(async () => {
      await jwks.close();
      await t.close();
    });

    it("verifies a token with Okta's claims, checking cid and scp, and caches the key", async () => {
      const token = await issueToken(t, app, 'okta.users.read okta.groups.read');
      const verifier = verifierFor({ cid: app.clientId, 'scp.includes': ['okta.users.read', 'okta.groups.read'] });
      const before = jwksFetches();
      const jwt = await verifier.verifyAccessToken(token, t.baseUrl);
      assert.equal(jwt.header.alg, 'RS256');
      assert.equal(typeof jwt.header.kid, 'string');
      assert.equal(jwt.claims.iss, t.baseUrl);
      assert.equal(jwt.claims.aud, t.baseUrl);
      assert.equal(jwt.claims.sub, app.clientId);
      assert.equal(jwt.claims['cid'], app.clientId);
      assert.equal(jwt.claims['ver'], 1);
      assert.deepEqual(jwt.claims.scp, ['okta.users.read', 'okta.groups.read']);
      assert.match(String(jwt.claims.jti), /^AT\./);
      assert.equal(jwt.claims.exp - Number(jwt.claims.iat), 3600);
      assert.equal(jwksFetches(), before + 1);
      await verifier.verifyAccessToken(await issueToken(t, app, 'okta.users.read okta.groups.read'), [t.baseUrl, 'https://elsewhere.example']);
      assert.equal(jwksFetches(), before + 1, 'the key is cached');
    });

    it('refuses a token whose cid, scopes or audience are not the expected ones', async () => {
      const token = await issueToken(t, app, 'okta.users.read');
      await assert.rejects(
        verifierFor({ cid: '0oaSomeOtherApp' }).verifyAccessToken(token, t.baseUrl),
        /claim 'cid' value '\w+' does not match expected value '0oaSomeOtherApp'/,
      );
      await assert.rejects(
        verifierFor({ 'scp.includes': ['okta.users.manage'] }).verifyAccessToken(token, t.baseUrl),
        /claim 'scp' value 'okta\.users\.read' does not include expected value 'okta\.users\.manage'/,
      );
      await assert.rejects(verifierFor({}).verifyAccessToken(token, 'api://default'), /audience claim .* does not match expected audience: api:\/\/default/);
    });

    it('refuses a tampered token, a token signed by another key, and an expired token', async () => {
      const token = await issueToken(t, app, 'okta.users.read');
      const { header, payload } = decodeJws(token);
      const [encodedHeader, , signature] = token.split('.');
      const verifier = verifierFor({});
      // More scopes, the original signature.
      const widened = Buffer.from(JSON.stringify({ ...payload, scp: ['okta.users.manage'] })).toString('base64url');
      await assert.rejects(verifier.verifyAccessToken(`${encodedHeader}.${widened}.${signature}`, t.baseUrl), /Signature verification failed/);
      // Another key, under Tessera's kid and under a kid of its own.
      await assert.rejects(verifier.verifyAccessToken(resign(header, payload), t.baseUrl), /Signature verification failed/);
      await assert.rejects(
        verifier.verifyAccessToken(resign({ ...header, kid: 'not-a-tessera-key' }, payload), t.baseUrl),
        /Error while resolving signing key for kid "not-a-tessera-key"/,
      );
      // Minted two hours ago: expired an hour ago (the verifier reads the machine's clock).
      t.clock.advance(-2 * 3600_000);
      let old: string;
      try {
        old = await issueToken(t, app, 'okta.users.read');
      } finally {
        t.clock.advance(2 * 3600_000);
      }
      await assert.rejects(verifier.verifyAccessToken(old, t.baseUrl), /Jwt is expired/);
    });

    it('after `keys rotate`, tokens of both keys verify: the new kid is fetched, the old key stays published', async () => {
      const verifier = verifierFor({ cid: app.clientId });
      const older = await issueToken(t, app, 'okta.users.read');
      await verifier.verifyAccessToken(older, t.baseUrl);
      const fetched = jwksFetches();

      const newKid = await t.app.services.keys.rotate();
      const newer = await issueToken(t, app, 'okta.users.read');
      assert.equal(decodeJws(newer).header['kid'], newKid);
      assert.notEqual(decodeJws(older).header['kid'], newKid);

      await verifier.verifyAccessToken(newer, t.baseUrl);
      assert.equal(jwksFetches(), fetched + 1, 'an unknown kid sends the verifier back to the JWKS');
      await verifier.verifyAccessToken(older, t.baseUrl);
      // A verifier that never saw the old key finds both in the JWKS.
      const fresh = verifierFor({ cid: app.clientId });
      await fresh.verifyAccessToken(older, t.baseUrl);
      await fresh.verifyAccessToken(newer, t.baseUrl);
    });
  });
}
