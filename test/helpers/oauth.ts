/**
 * OAuth fixtures: a service app with an RSA key registered straight in the store (what
 * POST /api/v1/apps does), scope grants, client roles, and client assertions signed with jose.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import { isoAt } from '../../src/clock.js';
import { newId, randomBase62 } from '../../src/crypto/random-id.js';
import type { AppRecord } from '../../src/store/oauth-records.js';
import type { TestApp } from './test-app.js';

export interface ServiceApp {
  readonly app: AppRecord;
  readonly clientId: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export async function createServiceApp(
  t: TestApp,
  options: { scopes?: readonly string[]; roles?: readonly string[]; dpop?: boolean; status?: 'ACTIVE' | 'INACTIVE' } = {},
): Promise<ServiceApp> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const kid = 'kid-' + randomBase62(8);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  const now = isoAt(t.clock.now());
  const app: AppRecord = {
    id: newId('app'),
    name: 'oidc_client',
    label: 'Service ' + kid,
    status: options.status ?? 'ACTIVE',
    signOnMode: 'OPENID_CONNECT',
    tokenEndpointAuthMethod: 'private_key_jwt',
    applicationType: 'service',
    oauthClient: {
      application_type: 'service',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      dpop_bound_access_tokens: options.dpop === true,
    },
    created: now,
    lastUpdated: now,
  };
  await t.store.apps.insert(app);
  await t.store.apps.insertKey({
    id: 'pks' + randomBase62(17),
    appId: app.id,
    kid,
    status: 'ACTIVE',
    jwk: publicJwk as unknown as Record<string, string>,
    created: now,
    lastUpdated: now,
  });
  for (const scopeId of options.scopes ?? []) {
    await t.store.apps.insertGrant({
      id: newId('grant'),
      appId: app.id,
      scopeId,
      issuer: t.config.orgUrl,
      source: 'ADMIN',
      createdBy: { id: t.admin.user.id, type: 'User' },
      created: now,
      lastUpdated: now,
    });
  }
  for (const role of options.roles ?? []) {
    await t.store.roles.insert({ id: newId('roleAssignment'), principalType: 'CLIENT', principalId: app.id, roleType: role, created: now, lastUpdated: now });
  }
  return { app, clientId: app.id, kid, privateKey, privateJwk, publicJwk };
}

/** A client assertion as the Okta SDK makes it (aud = token endpoint, exp = iat + 300, uuid jti). */
export async function clientAssertion(
  t: TestApp,
  client: ServiceApp,
  overrides: { aud?: string; exp?: number; iat?: number; jti?: string; iss?: string; sub?: string; kid?: string | null } = {},
): Promise<string> {
  const now = Math.floor(t.clock.now() / 1000);
  const header = overrides.kid === null ? { alg: 'RS256', typ: 'JWT' } : { alg: 'RS256', typ: 'JWT', kid: overrides.kid ?? client.kid };
  return new SignJWT({})
    .setProtectedHeader(header)
    .setIssuer(overrides.iss ?? client.clientId)
    .setSubject(overrides.sub ?? client.clientId)
    .setAudience(overrides.aud ?? `${t.config.orgUrl}/oauth2/v1/token`)
    .setIssuedAt(overrides.iat ?? now)
    .setExpirationTime(overrides.exp ?? now + 300)
    .setJti(overrides.jti ?? randomUUID())
    .sign(client.privateKey);
}

export function form(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

export async function requestToken(t: TestApp, client: ServiceApp, scope: string, headers: Record<string, string> = {}) {
  const assertion = await clientAssertion(t, client);
  return t.app.fastify.inject({
    method: 'POST',
    url: '/oauth2/v1/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form({
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
}
