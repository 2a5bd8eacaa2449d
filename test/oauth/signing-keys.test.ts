/**
 * The authorization server's signing keys: the JWKS at /oauth2/v1/keys (public members only),
 * rotation (old tokens keep validating until they expire, new ones carry the new kid, retired
 * keys leave the JWKS once their tokens are all gone), other nodes following a rotation, private
 * keys encrypted at rest (a wrong master key stops the server instead of minting new keys), and
 * the discovery documents. Time only moves through `t.clock`.
 */
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { buildApp, type App } from '../../src/app.js';
import { ConfigError } from '../../src/config/config.js';
import { KeyEncryption } from '../../src/crypto/key-encryption.js';
import { MasterKeyMismatch } from '../../src/oauth/keys/key-ring.js';
import { storeKinds } from '../helpers/databases.js';
import type { ServiceApp } from '../helpers/oauth.js';
import { TEST_MASTER_KEY, type TestApp } from '../helpers/test-app.js';
import { accessToken, jwtParts, startWithServiceApp } from './oauth-fixtures.js';

const LIFETIME_MS = 3600_000;
const SKEW_MS = 30_000;
/** How often a node re-reads the keys (app.ts); retired keys are kept this much longer. */
const REFRESH_MS = 60_000;

for (const kind of await storeKinds()) {
  describe(`signing keys (${kind})`, () => {
    let t: TestApp;
    let client: ServiceApp;
    before(async () => {
      ({ t, client } = await startWithServiceApp(kind));
    });
    after(() => t.close());

    const jwks = async (app: App = t.app): Promise<JSONWebKeySet> => {
      const res = await app.fastify.inject({ method: 'GET', url: '/oauth2/v1/keys' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'max-age=3600, must-revalidate');
      return res.json<JSONWebKeySet>();
    };
    const kids = async (app?: App): Promise<string[]> => (await jwks(app)).keys.map((k) => String(k.kid));
    const kidOf = (token: string): string => String(jwtParts(token).header.kid);
    const listUsers = (token: string, app: App = t.app) =>
      app.fastify.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } });
    const storedKeys = () => t.database.db.selectFrom('signing_keys').selectAll().orderBy('created').execute();

    it('publishes the public key only, with kid, alg and use, and it verifies our tokens', async () => {
      const set = await jwks();
      assert.equal(set.keys.length, 1);
      const [key] = set.keys;
      assert.ok(key);
      assert.deepEqual(Object.keys(key).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
      assert.equal(key.kty, 'RSA');
      assert.equal(key.alg, 'RS256');
      assert.equal(key.use, 'sig');
      assert.equal(Buffer.from(String(key.n), 'base64url').length * 8, 2048);
      const token = await accessToken(t, client, 'okta.users.read');
      assert.equal(kidOf(token), key.kid);
      const { payload } = await jwtVerify(token, createLocalJWKSet(set), {
        issuer: t.config.orgUrl,
        audience: t.config.orgUrl,
        typ: 'at+jwt',
        algorithms: ['RS256'],
        currentDate: new Date(t.clock.now()),
      });
      assert.equal(payload['cid'], client.clientId);
    });

    it('is served without credentials', async () => {
      const res = await t.app.fastify.inject({ method: 'GET', url: '/oauth2/v1/keys', headers: { authorization: 'SSWS nonsense' } });
      assert.equal(res.statusCode, 200);
    });

    it('rotates: old tokens keep validating until they expire, new ones carry the new kid, the old key leaves once its tokens are gone', async () => {
      const [oldKid] = await kids();
      assert.ok(oldKid);
      const before = await accessToken(t, client, 'okta.users.read');
      assert.equal(kidOf(before), oldKid);
      t.clock.advance(10_000);

      const newKid = await t.app.services.keys.rotate();
      assert.notEqual(newKid, oldKid);
      const afterRotation = await accessToken(t, client, 'okta.users.read');
      assert.equal(kidOf(afterRotation), newKid);
      assert.deepEqual(await kids(), [newKid, oldKid]);
      // Never presented before the rotation, so not in the verified-token cache: the retired key verifies it.
      assert.equal((await listUsers(before)).statusCode, 200);
      assert.equal((await listUsers(afterRotation)).statusCode, 200);

      t.clock.advance(LIFETIME_MS - 20_000);
      assert.equal((await listUsers(before)).statusCode, 200, 'ten seconds before it expires');
      assert.deepEqual(await kids(), [newKid, oldKid]);
      t.clock.advance(10_000 + SKEW_MS + 1_000);
      assert.equal((await listUsers(before)).statusCode, 401, 'expired');
      assert.deepEqual(await kids(), [newKid, oldKid], 'a node may have signed with it up to a refresh interval after the rotation');

      // Retired 10 s after `before` was issued: published until retirement + lifetime + skew + refresh.
      t.clock.advance(REFRESH_MS + 10_000);
      assert.deepEqual(await kids(), [newKid]);
      assert.equal((await listUsers(afterRotation)).statusCode, 401, 'expired too by now');
      assert.equal((await listUsers(await accessToken(t, client, 'okta.users.read'))).statusCode, 200);

      // The next rotation purges the retired key's row; the one it retires stays.
      const third = await t.app.services.keys.rotate();
      assert.deepEqual(
        (await storedKeys()).map((row) => [row.kid, row.status]),
        [
          [newKid, 'RETIRED'],
          [third, 'ACTIVE'],
        ],
      );
    });

    it('other nodes follow a rotation made on one', async () => {
      // Two more nodes over the same database, both started before the rotation.
      const verifier = await buildApp({ config: t.config, store: t.store, clock: t.clock });
      const minter = await buildApp({ config: t.config, store: t.store, clock: t.clock });
      try {
        const [current] = await kids(verifier);
        t.clock.advance(1_000);
        const rotated = await t.app.services.keys.rotate();
        assert.notEqual(rotated, current);
        // A kid a node does not know makes it re-read the keys at once.
        const fromNode1 = await accessToken(t, client, 'okta.users.read');
        assert.equal(kidOf(fromNode1), rotated);
        assert.equal((await listUsers(fromNode1, verifier)).statusCode, 200);
        // A node that only mints moves to the new key within a refresh interval, and publishes it.
        t.clock.advance(REFRESH_MS);
        const fromMinter = await accessToken({ ...t, app: minter }, client, 'okta.users.read');
        assert.equal(kidOf(fromMinter), rotated);
        assert.ok((await kids(minter)).includes(rotated));
        assert.equal((await listUsers(fromMinter)).statusCode, 200);
      } finally {
        await verifier.fastify.close();
        await minter.fastify.close();
      }
    });

    it('stores private keys encrypted, bound to their kid', async () => {
      const rows = await storedKeys();
      assert.ok(rows.length >= 1);
      const encryption = new KeyEncryption(TEST_MASTER_KEY);
      for (const row of rows) {
        const stored = JSON.stringify(row);
        assert.doesNotMatch(stored, /PRIVATE KEY/);
        assert.doesNotMatch(stored, /"d"/);
        assert.match(row.private_encrypted, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
        const pem = encryption.decrypt(row.private_encrypted, row.kid);
        assert.match(pem, /^-----BEGIN PRIVATE KEY-----/);
        const d = String(createPrivateKey(pem).export({ format: 'jwk' }).d);
        assert.ok(d.length > 300);
        assert.ok(!stored.includes(d));
        assert.ok(!stored.includes(d.slice(0, 40)));
        assert.deepEqual(Object.keys(JSON.parse(row.public_jwk) as object).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
      }
    });

    it('refuses to start with a wrong master key rather than mint new keys', async () => {
      const rowsBefore = await storedKeys();
      await assert.rejects(
        buildApp({ config: { ...t.config, masterKey: 'another-master-key-0123456789abcdef0123456789' }, store: t.store, clock: t.clock }),
        (error: unknown) => error instanceof MasterKeyMismatch && /refusing to start/.test(error.message),
      );
      await assert.rejects(buildApp({ config: { ...t.config, masterKey: 'too-short' }, store: t.store, clock: t.clock }), ConfigError);
      assert.deepEqual(await storedKeys(), rowsBefore);
    });

    it('refuses to start when an active key’s ciphertext was moved to another key’s row', async () => {
      const rows = await storedKeys();
      const active = rows.find((row) => row.status === 'ACTIVE');
      const retired = rows.find((row) => row.status === 'RETIRED');
      assert.ok(active && retired);
      await t.database.db.updateTable('signing_keys').set({ private_encrypted: retired.private_encrypted }).where('kid', '=', active.kid).execute();
      try {
        await assert.rejects(buildApp({ config: t.config, store: t.store, clock: t.clock }), MasterKeyMismatch);
      } finally {
        await t.database.db.updateTable('signing_keys').set({ private_encrypted: active.private_encrypted }).where('kid', '=', active.kid).execute();
      }
    });

    it('serves the discovery documents at both well-known paths, with issuer = the org URL', async () => {
      const documents = [];
      for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
        const res = await t.app.fastify.inject({ method: 'GET', url: path });
        assert.equal(res.statusCode, 200, res.body);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        const doc = res.json<Record<string, unknown>>();
        assert.equal(doc['issuer'], t.config.orgUrl);
        assert.equal(doc['token_endpoint'], `${t.config.orgUrl}/oauth2/v1/token`);
        assert.equal(doc['jwks_uri'], `${t.config.orgUrl}/oauth2/v1/keys`);
        assert.equal(doc['introspection_endpoint'], `${t.config.orgUrl}/oauth2/v1/introspect`);
        assert.equal(doc['revocation_endpoint'], `${t.config.orgUrl}/oauth2/v1/revoke`);
        assert.ok((doc['grant_types_supported'] as string[]).includes('client_credentials'));
        assert.ok((doc['token_endpoint_auth_methods_supported'] as string[]).includes('private_key_jwt'));
        assert.deepEqual(doc['token_endpoint_auth_signing_alg_values_supported'], ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512']);
        assert.ok((doc['scopes_supported'] as string[]).includes('okta.users.read'));
        documents.push(doc);
      }
      assert.deepEqual(documents[0], documents[1]);
      const viaOtherHost = await t.app.fastify.inject({ method: 'GET', url: '/.well-known/openid-configuration', headers: { host: 'evil.example' } });
      assert.equal(viaOtherHost.json<{ issuer: string }>().issuer, t.config.orgUrl);
    });
  });
}
