/**
 * The physical limits the servers are held against, measured in the load generator's process
 * (bench/loader.ts): RS256 signatures per second of node:crypto in one thread, and password
 * hashes (scrypt, argon2id) per second through libuv's pool, with the memory they hold.
 */
import { generateKeyPairSync, randomBytes, scrypt, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import type { Argon2idJob, RateResult, ScryptJob, SignJob } from './load-jobs.js';
import { percentile } from './stats.js';

function rate(latenciesUs: readonly number[], seconds: number, cpu: NodeJS.CpuUsage): RateResult {
  return {
    cpuUsPerOp: (cpu.user + cpu.system) / Math.max(1, latenciesUs.length),
    perSecond: latenciesUs.length / seconds,
    operations: latenciesUs.length,
    seconds,
    p50Us: percentile(latenciesUs, 50),
    p99Us: percentile(latenciesUs, 99),
  };
}

/** One thread, synchronous `crypto.sign('sha256', …)`: what one core can sign, and nothing else. */
export function signRate(job: SignJob): RateResult {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = Buffer.from(
    randomBytes(Math.ceil((job.inputBytes * 3) / 4))
      .toString('base64url')
      .slice(0, job.inputBytes),
  );
  for (let i = 0; i < 200; i++) sign('sha256', input, privateKey);
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + job.durationS * 1000;
  let now = start;
  while (now < end) {
    sign('sha256', input, privateKey);
    const after = performance.now();
    latencies.push((after - now) * 1000);
    now = after;
  }
  return rate(latencies, (now - start) / 1000, process.cpuUsage(cpu));
}

/**
 * `parallel` hashes in flight at all times, as concurrent sign-ins keep libuv's pool busy; the
 * resident memory is sampled meanwhile, so that its rise over the start is what the hashes hold.
 */
async function hashRate(derive: () => Promise<unknown>, parallel: number, durationS: number): Promise<RateResult> {
  await derive();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + durationS * 1000;
  const lane = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      await derive();
      latencies.push((performance.now() - t0) * 1000);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  clearInterval(sampler);
  return { ...rate(latencies, (performance.now() - start) / 1000, process.cpuUsage(cpu)), extraRssMiB: (peak - baseline) / 2 ** 20 };
}

const PASSWORD = 'Correct-Horse-Battery-9';

export function scryptRate(job: ScryptJob): Promise<RateResult> {
  const N = 2 ** job.log2N;
  const options = { N, r: job.r, p: job.p, maxmem: 256 * N * job.r };
  const derive = () => new Promise<void>((resolve, reject) => scrypt(PASSWORD, randomBytes(16), 32, options, (error) => (error ? reject(error) : resolve())));
  return hashRate(derive, job.parallel, job.durationS);
}

/** Verifications, as a sign-in runs them (the same work as hashing, without the salt). */
export async function argon2idRate(job: Argon2idJob): Promise<RateResult> {
  const stored = await argon2Hash(PASSWORD, { memoryCost: job.memoryKiB, timeCost: job.iterations, parallelism: job.parallelism });
  return hashRate(() => argon2Verify(stored, PASSWORD), job.parallel, job.durationS);
}
