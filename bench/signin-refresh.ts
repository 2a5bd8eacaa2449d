/**
 * Issue #4: refresh-token grants per second (`POST /oauth2/v1/token`, `grant_type=refresh_token`,
 * client_secret_basic) with the org authorization server's default rotation (ROTATE, 30 s
 * leeway): every answer carries a successor and the token redeemed is rotated out, so the load
 * generator keeps a pool of live tokens and each answer puts its successor back (one chain per
 * connection). With `openid` in the scope each refresh also signs an ID token: two RS256
 * signatures instead of one. The chains start from the code flow (authn → authorize with
 * sessionToken and PKCE → code → token); what is left of the pool carries over to the next round.
 */
import { codeFlowTokens, createUserWithPassword, registerWebApp, type WebClient } from './oauth-clients.js';
import type { PostJob } from './load-jobs.js';
import { warmupS, type RoundOptions } from './options.js';
import { targetRows, type PartReport } from './oauth-part.js';
import { alternate, compare, ownCpu, postRound, type RoundTarget } from './oauth-rounds.js';
import { startTessera, type TesseraUnderTest } from './servers.js';

const LOGIN = 'katherine.johnson@example.com';
const PASSWORD = 'Orbital-Mechanics-1962!';

/** A target whose pool of live refresh tokens is topped up by the code flow when it runs low. */
function refreshTarget(name: string, tessera: TesseraUnderTest, client: WebClient, scope: string, connections: number): RoundTarget {
  let pool: string[] = [];
  const wanted = connections + 4;
  return {
    name,
    inProcess: true,
    async measure(durationS) {
      while (pool.length < wanted) {
        const tokens = await codeFlowTokens(tessera.baseUrl, client, LOGIN, PASSWORD, scope);
        if (typeof tokens['refresh_token'] !== 'string') throw new Error(`no refresh_token for scope "${scope}": ${JSON.stringify(tokens)}`);
        pool.push(tokens['refresh_token']);
      }
      const job: PostJob = {
        kind: 'post',
        url: `${tessera.baseUrl}/oauth2/v1/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: client.authorization },
        bodies: { kind: 'refresh', tokens: pool, form: { grant_type: 'refresh_token' } },
        connections,
        durationS,
        expectStatus: 200,
      };
      const sample = await postRound(job, ownCpu);
      pool = [...sample.result.leftover];
      return sample;
    },
  };
}

export async function runRefresh(options: RoundOptions, log: (line: string) => void): Promise<PartReport> {
  const tessera = await startTessera('sqlite');
  try {
    const client = await registerWebApp(tessera, ['okta.users.read']);
    await createUserWithPassword(tessera, LOGIN, PASSWORD, ['READ_ONLY_ADMIN']);
    const targets = [
      refreshTarget('refresh', tessera, client, 'offline_access okta.users.read', options.connections),
      refreshTarget('refresh-openid', tessera, client, 'openid offline_access okta.users.read', options.connections),
    ];
    const samples = await alternate(targets, options.rounds, options.durationS, warmupS(options), log);
    return {
      part: 'refresh',
      title: 'refresh-token grants (issue #4)',
      options,
      engine: tessera.database.engine,
      targets: targetRows(samples, [
        ['refresh', 'Tessera `refresh_token` grant, scope `offline_access okta.users.read` (1 signature)', 'req/s'],
        ['refresh-openid', 'the same with `openid` (access token + ID token: 2 signatures)', 'req/s'],
      ]),
      comparisons: [compare(samples, 'with openid / without', 'refresh-openid', 'refresh')],
      samples,
      notes: [
        `Web app with client_secret_basic and no \`refresh_token\` settings (ROTATE, 30 s leeway); a user with READ_ONLY_ADMIN and the app granted okta.users.read. ${options.connections} chains run at once; each refresh rotates its token out (conditional UPDATE), stores the successor and writes a System Log event.`,
      ],
    };
  } finally {
    await tessera.close();
  }
}
