/**
 * OAuth helpers: a service app registered straight in the store (test/fixtures/apps.ts), client
 * assertions signed with jose, and token requests through `inject`.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { insertServiceApp, type ServiceApp, type ServiceAppOptions } from '../fixtures/apps.js';
import { fixtureOrg, type TestApp } from './test-app.js';

export type { ServiceApp } from '../fixtures/apps.js';

export function createServiceApp(t: TestApp, options: ServiceAppOptions = {}): Promise<ServiceApp> {
  return insertServiceApp(fixtureOrg(t), options);
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
