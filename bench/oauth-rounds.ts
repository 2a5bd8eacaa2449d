/**
 * Alternating rounds for the OAuth and sign-in benchmarks: every target runs once per round, in
 * the same order, so that drift on a shared machine (other work, CPU boost, GC state) hits all
 * targets alike; figures are medians over rounds, ratios are taken per round (targets measured
 * seconds apart) and their median reported. Each sample also carries the server's CPU time per
 * request, which holds steadier than req/s when other processes share the cores.
 */
import { withCpuProfile } from './cpu-profile.js';
import { runLoad } from './load.js';
import type { CannonJob, LoadResult, PostJob, PostResult, RateResult } from './load-jobs.js';
import { median } from './stats.js';

export interface Sample {
  readonly rps: number;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU (user + system, all threads) of the serving process per request served, µs. */
  readonly cpuUsPerRequest: number;
}

export interface RoundSample extends Sample {
  readonly target: string;
  readonly round: number;
}

export interface RoundTarget {
  readonly name: string;
  /** Served by this process: its measured rounds are CPU-profiled when BENCH_CPU_PROF names a directory. */
  readonly inProcess?: boolean;
  measure(durationS: number): Promise<Sample>;
}

export interface TargetSummary {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuUsPerRequest: number;
}

type ReadCpu = () => Promise<NodeJS.CpuUsage>;

/** An autocannon round against a server whose CPU is read by `cpu()` (this process, or a peer over IPC). */
async function serverRound<J extends CannonJob | PostJob>(job: J, cpu: ReadCpu): Promise<Sample & { readonly result: LoadResult<J> }> {
  const before = await cpu();
  const result = await runLoad(job);
  const after = await cpu();
  const cpuUs = after.user - before.user + (after.system - before.system);
  return {
    result,
    rps: result.rps,
    requests: result.requests,
    p50Ms: result.latencyP50Ms,
    p99Ms: result.latencyP99Ms,
    cpuUsPerRequest: cpuUs / Math.max(1, result.requests),
  };
}

/** A GET round; `name` says which target failed. */
export async function cannonRound(name: string, job: CannonJob, cpu: ReadCpu): Promise<Sample> {
  const { result, ...sample } = await serverRound(job, cpu);
  if (result.failures > 0) throw new Error(`${name}: ${result.failures} failed requests`);
  return sample;
}

/** A POST round, whose result stays in the sample (the refresh part hands its leftover tokens on). */
export async function postRound(job: PostJob, cpu: ReadCpu): Promise<Sample & { readonly result: PostResult }> {
  const sample = await serverRound(job, cpu);
  const { result } = sample;
  if (result.failures > 0 || result.exhausted) {
    const why = result.exhausted
      ? `all ${result.prepared} prepared bodies used up`
      : `statuses ${JSON.stringify(result.statuses)}; first: ${result.firstFailure ?? '(none)'}`;
    throw new Error(`POST ${job.url}: ${result.failures} unexpected answers (${why})`);
  }
  return sample;
}

/** A raw rate measured in the load generator (its own CPU per operation), as a round's sample. */
export function rateSample(r: RateResult): Sample {
  return { rps: r.perSecond, requests: r.operations, p50Ms: r.p50Us / 1000, p99Ms: r.p99Us / 1000, cpuUsPerRequest: r.cpuUsPerOp };
}

export const ownCpu = (): Promise<NodeJS.CpuUsage> => Promise.resolve(process.cpuUsage());

export async function alternate(
  targets: readonly RoundTarget[],
  rounds: number,
  durationS: number,
  warmupS: number,
  log: (line: string) => void,
): Promise<RoundSample[]> {
  for (const target of targets) await target.measure(warmupS);
  const samples: RoundSample[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const target of targets) {
      const sample =
        target.inProcess === true
          ? await withCpuProfile(`oauth-${target.name}-round${round}`, () => target.measure(durationS))
          : await target.measure(durationS);
      samples.push({ ...sample, target: target.name, round });
      log(
        `  round ${round} ${target.name.padEnd(22)} ${sample.rps.toFixed(0).padStart(7)} /s  p50 ${sample.p50Ms} ms  p99 ${sample.p99Ms} ms  ${sample.cpuUsPerRequest.toFixed(0)} µs CPU/op`,
      );
    }
  }
  return samples;
}

export function summarise(samples: readonly RoundSample[], target: string): TargetSummary {
  const mine = samples.filter((s) => s.target === target);
  return {
    rps: median(mine.map((s) => s.rps)),
    p50Ms: median(mine.map((s) => s.p50Ms)),
    p99Ms: median(mine.map((s) => s.p99Ms)),
    cpuUsPerRequest: median(mine.map((s) => s.cpuUsPerRequest)),
  };
}

/** `ratio` of the numerator's sample to the denominator's, round by round. */
function perRound(samples: readonly RoundSample[], numerator: string, denominator: string, ratio: (n: RoundSample, d: RoundSample) => number): number[] {
  const ratios: number[] = [];
  for (const s of samples) {
    if (s.target !== numerator) continue;
    const d = samples.find((x) => x.round === s.round && x.target === denominator);
    if (d !== undefined) ratios.push(ratio(s, d));
  }
  return ratios;
}

/** `numerator` rps / `denominator` rps, round by round. */
export const rpsRatios = (samples: readonly RoundSample[], numerator: string, denominator: string): number[] =>
  perRound(samples, numerator, denominator, (n, d) => n.rps / d.rps);

/** `denominator` CPU per op / `numerator` CPU per op, round by round: the rps ratio on dedicated cores. */
export const cpuRatios = (samples: readonly RoundSample[], numerator: string, denominator: string): number[] =>
  perRound(samples, numerator, denominator, (n, d) => d.cpuUsPerRequest / n.cpuUsPerRequest);

export interface Comparison {
  readonly label: string;
  readonly ratios: readonly number[];
  readonly median: number;
  readonly cpuRatios: readonly number[];
  readonly cpuMedian: number;
  /** The goal on the rps ratio, if there is one. */
  readonly goal?: number;
}

export function compare(samples: readonly RoundSample[], label: string, numerator: string, denominator: string, goal?: number): Comparison {
  const ratios = rpsRatios(samples, numerator, denominator);
  const cpu = cpuRatios(samples, numerator, denominator);
  return { label, ratios, median: median(ratios), cpuRatios: cpu, cpuMedian: median(cpu), ...(goal !== undefined ? { goal } : {}) };
}
