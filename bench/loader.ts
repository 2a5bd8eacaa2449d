/**
 * The load generator process (forked by bench/load.ts): receives one job over IPC, runs it
 * against the server on 127.0.0.1 and sends the result back.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { CannonJob, CannonResult, LoadJob, SequenceJob, SequenceResult, WalkJob, WalkResult } from './load-jobs.js';

async function cannon(job: CannonJob): Promise<CannonResult> {
  const result = await autocannon({ url: job.url, headers: { ...job.headers }, connections: job.connections, duration: job.durationS });
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    failures: result.non2xx + result.errors + result.timeouts,
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

function run(job: LoadJob): Promise<CannonResult | SequenceResult | WalkResult> {
  switch (job.kind) {
    case 'cannon':
      return cannon(job);
    case 'sequence':
      return sequence(job);
    case 'walk':
      return walk(job);
  }
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(0)),
  );
});
