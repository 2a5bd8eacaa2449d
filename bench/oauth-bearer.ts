/**
 * Issue #3, benchmark 2: `GET /api/v1/users/{id}` with `Authorization: Bearer <access token>`
 * against the same with `Authorization: SSWS <API token>`, in alternating rounds on one Tessera
 * (buildApp over a SQLite file, in this process). Goal: Bearer ≥ 90 % of SSWS. The Bearer path
 * verifies the JWT once and caches it by hash, but reads revocation, the app, its grants and the
 * subject's roles on every request (bearer-authenticator.ts), so that a change applies at once
 * on every node. A user-context token (issue #4: `uid`, the user's live status and roles) is
 * measured too.
 */
import { createUser } from '../test/fixtures/users.js';
import { clientCredentials, codeFlowTokens, createUserWithPassword, registerServiceApp, registerWebApp } from './oauth-clients.js';
import { warmupS, type RoundOptions } from './options.js';
import { targetRows, type PartReport } from './oauth-part.js';
import { alternate, cannonRound, compare, ownCpu, type RoundTarget } from './oauth-rounds.js';
import { ADA, startTessera } from './servers.js';

export const BEARER_GOAL = 0.9;
const SCOPE = 'okta.users.read';

function getTarget(name: string, url: string, authorization: string, connections: number): RoundTarget {
  return {
    name,
    inProcess: true,
    measure: (durationS) => cannonRound(name, { kind: 'cannon', url, headers: { authorization }, connections, durationS }, ownCpu),
  };
}

export async function runBearer(options: RoundOptions, log: (line: string) => void): Promise<PartReport> {
  const tessera = await startTessera('sqlite');
  try {
    const target = await createUser(tessera, ADA);
    const url = `${tessera.baseUrl}/api/v1/users/${target.id}`;
    const service = await registerServiceApp(tessera, [SCOPE], ['READ_ONLY_ADMIN']);
    const serviceToken = String((await clientCredentials(`${tessera.baseUrl}/oauth2/v1/token`, service, SCOPE))['access_token']);
    const web = await registerWebApp(tessera, [SCOPE]);
    const password = 'Bench-Reader-Passw0rd!';
    await createUserWithPassword(tessera, 'reader@example.com', password, ['READ_ONLY_ADMIN']);
    const userToken = String((await codeFlowTokens(tessera.baseUrl, web, 'reader@example.com', password, SCOPE))['access_token']);
    const authorizations: ReadonlyArray<readonly [string, string]> = [
      ['ssws', `SSWS ${tessera.token}`],
      ['bearer', `Bearer ${serviceToken}`],
      ['bearer-user', `Bearer ${userToken}`],
    ];
    let body: string | undefined;
    for (const [name, authorization] of authorizations) {
      const probe = await fetch(url, { headers: { authorization } });
      const text = await probe.text();
      if (probe.status !== 200) throw new Error(`${name}: GET ${url} → ${probe.status} ${text}`);
      if (body !== undefined && text !== body) throw new Error(`${name} answers another body than SSWS`);
      body = text;
    }
    const targets = authorizations.map(([name, authorization]) => getTarget(name, url, authorization, options.connections));
    const samples = await alternate(targets, options.rounds, options.durationS, warmupS(options), log);
    return {
      part: 'bearer',
      title: '`GET /api/v1/users/{id}`: Bearer access token vs SSWS API token (issue #3)',
      options,
      engine: tessera.database.engine,
      targets: targetRows(samples, [
        ['ssws', 'SSWS API token (SUPER_ADMIN)', 'req/s'],
        ['bearer', 'Bearer, service app (client_credentials, READ_ONLY_ADMIN)', 'req/s'],
        ['bearer-user', 'Bearer, user context (code flow, `uid`, READ_ONLY_ADMIN)', 'req/s'],
      ]),
      comparisons: [
        compare(samples, 'Bearer (service app) / SSWS', 'bearer', 'ssws', BEARER_GOAL),
        compare(samples, 'Bearer (user context) / SSWS', 'bearer-user', 'ssws', BEARER_GOAL),
      ],
      samples,
      notes: [
        `Every target answers the same ${Buffer.byteLength(body ?? '')}-byte body. Tokens carry \`scp: ["${SCOPE}"]\`; the JWT is verified once (jose, RS256) and its claims cached by SHA-256 of the token; revocation, the app's status and grants, and the subject's roles (and the user's status) are read on every request.`,
      ],
    };
  } finally {
    await tessera.close();
  }
}
