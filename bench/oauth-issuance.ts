/**
 * Issue #3, benchmark 1: `client_credentials` with `private_key_jwt` (RS256 assertions with a
 * unique `jti` each, signed before the round starts), requests per second and p99, in one run
 * against Tessera (buildApp over a SQLite file, in this process), against `oidc-provider` (npm,
 * bench/oauth-peer.ts, its own process) configured for the same grant with RS256 JWT access
 * tokens, and against the raw RS256 signing rate of node:crypto in one process: every token
 * costs one RSA-2048 signature, so that rate is the ceiling of a single-threaded server.
 * Goals: Tessera ≥ 1.5 × the peer's throughput and ≥ 70 % of the raw signing rate.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { clientCredentials, registerServiceApp, type ServiceClient } from './oauth-clients.js';
import type { PostJob } from './load-jobs.js';
import { runLoad } from './load.js';
import { warmupS, type RoundOptions } from './options.js';
import { targetRows, type PartReport } from './oauth-part.js';
import type { PeerReady, PeerSetup } from './oauth-peer.js';
import { alternate, compare, ownCpu, postRound, rateSample, type RoundTarget } from './oauth-rounds.js';
import { startTessera } from './servers.js';

const SCOPE = 'okta.users.read';
export const PEER_GOAL = 1.5;
export const SIGNING_GOAL = 0.7;

interface Peer extends PeerReady {
  cpu(): Promise<NodeJS.CpuUsage>;
  stop(): void;
}

function startPeer(setup: PeerSetup): Promise<Peer> {
  const child: ChildProcess = fork(new URL('./oauth-peer.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: Array<(usage: NodeJS.CpuUsage) => void> = [];
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message: { ready?: PeerReady; error?: string; cpu?: NodeJS.CpuUsage }) => {
      if (message.error !== undefined) reject(new Error(`oidc-provider failed to start: ${message.error}`));
      if (message.cpu !== undefined) waiting.shift()?.(message.cpu);
      if (message.ready !== undefined) {
        resolve({
          ...message.ready,
          cpu: () => new Promise((answer) => (waiting.push(answer), child.send('cpu'))),
          stop: () => void child.send('stop'),
        });
      }
    });
    child.send(setup);
  });
}

function peerVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../node_modules/oidc-provider/package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Token request bodies for one round: enough single-use assertions for `rate` requests a second. */
function issuanceJob(url: string, client: ServiceClient, durationS: number, rate: number, connections: number): PostJob {
  return {
    kind: 'post',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    bodies: {
      kind: 'assertions',
      clientId: client.clientId,
      audience: url,
      kid: client.kid,
      privateKeyPem: client.privateKeyPem,
      count: Math.ceil(durationS * rate) + 4 * connections,
      form: { grant_type: 'client_credentials', scope: SCOPE },
    },
    connections,
    durationS,
    expectStatus: 200,
  };
}

function describeToken(token: unknown): string {
  const [header] = String(token).split('.');
  return `${Buffer.from(header ?? '', 'base64url').toString('utf8')}, ${String(token).length} characters`;
}

export async function runIssuance(options: RoundOptions, log: (line: string) => void): Promise<PartReport> {
  const tessera = await startTessera('sqlite');
  try {
    const client = await registerServiceApp(tessera, [SCOPE], []);
    const peer = await startPeer({ clientId: client.clientId, clientJwk: client.publicJwk, scope: SCOPE });
    try {
      const tesseraUrl = `${tessera.baseUrl}/oauth2/v1/token`;
      const tesseraToken = await clientCredentials(tesseraUrl, client, SCOPE);
      const peerToken = await clientCredentials(peer.tokenEndpoint, client, SCOPE);
      // The input a server signs: a JWS signing input of the size of Tessera's access tokens.
      const inputBytes = String(tesseraToken['access_token']).lastIndexOf('.');
      // Assertions are sized from what one core can sign: no single-threaded server exceeds it.
      const calibration = await runLoad({ kind: 'sign', durationS: 1, inputBytes });
      const rate = Math.max(1000, 1.6 * calibration.perSecond);
      const raw: RoundTarget = {
        name: 'sign',
        measure: async (durationS) => rateSample(await runLoad({ kind: 'sign', durationS, inputBytes })),
      };
      const ours: RoundTarget = {
        inProcess: true,
        name: 'tessera',
        measure: (d) => postRound(issuanceJob(tesseraUrl, client, d, rate, options.connections), ownCpu),
      };
      const theirs: RoundTarget = {
        name: 'oidc-provider',
        measure: (d) => postRound(issuanceJob(peer.tokenEndpoint, client, d, rate, options.connections), () => peer.cpu()),
      };
      const samples = await alternate([raw, ours, theirs], options.rounds, options.durationS, warmupS(options), log);
      const version = peerVersion();
      return {
        part: 'issuance',
        title: 'client_credentials with private_key_jwt (issue #3)',
        options,
        engine: tessera.database.engine,
        targets: targetRows(samples, [
          ['tessera', 'Tessera `POST /oauth2/v1/token`', 'req/s'],
          ['oidc-provider', `oidc-provider ${version} \`POST /token\``, 'req/s'],
          ['sign', "node:crypto `sign('sha256')`, RSA-2048, 1 thread", 'signatures/s'],
        ]),
        comparisons: [
          compare(samples, 'Tessera / oidc-provider', 'tessera', 'oidc-provider', PEER_GOAL),
          compare(samples, 'Tessera / raw RS256 signing', 'tessera', 'sign', SIGNING_GOAL),
        ],
        samples,
        notes: [
          `Tessera's access token: ${describeToken(tesseraToken['access_token'])}; oidc-provider's: ${describeToken(peerToken['access_token'])}.`,
          `Each round's assertions (RS256, kid, \`aud\` = the token endpoint, \`exp\` = iat + 300 s, uuid \`jti\`) are signed by the load generator before the round starts: ${Math.round(rate)} per second of the round (1.6 × the raw signing rate of a 1-second calibration), so no round runs out.`,
          `oidc-provider ${version} runs in its own process with its default in-memory adapter (assertion \`jti\`s kept in memory), \`features.clientCredentials\`, and \`features.resourceIndicators\` with \`defaultResource\` = its issuer and \`getResourceServerInfo\` → \`{accessTokenFormat: 'jwt', jwt: {sign: {alg: 'RS256'}}, accessTokenTTL: 3600}\`; it warns that Node 20 is not a runtime it supports (it asks for 22 LTS) but serves this grant. Tessera writes each \`jti\` to SQLite (single use on every node) and a System Log event per token.`,
        ],
      };
    } finally {
      peer.stop();
    }
  } finally {
    await tessera.close();
  }
}
