/**
 * Benchmark settings, from the environment (every one optional), for every part:
 *
 * | Variable            | Default | Meaning                                                     |
 * |---------------------|---------|-------------------------------------------------------------|
 * | BENCH_DURATION      | 5       | seconds per round                                           |
 * | BENCH_ROUNDS        | 3       | rounds per target: (bare, ssws, ssws-off) for throughput;   |
 * |                     |         | for the OAuth parts, targets alternate within a round       |
 * | BENCH_CONNECTIONS   | 10      | concurrent connections of the load generator                |
 * | BENCH_USERS         | 100000  | users seeded for the growth benchmark                       |
 * | BENCH_SAMPLES       | 50      | timed requests per list query (at most 15 for table scans)  |
 * | BENCH_CREATES       | 200     | creates without a password per stage (1/10 as many with)    |
 * | BENCH_ONLY          | (all)   | `throughput`, `growth` or `instructions`: that part alone   |
 * | BENCH_DIALECTS      | sqlite,postgres | databases to run throughput and growth on           |
 * | BENCH_DATABASE_URL  | TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test |  |
 * | BENCH_OAUTH         | all     | `0`: skip the OAuth and sign-in parts in `npm run bench`;   |
 * |                     |         | or a comma list of `issuance,bearer,authn,refresh` to run   |
 * |                     |         | only those (with BENCH_ONLY set and BENCH_OAUTH unset, none |
 * |                     |         | of them runs)                                               |
 * | BENCH_WRITE         | 1       | 0: do not update BENCHMARKS.md                              |
 * | BENCH_CPU_PROF      |         | a directory: CPU profiles of the measured parts go there    |
 * | BENCH_INSTRUCTIONS  | 1       | 0: skip the instruction count of usage insights             |
 * | BENCH_INSTR_PAIRS   | 1       | fresh pairs of nodes (on, off) of the instruction count     |
 * | BENCH_INSTR_WINDOWS | 3       | measured windows per pair                                   |
 * | BENCH_INSTR_REQUESTS| 1000    | requests to each node per window                            |
 * | BENCH_INSTR_WARMUP  | 5000    | requests to each node at least before instrumentation goes  |
 * |                     |         | on (and until the insights node has flushed once)           |
 * | BENCH_CALLGRIND_DIR |         | a directory: keep the instruction count's callgrind dumps   |
 */
import type { Dialect } from '../src/store/database.js';
import type { GrowthOptions } from './growth.js';
import type { InstructionsOptions } from './insights-instructions.js';

export const OAUTH_PARTS = ['issuance', 'bearer', 'authn', 'refresh'] as const;
export type OAuthPart = (typeof OAUTH_PARTS)[number];

/** How every part runs its rounds. */
export interface RoundOptions {
  readonly durationS: number;
  readonly rounds: number;
  readonly connections: number;
}

export interface BenchOptions {
  readonly round: RoundOptions;
  readonly growth: GrowthOptions;
  /** The instruction count of usage insights (bench/insights-instructions.ts), or undefined when skipped. */
  readonly instructions: InstructionsOptions | undefined;
  readonly only: Part | undefined;
  readonly dialects: readonly Dialect[];
  readonly oauthParts: readonly OAuthPart[];
  readonly write: boolean;
  /** True when throughput and growth ran at their defaults' scope (both phases, both databases). */
  readonly complete: boolean;
}

/** The parts BENCH_ONLY may name. */
export const PARTS = ['throughput', 'growth', 'instructions'] as const;
export type Part = (typeof PARTS)[number];

export type Env = Readonly<Record<string, string | undefined>>;

/** `env[name]` as a positive number, `fallback` when unset; anything else is an error. */
export function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function oauthParts(env: Env): OAuthPart[] {
  const raw = env['BENCH_OAUTH'];
  // `BENCH_ONLY=throughput|growth` asks for one of the other parts: these do not run then, unless named.
  if ((raw === undefined || raw === '') && env['BENCH_ONLY'] !== undefined && env['BENCH_ONLY'] !== '') return [];
  if (raw === undefined || raw === '' || raw === '1' || raw === 'all') return [...OAUTH_PARTS];
  if (raw === '0') return [];
  const chosen = raw.split(',').map((p) => p.trim());
  for (const p of chosen) if (!(OAUTH_PARTS as readonly string[]).includes(p)) throw new Error(`BENCH_OAUTH: unknown part "${p}" (${OAUTH_PARTS.join(', ')})`);
  return chosen as OAuthPart[];
}

export function benchOptions(env: Env): BenchOptions {
  const onlyRaw = env['BENCH_ONLY'];
  const only = onlyRaw === undefined || onlyRaw === '' ? undefined : PARTS.find((p) => p === onlyRaw);
  if (onlyRaw !== undefined && onlyRaw !== '' && only === undefined) throw new Error(`BENCH_ONLY must be one of ${PARTS.join(', ')}, got "${onlyRaw}"`);
  const dialects = (env['BENCH_DIALECTS'] ?? 'sqlite,postgres').split(',').map((d) => d.trim());
  for (const d of dialects) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`BENCH_DIALECTS: unknown database "${d}"`);
  const creates = Math.round(positive(env, 'BENCH_CREATES', 200));
  const samples = Math.round(positive(env, 'BENCH_SAMPLES', 50));
  const keepDir = env['BENCH_CALLGRIND_DIR'];
  const instructions: InstructionsOptions = {
    pairs: Math.round(positive(env, 'BENCH_INSTR_PAIRS', 1)),
    windows: Math.round(positive(env, 'BENCH_INSTR_WINDOWS', 3)),
    requests: Math.round(positive(env, 'BENCH_INSTR_REQUESTS', 1000)),
    warmup: Math.round(positive(env, 'BENCH_INSTR_WARMUP', 5000)),
    keepDir: keepDir === undefined || keepDir === '' ? undefined : keepDir,
  };
  const skipInstructions = env['BENCH_INSTRUCTIONS'] === '0' || (only !== undefined && only !== 'instructions');
  return {
    round: {
      durationS: positive(env, 'BENCH_DURATION', 5),
      rounds: Math.round(positive(env, 'BENCH_ROUNDS', 3)),
      connections: Math.round(positive(env, 'BENCH_CONNECTIONS', 10)),
    },
    growth: {
      users: Math.round(positive(env, 'BENCH_USERS', 100_000)),
      samples,
      slowSamples: Math.min(samples, 15),
      createsWithoutPassword: creates,
      createsWithPassword: Math.max(1, Math.round(creates / 10)),
    },
    instructions: skipInstructions ? undefined : instructions,
    only,
    dialects: dialects as Dialect[],
    oauthParts: oauthParts(env),
    write: env['BENCH_WRITE'] !== '0',
    complete: only === undefined && dialects.includes('sqlite') && dialects.includes('postgres'),
  };
}

/** Warm-up length: a third of a round, at least a second. */
export const warmupS = (o: RoundOptions): number => Math.max(1, Math.round(o.durationS / 3));
