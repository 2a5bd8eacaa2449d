/**
 * What usage insights cost per request, in instructions (issue #10: at most 5 % more CPU per
 * request on `GET /api/v1/users/{id}` with SSWS, insights on against off). CPU time on a shared
 * machine moves by tens of per cent from one round to the next (bench/throughput.ts measures it
 * anyway); an instruction count does not depend on what else the machine runs.
 *
 * A pair of Tessera nodes from the built code (bench/built-node.mjs over dist/, built first) on
 * the same database, one with `TESSERA_USAGE_INSIGHTS=on` and one with `off`, each under callgrind
 * (bench/callgrind.ts), with instrumentation off while they start and warm up on the same
 * requests. Then instrumentation goes on, and in each window both nodes' counters are zeroed, the
 * same requests go to each, one at a time over one keep-alive connection per node, alternating
 * (on, off, then off, on…), and both are dumped: each node's instructions per request on its main
 * thread over the same stretch of time. The main thread runs the event loop and, with V8 single-
 * threaded and no major collection in the windows (NODE_FLAGS), all of V8's work, scavenges
 * included; V8's compilers are not counted (COMPILER). The other threads (SQLite's checkpointer,
 * a worker thread that wakes ten times a second whatever the load; libuv's pool) are reported
 * beside but left out of the figure: their work follows the wall clock, not the requests. Each
 * pair is fresh processes; the pairs run one after the other.
 *
 * The figure is on ÷ off over all the windows of all the pairs (the ratio of the sums): it carries
 * the insights node's own flush, once a minute (at callgrind's pace, one every few thousand
 * requests instead of every few hundred thousand), and each node's scavenges as they fell. At the
 * end the counts in the store (the insights nodes flush them as they stop) must be exactly
 * the requests the insights nodes served, and the token's last use this run's, so that the
 * comparison is with insights really counting.
 */
import { execFile } from 'node:child_process';
import { Agent, get } from 'node:http';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { utcDay } from '../src/management/insights/usage-meter.js';
import type { Dialect } from '../src/store/database.js';
import { createUser } from '../test/fixtures/users.js';
import { freePort } from '../test/fixtures/free-port.js';
import { startUnderCallgrind, valgrindVersion, type CallgrindProcess } from './callgrind.js';
import { BENCH_POSTGRES_URL } from './databases.js';
import { ADA, startTessera, type TesseraUnderTest } from './servers.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE_ENTRY = fileURLToPath(new URL('./built-node.mjs', import.meta.url));
const TSC = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
/** The user agent of every request, found again in the token's last use. */
const USER_AGENT = 'tessera-bench-instructions';
const DAY_MS = 86_400_000;
/**
 * `--single-threaded`: V8 compiles and collects garbage on the thread that asks, so that what a
 * process does depends on what it ran, not on when a background compile happened to finish.
 * Without it, two runs of fresh processes on the same requests gave on ÷ off of 1.11–1.15 and
 * 1.01 (in the first, only the insights node kept building `process.nextTick`'s objects through
 * V8's runtime); with it, windows repeat within 0.1–0.5 %.
 *
 * `--initial-old-space-size`: no major collection in the measured windows. One costs about 150
 * million instructions on PostgreSQL (where the old generation grows by about 3 KB a request,
 * with insights on or off: 4 and 3 major collections in 10,000 requests, natively) and falls on
 * one node or the other by chance, a third of a window. Scavenges, which follow what a request
 * allocates, are still counted.
 */
const NODE_FLAGS = ['--single-threaded', '--initial-old-space-size=1024'];
/**
 * V8's compilers, not counted: compiling is paid once per function, not per request, and some of
 * it still happens after the warm-up. These are the runtime's entries into them, which never run
 * JavaScript and so never nest (a toggle inside a toggle would count again).
 */
const COMPILER = ['v8::internal::Runtime_Compile*', 'v8::internal::Runtime_BytecodeBudgetInterrupt*'];

export interface InstructionsOptions {
  /** Fresh pairs of nodes, one after the other. */
  readonly pairs: number;
  /** Windows per pair. */
  readonly windows: number;
  /** Requests to each node per window. */
  readonly requests: number;
  /** Requests to each node before instrumentation goes on. */
  readonly warmup: number;
  /** Keep the callgrind dumps here (otherwise in a temporary directory, deleted). */
  readonly keepDir: string | undefined;
}

export interface InstructionsWindow {
  readonly pair: number;
  readonly window: number;
  /** Instructions per request on the main thread, insights on. */
  readonly on: number;
  /** Instructions per request on the main thread, insights off. */
  readonly off: number;
  /** Instructions per request on the other threads (SQLite's checkpointer), insights on and off. */
  readonly onOthers: number;
  readonly offOthers: number;
}

export interface InstructionsReport {
  readonly dialect: Dialect;
  readonly engine: string;
  readonly valgrind: string;
  readonly options: InstructionsOptions;
  readonly windows: readonly InstructionsWindow[];
  /** Instructions per request on the main thread over every window of every pair. */
  readonly on: number;
  readonly off: number;
  /** on ÷ off: the figure against the goal. */
  readonly ratio: number;
  /** on ÷ off of each pair (fresh processes each). */
  readonly pairRatios: readonly number[];
  /** Seconds the measured windows took (callgrind runs Node some 50 times slower). */
  readonly measuredS: number;
  /** Requests the insights nodes served, and those the store counted for the token once they had stopped. */
  readonly served: number;
  readonly counted: number;
  /** The token's last use, as the store has it after the run (the run's address and user agent). */
  readonly lastUse: { readonly ipAddress: string | null; readonly userAgent: string | null };
}

interface Client {
  /** One request over the node's keep-alive connection. */
  send(): Promise<void>;
  /** `n` requests at once, each on a connection of its own. */
  burst(n: number): Promise<void>;
  /** Requests answered so far. */
  readonly sent: number;
  close(): void;
}

function clientOf(url: string, headers: Readonly<Record<string, string>>): Client {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let sent = 0;
  const request = (through: Agent) =>
    new Promise<void>((resolve, reject) => {
      get(url, { agent: through, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => {
          if (response.statusCode !== 200) reject(new Error(`GET ${url} → ${response.statusCode ?? '?'} ${Buffer.concat(chunks).toString()}`));
          sent += 1;
          resolve();
        });
        response.once('error', reject);
      }).once('error', reject);
    });
  return {
    send: () => request(agent),
    async burst(n) {
      const wide = new Agent({ keepAlive: true, maxSockets: n });
      try {
        await Promise.all(Array.from({ length: n }, () => request(wide)));
      } finally {
        wide.destroy();
      }
    },
    get sent() {
      return sent;
    },
    close: () => agent.destroy(),
  };
}

function databaseUrlOf(t: TesseraUnderTest): string {
  if (t.database.dialect === 'sqlite') return `sqlite:${t.database.location}`;
  // The node's pool runs in the benchmark's own schema, as bench/databases.ts opened it.
  const url = new URL(BENCH_POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${t.database.location}`);
  return url.href;
}

async function countedRequests(t: TesseraUnderTest): Promise<number> {
  const now = Date.now();
  const counts = await t.store.usage.counts({
    credentialType: 'API_TOKEN',
    credentialIds: [t.tokenId],
    sinceDay: utcDay(now - DAY_MS),
    untilDay: utcDay(now + DAY_MS),
  });
  return counts.reduce((sum, c) => sum + c.requests, 0);
}

interface Node {
  readonly process: CallgrindProcess;
  readonly client: Client;
}

async function startNode(t: TesseraUnderTest, insights: 'on' | 'off', name: string, dir: string, userId: string): Promise<Node> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    // valgrind and callgrind_control meet through FIFOs in TMPDIR.
    ...(process.env['TMPDIR'] === undefined ? {} : { TMPDIR: process.env['TMPDIR'] }),
    PORT: String(port),
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrlOf(t),
    TESSERA_MASTER_KEY: t.app.services.config.masterKey,
    TESSERA_MAX_REQUESTS_PER_SOCKET: '1000000',
    TESSERA_USAGE_INSIGHTS: insights,
    // No event hooks exist: the delivery worker's poll would only add the same reads to both nodes.
    TESSERA_EVENT_HOOK_POLL_INTERVAL: 'PT1H',
  };
  const node = await startUnderCallgrind({
    name,
    args: [...NODE_FLAGS, NODE_ENTRY],
    excluded: COMPILER,
    env,
    dir,
    readyLine: 'Tessera listening on',
  });
  const client = clientOf(`http://127.0.0.1:${port}/api/v1/users/${userId}`, { authorization: `SSWS ${t.token}`, 'user-agent': USER_AGENT });
  return { process: node, client };
}

/** `pairs` requests to each node, one at a time, the order swapped on every pair. */
async function alternate(on: Node, off: Node, pairs: number, first: number): Promise<void> {
  for (let i = 0; i < pairs; i++) {
    const [a, b] = (first + i) % 2 === 0 ? [on, off] : [off, on];
    await a.client.send();
    await b.client.send();
  }
}

/** Requests after the insights node's first flush, so that what it deoptimised is optimised again. */
const AFTER_FLUSH = 1000;

/**
 * Both nodes get the same requests: bursts of 20 at once first, so that each pool holds several
 * PostgreSQL connections (code that has seen one connection object is deoptimised when a second
 * appears, as on the insights node's first flush beside a request); then `requests` one at a time,
 * and more until the insights node has flushed once (its first flush compiles and deoptimises
 * code that later ones do not), and AFTER_FLUSH more.
 */
async function warmUp(t: TesseraUnderTest, on: Node, off: Node, requests: number): Promise<void> {
  for (let i = 0; i < 5; i++) for (const n of [on, off]) await n.client.burst(20);
  const counted = await countedRequests(t);
  await alternate(on, off, requests, 0);
  while ((await countedRequests(t)) === counted) await alternate(on, off, 100, 0);
  await alternate(on, off, AFTER_FLUSH, 0);
}

/** One pair of fresh nodes: warm-up, then the windows. */
async function measurePair(t: TesseraUnderTest, pair: number, userId: string, dir: string, options: InstructionsOptions, log: (line: string) => void) {
  const nodes = await Promise.all([startNode(t, 'on', `p${pair}-on`, dir, userId), startNode(t, 'off', `p${pair}-off`, dir, userId)]);
  const [on, off] = nodes;
  try {
    const warming = performance.now();
    await warmUp(t, on, off, options.warmup);
    await Promise.all(nodes.map((n) => n.process.instrument()));
    log(`  ${t.database.dialect} pair ${pair}: warmed up (${on.client.sent} requests each, ${seconds(warming)} s); instrumentation on`);
    const windows: InstructionsWindow[] = [];
    const started = performance.now();
    for (let w = 1; w <= options.windows; w++) {
      await Promise.all(nodes.map((n) => n.process.zero()));
      await alternate(on, off, options.requests, w);
      const [onCounts, offCounts] = await Promise.all([on.process.dump(), off.process.dump()]);
      const perRequest = (v: number) => v / options.requests;
      const window = {
        pair,
        window: w,
        on: perRequest(onCounts.main),
        off: perRequest(offCounts.main),
        onOthers: perRequest(onCounts.others),
        offOthers: perRequest(offCounts.others),
      };
      windows.push(window);
      log(
        `  ${t.database.dialect} pair ${pair} window ${w} (${seconds(started)} s): on ${window.on.toFixed(0)}, off ${window.off.toFixed(0)} instructions/request, ${(window.on / window.off).toFixed(4)}`,
      );
    }
    const measuredS = (performance.now() - started) / 1000;
    // SIGTERM: the insights node flushes its counts on the way out (src/server.ts).
    const codes = await Promise.all(nodes.map((n) => n.process.stop()));
    if (codes.some((c) => c !== 0)) throw new Error(`pair ${pair}: a node exited with ${codes.join(', ')}`);
    return { windows, measuredS, served: on.client.sent };
  } finally {
    for (const n of nodes) n.client.close();
    await Promise.all(nodes.map((n) => n.process.stop()));
  }
}

const seconds = (since: number): string => ((performance.now() - since) / 1000).toFixed(0);
const sumOf = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

export async function runInsightsInstructions(dialect: Dialect, options: InstructionsOptions, log: (line: string) => void): Promise<InstructionsReport> {
  const valgrind = await valgrindVersion();
  if (valgrind === undefined) throw new Error('valgrind is not installed');
  log(`  building dist/ (tsc -p tsconfig.build.json)…`);
  await run(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT });
  const tessera = await startTessera(dialect);
  const dir = options.keepDir ?? (await mkdtemp(join(tmpdir(), 'tessera-callgrind-')));
  if (options.keepDir !== undefined) await mkdir(options.keepDir, { recursive: true });
  try {
    const target = await createUser(tessera, ADA, { password: 'Analytical-Engine-1843' });
    // The seeding app serves nothing from here on: only the nodes under callgrind do.
    await tessera.app.fastify.close();
    const before = await countedRequests(tessera);
    const windows: InstructionsWindow[] = [];
    let measuredS = 0;
    let served = 0;
    for (let pair = 1; pair <= options.pairs; pair++) {
      const measured = await measurePair(tessera, pair, target.id, dir, options, log);
      windows.push(...measured.windows);
      measuredS += measured.measuredS;
      served += measured.served;
    }
    const counted = (await countedRequests(tessera)) - before;
    if (counted !== served) throw new Error(`the insights nodes served ${served} requests but the store counted ${counted}`);
    const lastUse = (await tessera.store.usage.lastUses('API_TOKEN', [tessera.tokenId])).get(tessera.tokenId);
    if (lastUse === undefined || lastUse.userAgent !== USER_AGENT) throw new Error(`the token's last use is not the run's: ${JSON.stringify(lastUse)}`);
    const on = sumOf(windows.map((w) => w.on)) / windows.length;
    const off = sumOf(windows.map((w) => w.off)) / windows.length;
    const pairRatios: number[] = [];
    for (let pair = 1; pair <= options.pairs; pair++) {
      const own = windows.filter((w) => w.pair === pair);
      pairRatios.push(sumOf(own.map((w) => w.on)) / sumOf(own.map((w) => w.off)));
    }
    return {
      dialect,
      engine: tessera.database.engine,
      valgrind,
      options,
      windows,
      on,
      off,
      ratio: on / off,
      pairRatios,
      measuredS,
      served,
      counted,
      lastUse: { ipAddress: lastUse.ipAddress, userAgent: lastUse.userAgent },
    };
  } finally {
    await tessera.database.dispose();
    if (options.keepDir === undefined) await rm(dir, { recursive: true, force: true });
  }
}
