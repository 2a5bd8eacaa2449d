/**
 * Benchmark 2: cost as the org grows. Creates are timed with 1 user in the org and again with
 * `users` seeded; list pages are timed at page 1 and deep in the collection (the cursor is walked
 * there first), for the plain list, a `filter` and a `search`. Cursor pagination on indexed keys
 * should make every ratio about 1.
 */
import { sql } from 'kysely';
import type { Dialect } from '../src/store/database.js';
import { withCpuProfile } from './cpu-profile.js';
import { runLoad } from './load.js';
import type { SequenceJob, TimedRequest } from './load-jobs.js';
import { seededLogin, seedUsers } from './seed.js';
import { startTessera, type TesseraUnderTest } from './servers.js';
import { median, percentile } from './stats.js';

export interface GrowthOptions {
  readonly users: number;
  /** Timed passes over the list queries. */
  readonly samples: number;
  /** Timed passes over the queries that may scan the table (fewer: a scan need not run 50 times). */
  readonly slowSamples: number;
  readonly createsWithoutPassword: number;
  readonly createsWithPassword: number;
}

export interface Timing {
  readonly label: string;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly samples: number;
}

export interface CreateCosts {
  readonly usersBefore: number;
  readonly withoutPassword: Timing;
  readonly withPassword: Timing;
}

export interface QueryTiming extends Timing {
  readonly path: string;
  /** Page number of a deep page (1 for first pages). */
  readonly page: number;
}

export interface GrowthReport {
  readonly dialect: Dialect;
  readonly engine: string;
  readonly options: GrowthOptions;
  readonly seedSeconds: number;
  readonly createSmall: CreateCosts;
  readonly createLarge: CreateCosts;
  readonly walk: { readonly pages: number; readonly seconds: number; readonly firstPagesMs: number; readonly lastPagesMs: number };
  readonly queries: readonly QueryTiming[];
}

const LIMIT = 200;
const LIST = `/api/v1/users?limit=${LIMIT}`;
const FILTER = `${LIST}&filter=${encodeURIComponent('status eq "ACTIVE"')}`;
const SEARCH = `${LIST}&search=${encodeURIComponent('profile.department eq "Engineering"')}`;
const SEARCH_MISS = `${LIST}&search=${encodeURIComponent('profile.department eq "x"')}`;
const encoded = (name: string, expression: string) => `${LIST}&${name}=${encodeURIComponent(expression)}`;

function timing(label: string, latencies: readonly number[]): Timing {
  return { label, medianMs: median(latencies), p90Ms: percentile(latencies, 90), samples: latencies.length };
}

async function countUsers(t: TesseraUnderTest): Promise<number> {
  const row = await t.database.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function createCosts(t: TesseraUnderTest, stage: string, options: GrowthOptions): Promise<CreateCosts> {
  const usersBefore = await countUsers(t);
  const requests: TimedRequest[] = [];
  const body = (i: number, password: boolean) => {
    const login = `create.${stage}.${i}@example.com`;
    return {
      profile: { login, email: login, firstName: 'Bench', lastName: `Create ${i}` },
      ...(password ? { credentials: { password: { value: `Create-Passw0rd-${i}` } } } : {}),
    };
  };
  let i = 0;
  for (let w = 0; w < 5; w++) requests.push({ label: 'warmup', method: 'POST', path: '/api/v1/users?activate=true', body: body(i++, true) });
  // Interleaved: one create with a password after every few without, so drift hits both.
  const every = Math.max(1, Math.floor(options.createsWithoutPassword / Math.max(1, options.createsWithPassword)));
  let withPassword = 0;
  for (let n = 0; n < options.createsWithoutPassword; n++) {
    requests.push({ label: 'nopw', method: 'POST', path: '/api/v1/users?activate=true', body: body(i++, false) });
    if (n % every === every - 1 && withPassword < options.createsWithPassword) {
      requests.push({ label: 'pw', method: 'POST', path: '/api/v1/users?activate=true', body: body(i++, true) });
      withPassword++;
    }
  }
  const result = await runLoad({ kind: 'sequence', base: t.baseUrl, headers: { authorization: `SSWS ${t.token}` }, requests, repeat: 1, warmup: 0 });
  if (result.failure !== undefined) throw new Error(`create failed: ${result.failure}`);
  return {
    usersBefore,
    withoutPassword: timing('create without password', result.latencies['nopw'] ?? []),
    withPassword: timing('create with password', result.latencies['pw'] ?? []),
  };
}

async function walkToPage(t: TesseraUnderTest, path: string, pages: number) {
  const started = performance.now();
  const walk = await runLoad({ kind: 'walk', base: t.baseUrl, headers: { authorization: `SSWS ${t.token}` }, path, pages });
  return { ...walk, seconds: (performance.now() - started) / 1000 };
}

export async function runGrowth(dialect: Dialect, options: GrowthOptions, log: (line: string) => void): Promise<GrowthReport> {
  const t = await startTessera(dialect);
  try {
    const createSmall = await createCosts(t, 'small', options);
    log(
      `  ${dialect} create with ${createSmall.usersBefore} user(s): ${createSmall.withoutPassword.medianMs.toFixed(2)} ms (no password), ${createSmall.withPassword.medianMs.toFixed(1)} ms (password)`,
    );

    const seedSeconds = await seedUsers(t.database, options.users, Date.now());
    // What autovacuum's analyze would do shortly after a bulk load; SQLite keeps no statistics unless asked.
    if (dialect === 'postgres') await sql`analyze users, user_profile_values`.execute(t.database.db);
    log(`  ${dialect} seeded ${options.users} users in ${seedSeconds.toFixed(1)} s`);

    const createLarge = await createCosts(t, 'large', options);
    log(
      `  ${dialect} create with ${createLarge.usersBefore} users: ${createLarge.withoutPassword.medianMs.toFixed(2)} ms (no password), ${createLarge.withPassword.medianMs.toFixed(1)} ms (password)`,
    );

    const deepPage = Math.min(500, Math.floor(options.users / LIMIT));
    const list = await walkToPage(t, LIST, deepPage);
    if (list.pagesRead !== deepPage) throw new Error(`the list ended at page ${list.pagesRead}, before page ${deepPage}`);
    log(`  ${dialect} walked ${list.pagesRead} pages (${list.itemsRead} users) in ${list.seconds.toFixed(1)} s`);
    const filter = await walkToPage(t, FILTER, 1_000_000);
    const search = await walkToPage(t, SEARCH, 1_000_000);
    log(`  ${dialect} filter has ${filter.pagesRead} pages, search ${search.pagesRead} pages`);

    const someone = seededLogin(Math.floor(options.users / 2));
    const queries: { label: string; path: string; page: number; samples?: number }[] = [
      { label: 'list, first page', path: LIST, page: 1 },
      { label: `list, page ${list.pagesRead}`, path: list.lastPath, page: list.pagesRead },
      { label: 'filter status eq "ACTIVE", first page', path: FILTER, page: 1 },
      { label: `filter status eq "ACTIVE", last page (${filter.pagesRead})`, path: filter.lastPath, page: filter.pagesRead },
      { label: 'search profile.department eq "Engineering", first page', path: SEARCH, page: 1 },
      { label: `search profile.department eq "Engineering", last page (${search.pagesRead})`, path: search.lastPath, page: search.pagesRead },
      { label: 'search profile.department eq "x" (no match)', path: SEARCH_MISS, page: 1, samples: options.slowSamples },
      { label: 'filter profile.login eq "<one user>"', path: encoded('filter', `profile.login eq "${someone}"`), page: 1 },
      { label: 'filter profile.email eq "<one user>"', path: encoded('filter', `profile.email eq "${someone}"`), page: 1, samples: options.slowSamples },
      { label: "q=<one user's email prefix>", path: encoded('q', someone.slice(0, 10)), page: 1, samples: options.slowSamples },
    ];
    const job: SequenceJob = {
      kind: 'sequence',
      base: t.baseUrl,
      headers: { authorization: `SSWS ${t.token}` },
      requests: queries.map((q): TimedRequest => ({ label: q.label, method: 'GET', path: q.path, ...(q.samples !== undefined ? { samples: q.samples } : {}) })),
      repeat: options.samples,
      warmup: 3,
    };
    const timed = await withCpuProfile(`growth-${dialect}-queries`, () => runLoad(job));
    if (timed.failure !== undefined) throw new Error(`query failed: ${timed.failure}`);
    return {
      dialect,
      engine: t.database.engine,
      options,
      seedSeconds,
      createSmall,
      createLarge,
      walk: {
        pages: list.pagesRead,
        seconds: list.seconds,
        firstPagesMs: median(list.pageMs.slice(0, 10)),
        lastPagesMs: median(list.pageMs.slice(-10)),
      },
      queries: queries.map((q) => ({ ...timing(q.label, timed.latencies[q.label] ?? []), path: q.path, page: q.page })),
    };
  } finally {
    await t.close();
  }
}
