/**
 * What each OAuth or sign-in benchmark part reports back to bench/oauth-run.ts: its alternating
 * round samples, a summary per target, the ratios it is judged by, and notes on the setup
 * (cost parameters, token sizes, versions) for BENCHMARKS.md.
 */
import type { OAuthPart, RoundOptions } from './options.js';
import { summarise, type Comparison, type RoundSample, type TargetSummary } from './oauth-rounds.js';

export interface TargetRow {
  readonly name: string;
  /** What was measured, for the table (e.g. "Tessera POST /oauth2/v1/token"). */
  readonly label: string;
  /** Unit of the rate: "req/s", "signatures/s", "derivations/s". */
  readonly unit: string;
  readonly summary: TargetSummary;
}

export interface PartReport {
  readonly part: OAuthPart;
  readonly title: string;
  readonly options: RoundOptions;
  readonly engine: string;
  readonly targets: readonly TargetRow[];
  readonly comparisons: readonly Comparison[];
  readonly samples: readonly RoundSample[];
  readonly notes: readonly string[];
}

export function targetRows(samples: readonly RoundSample[], labels: ReadonlyArray<readonly [name: string, label: string, unit: string]>): TargetRow[] {
  return labels.map(([name, label, unit]) => ({ name, label, unit, summary: summarise(samples, name) }));
}
