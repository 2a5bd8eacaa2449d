/**
 * Issue #4: `POST /api/v1/authn` sign-ins per second. Each one is bounded by the password check
 * (src/crypto/password-hash.ts: argon2id, in libuv's thread pool), so the raw argon2id rate at the
 * server's own cost, with as many verifications in flight as the pool has threads, is measured
 * beside it in the same run; so is a sign-in of an unknown user, which must cost the same (it is
 * checked against a dummy hash of the current parameters: one answer, one timing), and the raw
 * rate of the candidate that was not chosen, scrypt at OWASP's N = 2^17, r = 8, p = 1. Memory per
 * hash is the rise of resident memory with the pool full, divided by the hashes in flight.
 * Tessera runs in this process over a SQLite file.
 */
import { availableParallelism } from 'node:os';
import { createUserWithPassword } from './oauth-clients.js';
import type { PostJob, RateResult } from './load-jobs.js';
import { runLoad } from './load.js';
import { warmupS, type RoundOptions } from './options.js';
import { targetRows, type PartReport } from './oauth-part.js';
import { alternate, compare, ownCpu, postRound, rateSample, type RoundTarget, type Sample } from './oauth-rounds.js';
import { currentRssMiB, withPeakRss } from './rss.js';
import { startTessera } from './servers.js';

/** libuv's pool size, which bounds concurrent hashes (UV_THREADPOOL_SIZE, default 4). */
export const POOL_SIZE = Number(process.env['UV_THREADPOOL_SIZE'] ?? 4);

/** OWASP's scrypt minimum, the other candidate (128 · N · r = 128 MiB per derivation). */
const SCRYPT_CANDIDATE = { log2N: 17, r: 8, p: 1 } as const;

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

/** A raw hash round, keeping the largest memory rise seen. */
function rawTarget(name: string, run: (durationS: number) => Promise<RateResult>, memory: Map<string, number>): RoundTarget {
  return {
    name,
    async measure(durationS): Promise<Sample> {
      const r = await run(durationS);
      memory.set(name, Math.max(memory.get(name) ?? 0, r.extraRssMiB ?? 0));
      return rateSample(r);
    },
  };
}

export async function runAuthn(options: RoundOptions, log: (line: string) => void): Promise<PartReport> {
  const tessera = await startTessera('sqlite');
  try {
    const login = 'grace.hopper@example.com';
    const password = 'Cobol-Compiler-1959!';
    await createUserWithPassword(tessera, login, password, []);
    const cost = tessera.app.services.config.passwordHash;
    const memory = new Map<string, number>();
    const argon2id = rawTarget('argon2id', (durationS) => runLoad({ kind: 'argon2id', durationS, ...cost, parallel: POOL_SIZE }), memory);
    const scrypt = rawTarget('scrypt-n17', (durationS) => runLoad({ kind: 'scrypt', durationS, ...SCRYPT_CANDIDATE, parallel: POOL_SIZE }), memory);
    const rssBefore = currentRssMiB();
    let rssPeak = rssBefore;
    const served = (name: string, username: string, status: number): RoundTarget => ({
      inProcess: true,
      name,
      async measure(d) {
        const { value, peakRssMiB } = await withPeakRss(() => postRound(authnJob(tessera.baseUrl, username, password, status, d, options.connections), ownCpu));
        rssPeak = Math.max(rssPeak, peakRssMiB);
        return value;
      },
    });
    const signIn = served('authn', login, 200);
    const unknown = served('authn-unknown', 'nobody@example.com', 401);
    const samples = await alternate([argon2id, signIn, unknown, scrypt], options.rounds, options.durationS, warmupS(options), log);
    const inFlight = Math.min(POOL_SIZE, options.connections);
    const perHash = (name: string): string => ((memory.get(name) ?? 0) / POOL_SIZE).toFixed(1);
    return {
      part: 'authn',
      title: '`POST /api/v1/authn` sign-ins (issue #4)',
      options,
      engine: tessera.database.engine,
      targets: targetRows(samples, [
        ['authn', 'Tessera `POST /api/v1/authn`, right password → 200 SUCCESS', 'req/s'],
        ['authn-unknown', 'Tessera `POST /api/v1/authn`, unknown user → 401 E0000004', 'req/s'],
        ['argon2id', `@node-rs/argon2 argon2id verify at the same cost, ${POOL_SIZE} in flight`, 'hashes/s'],
        ['scrypt-n17', `node:crypto scrypt N = 2^17, r = 8, p = 1 (the candidate not chosen), ${POOL_SIZE} in flight`, 'derivations/s'],
      ]),
      comparisons: [
        compare(samples, 'sign-ins / raw argon2id', 'authn', 'argon2id'),
        compare(samples, 'unknown user / sign-ins (same cost expected)', 'authn-unknown', 'authn'),
        compare(samples, 'raw argon2id / raw scrypt N = 2^17', 'argon2id', 'scrypt-n17'),
      ],
      samples,
      notes: [
        `Password hash: argon2id v=19, m = ${cost.memoryKiB} KiB, t = ${cost.iterations}, p = ${cost.parallelism}, 32-byte hash, 16-byte random salt (config \`passwordHash\`, TESSERA_ARGON2_*).`,
        `Memory per hash (peak resident rise of the generator with ${POOL_SIZE} in flight, ÷ ${POOL_SIZE}): argon2id ${perHash('argon2id')} MiB, scrypt N = 2^17 ${perHash('scrypt-n17')} MiB (128 · N · r = 128 MiB).`,
        `Serving process: ${rssBefore.toFixed(0)} MiB resident before the rounds, ${rssPeak.toFixed(0)} MiB at the peak of the sign-in rounds (up to ${inFlight} hashes in flight).`,
        `Hashes run in libuv's pool (${POOL_SIZE} threads) on ${availableParallelism()} cores; each success also writes a session token and a \`user.session.start\` event, each failure the event.`,
      ],
    };
  } finally {
    await tessera.close();
  }
}
