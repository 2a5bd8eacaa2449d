/**
 * Settings of the OAuth and sign-in benchmarks (issues #3 and #4), from the environment. The
 * round settings are the ones bench/options.ts documents, with the same defaults:
 *
 * | Variable           | Default | Meaning                                                        |
 * |--------------------|---------|----------------------------------------------------------------|
 * | BENCH_DURATION     | 5       | seconds per round                                              |
 * | BENCH_ROUNDS       | 3       | rounds per target (targets alternate within a round)           |
 * | BENCH_CONNECTIONS  | 10      | concurrent connections of the load generator                   |
 * | BENCH_OAUTH        | all     | `0`: skip these parts in `npm run bench`; or a comma list of   |
 * |                    |         | `issuance,bearer,authn,refresh` to run only those (with        |
 * |                    |         | BENCH_ONLY set and BENCH_OAUTH unset, none of them runs)       |
 * | BENCH_WRITE        | 1       | 0: do not update BENCHMARKS.md                                 |
 */
import { positive, type Env } from './options.js';

export const OAUTH_PARTS = ['issuance', 'bearer', 'authn', 'refresh'] as const;
export type OAuthPart = (typeof OAUTH_PARTS)[number];

export interface RoundOptions {
  readonly durationS: number;
  readonly rounds: number;
  readonly connections: number;
}

export interface OAuthBenchOptions {
  readonly round: RoundOptions;
  readonly parts: readonly OAuthPart[];
  readonly write: boolean;
}

function parts(env: Env): OAuthPart[] {
  const raw = env['BENCH_OAUTH'];
  // `BENCH_ONLY=throughput|growth` asks for one of issue #2's parts: these do not run then, unless named.
  if ((raw === undefined || raw === '') && env['BENCH_ONLY'] !== undefined && env['BENCH_ONLY'] !== '') return [];
  if (raw === undefined || raw === '' || raw === '1' || raw === 'all') return [...OAUTH_PARTS];
  if (raw === '0') return [];
  const chosen = raw.split(',').map((p) => p.trim());
  for (const p of chosen) if (!(OAUTH_PARTS as readonly string[]).includes(p)) throw new Error(`BENCH_OAUTH: unknown part "${p}" (${OAUTH_PARTS.join(', ')})`);
  return chosen as OAuthPart[];
}

export function oauthBenchOptions(env: Env): OAuthBenchOptions {
  return {
    round: {
      durationS: positive(env, 'BENCH_DURATION', 5),
      rounds: Math.round(positive(env, 'BENCH_ROUNDS', 3)),
      connections: Math.round(positive(env, 'BENCH_CONNECTIONS', 10)),
    },
    parts: parts(env),
    write: env['BENCH_WRITE'] !== '0',
  };
}

/** Warm-up length: a third of a round, at least a second. */
export const warmupS = (o: RoundOptions): number => Math.max(1, Math.round(o.durationS / 3));
