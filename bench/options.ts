/**
 * Benchmark settings, from the environment (every one optional):
 *
 * | Variable            | Default | Meaning                                                     |
 * |---------------------|---------|-------------------------------------------------------------|
 * | BENCH_DURATION      | 5       | seconds per throughput round                                |
 * | BENCH_ROUNDS        | 3       | pairs of rounds (bare, ssws) per database                   |
 * | BENCH_CONNECTIONS   | 10      | concurrent connections of the load generator                |
 * | BENCH_USERS         | 100000  | users seeded for the growth benchmark                       |
 * | BENCH_SAMPLES       | 50      | timed requests per list query (at most 15 for table scans)  |
 * | BENCH_CREATES       | 200     | creates without a password per stage (1/10 as many with)    |
 * | BENCH_ONLY          | (both)  | `throughput` or `growth`                                    |
 * | BENCH_DIALECTS      | sqlite,postgres | databases to run on                                 |
 * | BENCH_DATABASE_URL  | TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test |  |
 * | BENCH_WRITE         | 1       | 0: do not update BENCHMARKS.md                              |
 * | BENCH_CPU_PROF      |         | a directory: CPU profiles of the measured parts go there    |
 */
import type { Dialect } from '../src/store/database.js';
import type { GrowthOptions } from './growth.js';
import type { ThroughputOptions } from './throughput.js';

export interface BenchOptions {
  readonly throughput: Omit<ThroughputOptions, 'targets'>;
  readonly growth: GrowthOptions;
  readonly only: 'throughput' | 'growth' | undefined;
  readonly dialects: readonly Dialect[];
  readonly write: boolean;
  /** True when every part ran at its defaults' scope (all phases, all databases). */
  readonly complete: boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** `env[name]` as a positive number, `fallback` when unset; anything else is an error. */
export function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function benchOptions(env: Env): BenchOptions {
  const onlyRaw = env['BENCH_ONLY'];
  if (onlyRaw !== undefined && onlyRaw !== '' && onlyRaw !== 'throughput' && onlyRaw !== 'growth') {
    throw new Error(`BENCH_ONLY must be throughput or growth, got "${onlyRaw}"`);
  }
  const dialects = (env['BENCH_DIALECTS'] ?? 'sqlite,postgres').split(',').map((d) => d.trim());
  for (const d of dialects) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`BENCH_DIALECTS: unknown database "${d}"`);
  const creates = Math.round(positive(env, 'BENCH_CREATES', 200));
  const samples = Math.round(positive(env, 'BENCH_SAMPLES', 50));
  const only = onlyRaw === 'throughput' || onlyRaw === 'growth' ? onlyRaw : undefined;
  return {
    throughput: {
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
    only,
    dialects: dialects as Dialect[],
    write: env['BENCH_WRITE'] !== '0',
    complete: only === undefined && dialects.includes('sqlite') && dialects.includes('postgres'),
  };
}
