/**
 * The load generator process (forked by bench/load.ts): receives one job over IPC, runs it
 * against the server on 127.0.0.1 (or, for a raw rate, in this process: bench/raw-rates.ts) and
 * sends the result back.
 */
import { performance } from 'node:perf_hooks';
import autocannon, { type AutocannonResult } from 'autocannon';
import { replyToParent } from './child-process.js';
import type { CannonJob, CannonResult, LoadJob, LoadResult, PostJob, PostResult, SequenceJob, SequenceResult, WalkJob, WalkResult } from './load-jobs.js';
import { bodyFeed } from './oauth-bodies.js';
import { argon2idRate, scryptRate, signRate } from './raw-rates.js';

/** autocannon's figures of a round; what counts as a failure is the job's to say. */
function figures(result: AutocannonResult): Omit<CannonResult, 'failures'> {
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
  };
}

async function cannon(job: CannonJob): Promise<CannonResult> {
  const result = await autocannon({ url: job.url, headers: { ...job.headers }, connections: job.connections, duration: job.durationS });
  return { ...figures(result), failures: result.non2xx + result.errors + result.timeouts };
}

async function post(job: PostJob): Promise<PostResult> {
  const feed = await bodyFeed(job.bodies, job.durationS);
  let firstFailure: string | undefined;
  const result = await autocannon({
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
    ...figures(result),
    failures: answered - expected + result.errors + result.timeouts,
    statuses,
    firstFailure,
    prepareMs: feed.prepareMs,
    prepared: feed.prepared,
    exhausted: feed.exhausted(),
    leftover: feed.leftover(),
  };
}

async function timed(base: string, headers: Readonly<Record<string, string>>, method: string, path: string, body: unknown) {
  const init: RequestInit = {
    method,
    headers: body === undefined ? { ...headers } : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
  const start = performance.now();
  const response = await fetch(base + path, init);
  const text = await response.text();
  const ms = performance.now() - start;
  return { ms, response, text };
}

async function sequence(job: SequenceJob): Promise<SequenceResult> {
  const latencies: Record<string, number[]> = {};
  for (const request of job.requests) latencies[request.label] = [];
  let failure: string | undefined;
  for (let pass = 0; pass < job.warmup + job.repeat; pass++) {
    for (const request of job.requests) {
      if (request.samples !== undefined && pass >= job.warmup + request.samples) continue;
      const { ms, response, text } = await timed(job.base, job.headers, request.method, request.path, request.body);
      if (response.status >= 300 && failure === undefined) failure = `${request.method} ${request.path} → ${response.status} ${text.slice(0, 300)}`;
      if (pass >= job.warmup) latencies[request.label]?.push(ms);
    }
  }
  return { latencies, failure };
}

const NEXT = /<([^>]+)>;\s*rel="next"/;

async function walk(job: WalkJob): Promise<WalkResult> {
  let path = job.path;
  const pageMs: number[] = [];
  let itemsRead = 0;
  for (let page = 1; page <= job.pages; page++) {
    const { ms, response, text } = await timed(job.base, job.headers, 'GET', path, undefined);
    if (response.status !== 200) throw new Error(`GET ${path} → ${response.status} ${text.slice(0, 300)}`);
    pageMs.push(ms);
    itemsRead += (JSON.parse(text) as unknown[]).length;
    if (page === job.pages) break;
    const next = NEXT.exec(response.headers.get('link') ?? '')?.[1];
    if (next === undefined) break;
    const url = new URL(next);
    path = url.pathname + url.search;
  }
  return { lastPath: path, pagesRead: pageMs.length, itemsRead, pageMs };
}

async function run(job: LoadJob): Promise<LoadResult<LoadJob>> {
  switch (job.kind) {
    case 'cannon':
      return cannon(job);
    case 'post':
      return post(job);
    case 'sequence':
      return sequence(job);
    case 'walk':
      return walk(job);
    case 'sign':
      return signRate(job);
    case 'scrypt':
      return scryptRate(job);
    case 'argon2id':
      return argon2idRate(job);
  }
}

process.once('message', (job: LoadJob) => replyToParent(run(job)));
