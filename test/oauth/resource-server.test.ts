/**
 * Access tokens on the Management API (`Authorization: Bearer`): effective rights are the token's
 * scopes ∩ the service app's admin roles, read live on every request; anything that is not a
 * valid access token of ours is a 401 E0000011 with error="invalid_token" (never a 403: the Okta
 * SDK renews its token only on a 401); revocation and introspection at /oauth2/v1/revoke and
 * /introspect (RFC 7009, RFC 7662). Time only moves through `t.clock`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair, SignJWT, type CryptoKey, type KeyObject } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/app.js';
import { isoAt } from '../../src/clock.js';
import { newId } from '../../src/crypto/random-id.js';
import { storeKinds } from '../helpers/databases.js';
import { clientAssertion, createServiceApp, type ServiceApp } from '../helpers/oauth.js';
import { userWithRoles, type TestApp } from '../helpers/test-app.js';
import { accessToken, assertOAuthError, jwtParts, nowSeconds, postForm, startWithServiceApp, tokenForm } from './oauth-fixtures.js';

type Method = 'GET' | 'POST';
/** Okta's access_token_revoked text; every other unusable token gets "The access token is invalid." */
// Revoked, expired and inactive all get the same description (no hint which); the reason is in the System Log.
const REVOKED = 'The access token is invalid.';
interface Row {
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
  readonly method: Method;
  readonly path: string;
  /** 200, 'E0000006' (role lacks the permission) or the scope an insufficient_scope answer names. */
  readonly expect: 200 | 'E0000006' | `okta.${string}`;
}

const ROWS: readonly Row[] = [
  { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'], method: 'GET', path: '/api/v1/users', expect: 200 },
  { scopes: ['okta.users.manage'], roles: ['READ_ONLY_ADMIN'], method: 'GET', path: '/api/v1/users', expect: 200 },
  { scopes: ['okta.users.manage'], roles: ['READ_ONLY_ADMIN'], method: 'POST', path: '/api/v1/users', expect: 'E0000006' },
  { scopes: ['okta.users.manage'], roles: ['USER_ADMIN'], method: 'POST', path: '/api/v1/users', expect: 200 },
  { scopes: ['okta.users.read'], roles: ['USER_ADMIN'], method: 'POST', path: '/api/v1/users', expect: 'okta.users.manage' },
  { scopes: ['okta.users.read'], roles: ['SUPER_ADMIN'], method: 'POST', path: '/api/v1/users', expect: 'okta.users.manage' },
  { scopes: ['okta.users.read'], roles: ['REPORT_ADMIN'], method: 'GET', path: '/api/v1/users', expect: 'E0000006' },
  { scopes: ['okta.users.read'], roles: [], method: 'GET', path: '/api/v1/users', expect: 'E0000006' },
  { scopes: ['okta.logs.read'], roles: ['REPORT_ADMIN'], method: 'GET', path: '/api/v1/logs', expect: 200 },
  { scopes: ['okta.logs.read'], roles: ['REPORT_ADMIN'], method: 'GET', path: '/api/v1/users', expect: 'okta.users.read' },
  { scopes: ['okta.groups.read'], roles: ['USER_ADMIN'], method: 'GET', path: '/api/v1/groups', expect: 200 },
  { scopes: ['okta.groups.manage'], roles: ['GROUP_MEMBERSHIP_ADMIN'], method: 'POST', path: '/api/v1/groups', expect: 'E0000006' },
  { scopes: ['okta.groups.manage'], roles: ['ORG_ADMIN'], method: 'POST', path: '/api/v1/groups', expect: 200 },
  { scopes: ['okta.users.manage', 'okta.groups.read'], roles: ['USER_ADMIN', 'REPORT_ADMIN'], method: 'GET', path: '/api/v1/logs', expect: 'okta.logs.read' },
];

let serial = 0;
function bodyFor(method: Method, path: string): unknown {
  if (method !== 'POST') return undefined;
  serial += 1;
  if (path === '/api/v1/groups') return { profile: { name: `Scoped group ${serial}` } };
  const login = `scoped.${serial}.${Date.now()}@example.com`;
  return { profile: { login, email: login, firstName: 'Scoped', lastName: 'User' } };
}

for (const kind of await storeKinds()) {
  describe(`access tokens on the Management API (${kind})`, () => {
    let t: TestApp;
    let reader: ServiceApp;
    const bearer = (token: string) => `Bearer ${token}`;
    const challenge = (error: string, description: string) =>
      `Bearer authorization_uri="${t.config.orgUrl}/oauth2/v1/authorize", realm="${t.config.orgUrl}", error="${error}", error_description="${description}"`;

    before(async () => {
      ({ t, client: reader } = await startWithServiceApp(kind));
    });
    after(() => t.close());

    function assertInvalidToken(res: LightMyRequestResponse, description = 'The access token is invalid.'): void {
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json<{ errorCode: string }>().errorCode, 'E0000011');
      assert.equal(res.headers['www-authenticate'], challenge('invalid_token', description));
    }

    describe('scopes × roles', () => {
      for (const row of ROWS) {
        it(`${row.scopes.join('+')} with ${row.roles.join('+') || 'no role'}: ${row.method} ${row.path} → ${row.expect}`, async () => {
          const app = await createServiceApp(t, { scopes: row.scopes, roles: row.roles });
          const token = await accessToken(t, app, row.scopes.join(' '));
          const res = await t.request(row.method, row.path, { authorization: bearer(token), body: bodyFor(row.method, row.path) });
          if (row.expect === 200) {
            assert.equal(res.statusCode, 200, res.body);
          } else if (row.expect === 'E0000006') {
            assert.equal(res.statusCode, 403, res.body);
            assert.equal(res.json<{ errorCode: string }>().errorCode, 'E0000006');
            assert.equal(res.headers['www-authenticate'], undefined);
          } else {
            assert.equal(res.statusCode, 403, res.body);
            assert.equal(
              res.headers['www-authenticate'],
              `Bearer authorization_uri="${t.config.orgUrl}/oauth2/v1/authorize", realm="${t.config.orgUrl}", scope="${row.expect}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${row.path}"`,
            );
          }
        });
      }
    });

    describe('what is not a valid access token of ours is 401 invalid_token', () => {
      const ours = () => t.app.services.keys.signingKey();
      const atClaims = () => ({
        ver: 1,
        jti: 'AT.forged',
        iss: t.config.orgUrl,
        aud: t.config.orgUrl,
        iat: nowSeconds(t),
        exp: nowSeconds(t) + 3600,
        cid: reader.clientId,
        scp: ['okta.users.read'],
        sub: reader.clientId,
      });
      const sign = (header: { alg: string; kid?: string; typ?: string }, claims: Record<string, unknown>, key: CryptoKey | KeyObject = ours().privateKey) =>
        new SignJWT(claims).setProtectedHeader(header).sign(key);
      const cases: ReadonlyArray<readonly [string, () => Promise<string>]> = [
        ['Bearer undefined', async () => 'undefined'],
        ['garbage', async () => 'abc.def.ghi'],
        [
          'an ID-token-like JWT signed by our key without typ at+jwt',
          () => sign({ alg: 'RS256', kid: ours().kid, typ: 'JWT' }, { ...atClaims(), aud: reader.clientId, jti: 'ID.x', nonce: 'n', auth_time: nowSeconds(t) }),
        ],
        ['access-token claims signed by our key without typ at+jwt', () => sign({ alg: 'RS256', kid: ours().kid }, atClaims())],
        [
          'an at+jwt of ours whose jti is not an access token’s',
          () => sign({ alg: 'RS256', kid: ours().kid, typ: 'at+jwt' }, { ...atClaims(), jti: 'ID.not-an-access-token' }),
        ],
        ['a client assertion', () => clientAssertion(t, reader)],
        ['a wrong iss', () => sign({ alg: 'RS256', kid: ours().kid, typ: 'at+jwt' }, { ...atClaims(), iss: 'https://evil.example' })],
        ['a wrong aud', () => sign({ alg: 'RS256', kid: ours().kid, typ: 'at+jwt' }, { ...atClaims(), aud: 'api://default' })],
        ['an unknown kid', async () => sign({ alg: 'RS256', kid: 'unknown-kid', typ: 'at+jwt' }, atClaims(), (await generateKeyPair('RS256')).privateKey)],
        ['no kid', () => sign({ alg: 'RS256', typ: 'at+jwt' }, atClaims())],
        [
          'a tampered real token',
          async () => {
            const [header, , signature] = (await accessToken(t, reader, 'okta.users.read')).split('.');
            return `${header}.${Buffer.from(JSON.stringify({ ...atClaims(), scp: ['okta.users.manage'] })).toString('base64url')}.${signature}`;
          },
        ],
        ['an SSWS token sent as Bearer', async () => t.admin.token],
      ];
      for (const [name, make] of cases) {
        it(name, async () => {
          assertInvalidToken(await t.request('GET', '/api/v1/users', { authorization: bearer(await make()) }));
        });
      }

      it('an expired token, even one verified (and cached) before', async () => {
        const token = await accessToken(t, reader, 'okta.users.read');
        assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer(token) })).statusCode, 200);
        t.clock.advance(3600_000 + 29_000);
        assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer(token) })).statusCode, 200, 'within the 30 s skew');
        t.clock.advance(2_000);
        assertInvalidToken(await t.request('GET', '/api/v1/users', { authorization: bearer(token) }));
        const uncached = await accessToken(t, reader, 'okta.users.read');
        t.clock.advance(3600_000 + 31_000);
        assertInvalidToken(await t.request('GET', '/api/v1/users', { authorization: bearer(uncached) }));
      });
    });

    describe('revocation (RFC 7009)', () => {
      const revoke = (tt: { app: App }, client: ServiceApp, token: string) =>
        clientAssertion(t, client, { aud: `${t.config.orgUrl}/oauth2/v1/revoke` }).then((assertion) =>
          postForm(tt, '/oauth2/v1/revoke', {
            token,
            token_type_hint: 'access_token',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertion,
          }),
        );

      it('refuses a revoked token from the next request, on every node', async () => {
        const node2 = await buildApp({ config: t.config, store: t.store, clock: t.clock });
        try {
          const token = await accessToken(t, reader, 'okta.users.read');
          assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer(token) })).statusCode, 200);
          const onNode2 = () => node2.fastify.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: bearer(token) } });
          assert.equal((await onNode2()).statusCode, 200, 'node 2 has verified (and cached) the token');
          const res = await revoke(t, reader, token);
          assert.equal(res.statusCode, 200, res.body);
          assert.equal(res.body, '');
          assertInvalidToken(await t.request('GET', '/api/v1/users', { authorization: bearer(token) }), REVOKED);
          assertInvalidToken(await onNode2(), REVOKED);
        } finally {
          await node2.fastify.close();
        }
      });

      it('lets a client revoke only its own tokens; anything else is a silent 200', async () => {
        const stranger = await createServiceApp(t, { scopes: ['okta.users.read'] });
        const token = await accessToken(t, reader, 'okta.users.read');
        assert.equal((await revoke(t, stranger, token)).statusCode, 200);
        assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer(token) })).statusCode, 200);
        assert.equal((await revoke(t, reader, 'not-a-token')).statusCode, 200);
      });

      it('keeps a revocation through the expiry skew, then purges it with the used jtis', async () => {
        const jtiKey = `assertion:${reader.clientId}:janitor-${kind}`;
        const issued = await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, reader, { jti: `janitor-${kind}` })));
        assert.equal(issued.statusCode, 200, issued.body);
        const token = issued.json<{ access_token: string }>().access_token;
        const { jti } = jwtParts(token).claims;
        assert.equal((await revoke(t, reader, token)).statusCode, 200);
        const revokedRows = () => t.database.db.selectFrom('revoked_tokens').select('jti').where('jti', '=', String(jti)).execute();
        const usedRows = () => t.database.db.selectFrom('used_jtis').select('key').where('key', '=', jtiKey).execute();
        assert.equal((await revokedRows()).length, 1);
        assert.equal((await usedRows()).length, 1);
        t.clock.advance(3600_000 + 29_000);
        await accessToken(t, reader, 'okta.users.read'); // the token endpoint purges what has expired
        assert.equal((await usedRows()).length, 0, 'the assertion expired an hour ago');
        assert.equal((await revokedRows()).length, 1, 'the token is still inside its skew');
        assertInvalidToken(await t.request('GET', '/api/v1/users', { authorization: bearer(token) }), REVOKED);
        t.clock.advance(600_000);
        await accessToken(t, reader, 'okta.users.read');
        assert.equal((await revokedRows()).length, 0);
        assertInvalidToken(await t.request('GET', '/api/v1/users', { authorization: bearer(token) }));
      });

      it('demands client authentication and a token', async () => {
        assertOAuthError(await postForm(t, '/oauth2/v1/revoke', { token: 'x' }), 401, 'invalid_client', 'No client credentials found.');
        const assertion = await clientAssertion(t, reader, { aud: `${t.config.orgUrl}/oauth2/v1/revoke` });
        assertOAuthError(
          await postForm(t, '/oauth2/v1/revoke', {
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertion,
          }),
          400,
          'invalid_request',
          "The 'token' parameter is required.",
        );
      });
    });

    describe('live state of the app, its grants and roles', () => {
      it('deactivating the app refuses its tokens at once; reactivating restores them', async () => {
        const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
        const token = await accessToken(t, app, 'okta.users.read');
        assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer(token) })).statusCode, 200);
        await t.store.apps.update(app.clientId, (current) => ({ ...current, status: 'INACTIVE' }));
        assertInvalidToken(await t.request('GET', '/api/v1/users', { authorization: bearer(token) }), 'The access token is invalid.');
        await t.store.apps.update(app.clientId, (current) => ({ ...current, status: 'ACTIVE' }));
        assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer(token) })).statusCode, 200);
      });

      it('removing the grant turns the next request into insufficient_scope', async () => {
        const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
        const token = await accessToken(t, app, 'okta.users.read');
        assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer(token) })).statusCode, 200);
        const [grant] = await t.store.apps.listGrants(app.clientId);
        assert.ok(grant);
        assert.equal(await t.store.apps.deleteGrant(app.clientId, grant.id), true);
        const res = await t.request('GET', '/api/v1/users', { authorization: bearer(token) });
        assert.equal(res.statusCode, 403, res.body);
        assert.match(String(res.headers['www-authenticate']), /scope="okta\.users\.read", error="insufficient_scope"/);
      });

      it('removing the role turns the next request into E0000006', async () => {
        const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
        const token = await accessToken(t, app, 'okta.users.read');
        assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer(token) })).statusCode, 200);
        const [role] = await t.store.roles.listFor('CLIENT', app.clientId);
        assert.ok(role);
        await t.store.roles.delete(role.id);
        const res = await t.request('GET', '/api/v1/users', { authorization: bearer(token) });
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json<{ errorCode: string }>().errorCode, 'E0000006');
      });

      it('deactivating the admin who set the app up changes nothing', async () => {
        const admin = await userWithRoles(t, `setup.admin.${kind}@example.com`, ['SUPER_ADMIN']);
        const app = await createServiceApp(t, { roles: ['USER_ADMIN'] });
        const now = isoAt(t.clock.now());
        await t.store.apps.insertGrant({
          id: newId('grant'),
          appId: app.clientId,
          scopeId: 'okta.users.manage',
          issuer: t.config.orgUrl,
          source: 'ADMIN',
          createdBy: { id: admin.user.id, type: 'User' },
          created: now,
          lastUpdated: now,
        });
        const token = await accessToken(t, app, 'okta.users.manage');
        const deactivated = await t.request('POST', `/api/v1/users/${admin.user.id}/lifecycle/deactivate`);
        assert.equal(deactivated.statusCode, 200, deactivated.body);
        assert.equal((await t.store.users.get(admin.user.id))?.status, 'DEPROVISIONED');
        assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer(token) })).statusCode, 200);
        const fresh = await accessToken(t, app, 'okta.users.manage');
        const login = `after.setup.${kind}@example.com`;
        const created = await t.request('POST', '/api/v1/users', {
          authorization: bearer(fresh),
          body: { profile: { login, email: login, firstName: 'After', lastName: 'Setup' } },
        });
        assert.equal(created.statusCode, 200, created.body);
      });
    });

    describe('introspection (RFC 7662)', () => {
      const introspect = async (client: ServiceApp, token: string) =>
        postForm(t, '/oauth2/v1/introspect', {
          token,
          token_type_hint: 'access_token',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(t, client, { aud: `${t.config.orgUrl}/oauth2/v1/introspect` }),
        });

      it('describes the client’s own active token with Okta’s fields', async () => {
        const token = await accessToken(t, reader, 'okta.users.read');
        const { claims } = jwtParts(token);
        const res = await introspect(reader, token);
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.deepEqual(res.json(), {
          active: true,
          token_type: 'Bearer',
          scope: 'okta.users.read',
          client_id: reader.clientId,
          exp: claims.exp,
          iat: claims.iat,
          sub: reader.clientId,
          aud: t.config.orgUrl,
          iss: t.config.orgUrl,
          jti: claims.jti,
        });
      });

      it('says active:false for another client’s token, a revoked, expired or malformed one', async () => {
        const stranger = await createServiceApp(t, { scopes: ['okta.users.read'] });
        const token = await accessToken(t, reader, 'okta.users.read');
        assert.deepEqual((await introspect(stranger, token)).json(), { active: false });
        assert.deepEqual((await introspect(reader, 'garbage')).json(), { active: false });
        const revoked = await accessToken(t, reader, 'okta.users.read');
        const revokeAssertion = await clientAssertion(t, reader, { aud: t.config.orgUrl });
        await postForm(t, '/oauth2/v1/revoke', {
          token: revoked,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: revokeAssertion,
        });
        assert.deepEqual((await introspect(reader, revoked)).json(), { active: false });
        t.clock.advance(3600_000 + 31_000);
        assert.deepEqual((await introspect(reader, token)).json(), { active: false });
      });

      it('demands client authentication, with an assertion made for this endpoint', async () => {
        assertOAuthError(await postForm(t, '/oauth2/v1/introspect', { token: 'x' }), 401, 'invalid_client', 'No client credentials found.');
        const forToken = await postForm(t, '/oauth2/v1/introspect', tokenForm(await clientAssertion(t, reader), 'x', { token: 'x' }));
        assertOAuthError(forToken, 401, 'invalid_client', 'The audience claim for client_assertion must be the endpoint invoked for the request.');
      });
    });
  });
}
