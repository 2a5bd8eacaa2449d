/**
 * Issue #4: `POST /api/v1/authn` sign-ins per second. Each one is bounded by the scrypt run of
 * the password check (src/crypto/password-hash.ts, in libuv's thread pool), so the raw scrypt
 * rate at the same cost, with as many derivations in flight as the pool has threads, is measured
 * beside it; so is a sign-in of an unknown user, which must cost the same (it is checked against
 * a dummy hash: one answer, one timing). Tessera runs in this process over a SQLite file.
 */
import { availableParallelism } from 'node:os';
import { createUserWithPassword } from './oauth-fixtures.js';
import type { PostJob } from './oauth-jobs.js';
import { runOAuthLoad } from './oauth-load.js';
import { warmupS, type RoundOptions } from './oauth-options.js';
import { targetRows, type PartReport } from './oauth-part.js';
import { alternate, compare, ownCpu, postRound, type RoundTarget, type Sample } from './oauth-rounds.js';
import { startTessera } from './servers.js';

/** libuv's pool size, which bounds concurrent scrypt runs (UV_THREADPOOL_SIZE, default 4). */
export const POOL_SIZE = Number(process.env['UV_THREADPOOL_SIZE'] ?? 4);

function authnJob(baseUrl: string, username: string, password: string, expectStatus: number, durationS: number, connections: number): PostJob {
  return {
    kind: 'post',
    url: `${baseUrl}/api/v1/authn`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    bodies: { kind: 'static', body: JSON.stringify({ username, password }) },
    connections,
    durationS,
    expectStatus,
  };
}

export async function runAuthn(options: RoundOptions, log: (line: string) => void): Promise<PartReport> {
  const tessera = await startTessera('sqlite');
  try {
    const login = 'grace.hopper@example.com';
    const password = 'Cobol-Compiler-1959!';
    await createUserWithPassword(tessera, login, password, []);
    // The scrypt cost of the hashes written before argon2id; the bench measures argon2id in the next commit.
    const cost = { log2N: 15, r: 8, p: 1 };
    const rawScrypt: RoundTarget = {
      name: 'scrypt',
      async measure(durationS): Promise<Sample> {
        const r = await runOAuthLoad({ kind: 'scrypt', durationS, log2N: cost.log2N, r: cost.r, p: cost.p, parallel: POOL_SIZE });
        return { rps: r.perSecond, requests: r.operations, p50Ms: r.p50Us / 1000, p99Ms: r.p99Us / 1000, cpuUsPerRequest: r.cpuUsPerOp };
      },
    };
    const signIn: RoundTarget = { inProcess: true, name: 'authn', measure: (d) => postRound(authnJob(tessera.baseUrl, login, password, 200, d, options.connections), ownCpu) };
    const unknown: RoundTarget = { inProcess: true, name: 'authn-unknown', measure: (d) => postRound(authnJob(tessera.baseUrl, 'nobody@example.com', password, 401, d, options.connections), ownCpu) };
    const samples = await alternate([rawScrypt, signIn, unknown], options.rounds, options.durationS, warmupS(options), log);
    const mib = (128 * 2 ** cost.log2N * cost.r) / 2 ** 20;
    return {
      part: 'authn',
      title: '`POST /api/v1/authn` sign-ins (issue #4)',
      options,
      engine: tessera.database.engine,
      targets: targetRows(samples, [
        ['authn', 'Tessera `POST /api/v1/authn`, right password → 200 SUCCESS', 'req/s'],
        ['authn-unknown', 'Tessera `POST /api/v1/authn`, unknown user → 401 E0000004', 'req/s'],
        ['scrypt', `node:crypto scrypt at the same cost, ${POOL_SIZE} in flight`, 'derivations/s'],
      ]),
      comparisons: [compare(samples, 'sign-ins / raw scrypt', 'authn', 'scrypt'), compare(samples, 'unknown user / sign-ins (same cost expected)', 'authn-unknown', 'authn')],
      samples,
      notes: [
        `Password hash: scrypt N = 2^${cost.log2N} (${2 ** cost.log2N}), r = ${cost.r}, p = ${cost.p}, 32-byte key, 16-byte random salt per password (\`DEFAULT_SCRYPT_COST\`, src/crypto/password-hash.ts): ${mib} MiB of memory per derivation (128 · N · r bytes).`,
        `scrypt runs in libuv's pool (${POOL_SIZE} threads) on ${availableParallelism()} cores; each success also writes a session token and a \`user.session.start\` event, each failure the event.`,
      ],
    };
  } finally {
    await tessera.close();
  }
}
