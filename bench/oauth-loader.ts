/**
 * The OAuth and sign-in benchmarks' load generator (forked by bench/oauth-load.ts): receives one
 * job over IPC, runs it, sends the result back. Also measures the physical limits the servers
 * are held against: RS256 signatures per second of node:crypto in one process, and password
 * hashes (scrypt, argon2id) per second through libuv's pool, with the memory they hold.
 */
import { generateKeyPairSync, randomBytes, scrypt, sign } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { performance } from 'node:perf_hooks';
import { cannon } from './oauth-autocannon.js';
import { bodyFeed } from './oauth-bodies.js';
import type { Argon2idJob, OAuthLoadJob, PostJob, PostResult, RateResult, ScryptJob, SignJob } from './oauth-jobs.js';
import { percentile } from './stats.js';

async function post(job: PostJob): Promise<PostResult> {
  const feed = await bodyFeed(job.bodies, job.durationS);
  let firstFailure: string | undefined;
  const result = await cannon({
    url: job.url,
    connections: job.connections,
    duration: job.durationS,
    requests: [
      {
        method: 'POST',
        headers: { ...job.headers },
        setupRequest: (request) => ({ ...request, body: feed.next() }),
        onResponse: (status, body) => {
          if (status !== job.expectStatus && firstFailure === undefined) firstFailure = `${status} ${body.slice(0, 400)}`;
          feed.answered(status, body);
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statuses[code] = count;
  const expected = statuses[String(job.expectStatus)] ?? 0;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    failures: answered - expected + result.errors + result.timeouts,
    statuses,
    firstFailure,
    prepareMs: feed.prepareMs,
    prepared: feed.prepared,
    exhausted: feed.exhausted(),
    leftover: feed.leftover(),
  };
}

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
function signRate(job: SignJob): RateResult {
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

function scryptRate(job: ScryptJob): Promise<RateResult> {
  const N = 2 ** job.log2N;
  const options = { N, r: job.r, p: job.p, maxmem: 256 * N * job.r };
  const derive = () => new Promise<void>((resolve, reject) => scrypt(PASSWORD, randomBytes(16), 32, options, (error) => (error ? reject(error) : resolve())));
  return hashRate(derive, job.parallel, job.durationS);
}

/** Verifications, as a sign-in runs them (the same work as hashing, without the salt). */
async function argon2idRate(job: Argon2idJob): Promise<RateResult> {
  const stored = await argon2Hash(PASSWORD, { memoryCost: job.memoryKiB, timeCost: job.iterations, parallelism: job.parallelism });
  return hashRate(() => argon2Verify(stored, PASSWORD), job.parallel, job.durationS);
}

function run(job: OAuthLoadJob): Promise<PostResult | RateResult> {
  switch (job.kind) {
    case 'post':
      return post(job);
    case 'sign':
      return Promise.resolve(signRate(job));
    case 'scrypt':
      return scryptRate(job);
    case 'argon2id':
      return argon2idRate(job);
  }
}

process.once('message', (job: OAuthLoadJob) => {
  run(job).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(0)),
  );
});
