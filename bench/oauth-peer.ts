/**
 * The peer of the client_credentials benchmark, in a process of its own (forked by
 * bench/oauth-issuance.ts): `oidc-provider` (npm) configured for the grant Tessera serves —
 * `client_credentials` with a `private_key_jwt` client (RS256, its JWKS registered), issuing
 * RS256 JWT access tokens (`accessTokenFormat: 'jwt'` through resource indicators, RFC 8707) for
 * one scope, one hour. Its default in-memory adapter stores the assertions' `jti`s (replay
 * detection), where Tessera writes them to its database, so that every node sees them.
 *
 * IPC: receives a PeerSetup, answers `{ ready: { url, tokenEndpoint, issuer } }`; then answers
 * `'cpu'` with its `process.cpuUsage()` (CPU per request) until `'stop'`.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { freePort } from '../test/fixtures/free-port.js';
import type { JWK } from 'jose';
import Provider from 'oidc-provider';

export interface PeerSetup {
  readonly clientId: string;
  /** The client's public JWK (kid, alg RS256, use sig). */
  readonly clientJwk: JWK;
  readonly scope: string;
}

export interface PeerReady {
  readonly url: string;
  readonly tokenEndpoint: string;
  readonly issuer: string;
}

function signingJwk(): Record<string, string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  return { ...jwk, kid: 'peer-' + randomBytes(6).toString('hex'), alg: 'RS256', use: 'sig' };
}

async function start(setup: PeerSetup): Promise<PeerReady> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const resourceServer = {
    scope: setup.scope,
    audience: issuer,
    accessTokenTTL: 3600,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: setup.clientId,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS256',
        jwks: { keys: [setup.clientJwk] },
        scope: setup.scope,
      },
    ],
    jwks: { keys: [signingJwk()] },
    scopes: ['openid', 'offline_access', setup.scope],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // The token is for the issuer itself (as Okta's org authorization server's are) without a
        // `resource` parameter, which neither the Okta SDK nor Tessera's benchmark sends.
        defaultResource: async () => issuer,
        getResourceServerInfo: async () => resourceServer,
        useGrantedResource: async () => true,
      },
    },
  });
  provider.on('server_error', (_ctx: unknown, error: unknown) => console.error('oidc-provider server_error', error));
  await new Promise<void>((resolve) => provider.listen(port, '127.0.0.1', resolve));
  return { url: issuer, tokenEndpoint: `${issuer}/token`, issuer };
}

process.on('message', (message: PeerSetup | 'cpu' | 'stop') => {
  if (message === 'stop') process.exit(0);
  if (message === 'cpu') {
    process.send?.({ cpu: process.cpuUsage() });
    return;
  }
  start(message).then(
    (ready) => process.send?.({ ready }),
    (error: unknown) => process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
