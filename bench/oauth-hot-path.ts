/**
 * Where the time goes, step by step, on SQLite and without the network (`inject`, one request at
 * a time): one `GET /api/v1/users/{id}` with a Bearer token beside the SSWS path, and one
 * client_credentials token request (private_key_jwt) beside a bare RS256 signature. Not part of
 * `npm run bench`; run it when a ratio there needs explaining:
 *
 *   node --import tsx bench/oauth-hot-path.ts [iterations]
 *
 * Each line is the mean cost of one operation in microseconds, wall-clock and CPU (the CPU
 * figure holds steadier when other work shares the machine).
 */
import { createPrivateKey, sign } from 'node:crypto';
import { systemClock } from '../src/clock.js';
import { systemContext } from '../src/events/event-bus.js';
import { ClientAuthenticator } from '../src/oauth/client-auth.js';
import { BearerAuthenticator } from '../src/oauth/resource/bearer-authenticator.js';
import { mintAccessToken } from '../src/oauth/tokens/access-token.js';
import { createKyselyStore } from '../src/store/kysely/kysely-store.js';
import { JWT_BEARER } from './oauth-bodies.js';
import {
  clientAssertion,
  clientCredentials,
  codeFlowTokens,
  createUserWithPassword,
  registerServiceApp,
  registerWebApp,
  type ServiceClient,
} from './oauth-clients.js';
import { createUser } from '../test/fixtures/users.js';
import { STEP_COLUMNS, timeStep } from './step-timer.js';
import { startTessera, type TesseraUnderTest } from './servers.js';

/** The token endpoint's steps; every request needs a fresh assertion (single-use `jti`). */
async function tokenEndpoint(t: TesseraUnderTest, client: ServiceClient, iterations: number): Promise<void> {
  const endpoint = `${t.baseUrl}/oauth2/v1/token`;
  const fresh = (n: number) => Array.from({ length: n }, () => clientAssertion(client, endpoint));
  const warm = Math.min(500, iterations);
  let assertions = fresh(2 * (iterations + warm));
  let next = 0;
  const form = (assertion: string) =>
    new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'okta.users.read',
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion,
    }).toString();
  console.log(`POST /oauth2/v1/token (client_credentials, private_key_jwt), SQLite, ${iterations} iterations each`);
  console.log(STEP_COLUMNS);
  await timeStep('whole request (inject)', iterations, () =>
    t.app.fastify.inject({
      method: 'POST',
      url: '/oauth2/v1/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(assertions[next++] ?? ''),
    }),
  );
  const clients = new ClientAuthenticator(t.store, systemClock);
  await timeStep('  client authentication (assertion: app, keys, jose verify, jti insert)', iterations, () =>
    clients.authenticate({
      authorization: undefined,
      form: { client_assertion_type: JWT_BEARER, client_assertion: assertions[next++] ?? '' },
      query: {},
      audiences: [endpoint],
    }),
  );
  assertions = [];
  const { keys, config } = t.app.services;
  await timeStep('  mintAccessToken (one RS256 signature)', iterations, () =>
    mintAccessToken(keys, config.orgUrl, Date.now(), 3600, { clientId: client.clientId, subject: client.clientId, scopes: ['okta.users.read'] }),
  );
  const pem = createPrivateKey(client.privateKeyPem);
  await timeStep('  bare crypto.sign, RSA-2048', iterations, () => sign('sha256', Buffer.from('x'.repeat(600)), pem));
  await timeStep('  store.apps.listGrants', iterations, () => t.store.apps.listGrants(client.clientId));
  await timeStep('  store.apps.listKeys, kept (no write since)', iterations, () => t.store.apps.listKeys(client.clientId));
  await timeStep('  events.emit (System Log row + target)', iterations, () =>
    t.events.emit(
      t.store,
      { ...systemContext(), clientId: client.clientId },
      {
        type: 'app.oauth2.token.grant.access_token',
        displayMessage: 'OAuth2 access token is granted',
        targets: [{ id: 'AT.x', type: 'access_token', alternateId: client.clientId, displayName: 'Access Token', detailEntry: null }],
        outcome: { result: 'SUCCESS' },
      },
    ),
  );
  let jti = 0;
  await timeStep('  jti insert + events.emit in one transaction (what the endpoint commits)', iterations, () =>
    t.store.transaction(async (tx) => {
      await tx.replay.use(`assertion:${client.clientId}:hot-path-${jti++}`, new Date(Date.now() + 600_000).toISOString());
      await t.events.emit(
        tx,
        { ...systemContext(), clientId: client.clientId },
        {
          type: 'app.oauth2.token.grant.access_token',
          displayMessage: 'OAuth2 access token is granted',
          targets: [{ id: 'AT.x', type: 'access_token', alternateId: client.clientId, displayName: 'Access Token', detailEntry: null }],
          outcome: { result: 'SUCCESS' },
        },
      );
    }),
  );
}

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? 5000);
  const t = await startTessera('sqlite');
  try {
    const target = await createUser(t, { login: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
    const client = await registerServiceApp(t, ['okta.users.read'], ['READ_ONLY_ADMIN']);
    const token = String((await clientCredentials(`${t.baseUrl}/oauth2/v1/token`, client, 'okta.users.read'))['access_token']);
    const web = await registerWebApp(t, ['okta.users.read']);
    const readerId = await createUserWithPassword(t, 'reader@example.com', 'Bench-Reader-Passw0rd!', ['READ_ONLY_ADMIN']);
    const userToken = String((await codeFlowTokens(t.baseUrl, web, 'reader@example.com', 'Bench-Reader-Passw0rd!', 'okta.users.read'))['access_token']);
    const url = `/api/v1/users/${target.id}`;
    const bearer = new BearerAuthenticator(t.store, t.app.services.verifier, systemClock);
    const claims = await t.app.services.verifier.verify(token);
    const request = { scheme: 'Bearer' as const, token, method: 'GET', urls: () => [`${t.baseUrl}${url}`], proof: undefined };
    console.log(`GET ${url}, SQLite, ${iterations} iterations each, one at a time`);
    console.log(STEP_COLUMNS);
    await timeStep('whole request, SSWS (inject)', iterations, () =>
      t.app.fastify.inject({ method: 'GET', url, headers: { authorization: `SSWS ${t.token}` } }),
    );
    await timeStep('whole request, Bearer (inject)', iterations, () =>
      t.app.fastify.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }),
    );
    await timeStep('whole request, Bearer user context (inject)', iterations, () =>
      t.app.fastify.inject({ method: 'GET', url, headers: { authorization: `Bearer ${userToken}` } }),
    );
    await timeStep('  ssws.authenticate', iterations, () => t.app.services.ssws.authenticate(t.token, systemContext()));
    await timeStep('  bearer.authenticate', iterations, () => bearer.authenticate(request));
    await timeStep('  bearer.authenticate, user context', iterations, () => bearer.authenticate({ ...request, token: userToken }));
    // The store keeps these reads while nothing is written (src/store/kept-reads.ts); `unkept`
    // is the same connection without them: what each read costs right after a write.
    const unkept = createKyselyStore(t.database.db, 'sqlite');
    await timeStep('    store.bearer.read, kept (client)', iterations, () => t.store.bearer.read({ jti: claims.jti, appId: claims.cid, userId: undefined }));
    await timeStep('    bearer.read (one statement, client; read after a write)', iterations, () =>
      unkept.bearer.read({ jti: claims.jti, appId: claims.cid, userId: undefined }),
    );
    await timeStep('    bearer.read (one statement, user; read after a write)', iterations, () =>
      unkept.bearer.read({ jti: claims.jti, appId: web.clientId, userId: readerId }),
    );
    await timeStep('    store.users.get, kept', iterations, () => t.store.users.get(readerId));
    await timeStep('    users.get (read after a write)', iterations, () => unkept.users.get(readerId));
    await timeStep('    store.roles.roleTypesOfUser', iterations, () => t.store.roles.roleTypesOfUser(readerId));
    await timeStep('    verifier.verify (cached)', iterations, () => t.app.services.verifier.verify(token));
    await timeStep('    store.replay.isTokenRevoked', iterations, () => t.store.replay.isTokenRevoked(claims.jti));
    await timeStep('    store.apps.get, kept', iterations, () => t.store.apps.get(claims.cid));
    await timeStep('    store.apps.listGrants', iterations, () => t.store.apps.listGrants(claims.cid));
    await timeStep("    store.roles.listFor('CLIENT')", iterations, () => t.store.roles.listFor('CLIENT', claims.cid));
    console.log('');
    await tokenEndpoint(t, client, iterations);
  } finally {
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
