/**
 * Benchmark 1: `GET /api/v1/users/{id}` with an SSWS token against a bare Fastify route in the
 * same process, in alternating rounds (bare, ssws, bare, ssws…), so that drift (CPU boost,
 * caches, GC state) hits both alike; the figure reported is the median of the per-pair ratios.
 * `ssws-off` is the same request to a second node on the same database with usage insights
 * off: the ratio of their CPU per request is what recording usage costs.
 */
import type { Dialect } from '../src/store/database.js';
import { createUser } from '../test/fixtures/users.js';
import { runLoad } from './load.js';
import type { CannonResult } from './load-jobs.js';
import { withCpuProfile } from './cpu-profile.js';
import { warmupS, type RoundOptions } from './options.js';
import { currentRssMiB, lifetimeMaxRssMiB, withPeakRss } from './rss.js';
import { ADA, startBare, startSibling, startTessera } from './servers.js';
import { max, median } from './stats.js';

export type Target = 'bare' | 'ssws' | 'ssws-off';

export interface ThroughputOptions extends RoundOptions {
  readonly targets: readonly Target[];
}

export interface RoundResult extends CannonResult {
  readonly target: Target;
  readonly round: number;
  readonly peakRssMiB: number;
  /**
   * CPU time (user + system) of this whole process per request served: the server's own cost,
   * which holds steadier than req/s when other work shares the machine.
   */
  readonly cpuUsPerRequest: number;
}

export interface TargetSummary {
  readonly rps: number;
  readonly cpuUsPerRequest: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly peakRssMiB: number;
}

export interface ThroughputReport {
  readonly dialect: Dialect;
  readonly engine: string;
  readonly options: ThroughputOptions;
  readonly responseBytes: number;
  readonly rounds: readonly RoundResult[];
  /** ssws rps / bare rps, per pair of rounds. */
  readonly ratios: readonly number[];
  readonly medianRatio: number;
  /** bare CPU per request / ssws CPU per request, per pair: the ratio on a dedicated core. */
  readonly cpuRatios: readonly number[];
  readonly medianCpuRatio: number;
  /** ssws CPU per request / ssws-off CPU per request, per round: the cost of usage insights (goal ≤ 1.05). */
  readonly insightsCpuRatios: readonly number[];
  readonly medianInsightsCpuRatio: number;
  readonly summary: Partial<Record<Target, TargetSummary>>;
  readonly rssAfterWarmupMiB: number;
  readonly maxRssMiB: number;
}

function summarise(rounds: readonly RoundResult[]): TargetSummary {
  return {
    rps: median(rounds.map((r) => r.rps)),
    cpuUsPerRequest: median(rounds.map((r) => r.cpuUsPerRequest)),
    p50Ms: median(rounds.map((r) => r.latencyP50Ms)),
    p99Ms: median(rounds.map((r) => r.latencyP99Ms)),
    peakRssMiB: max(rounds.map((r) => r.peakRssMiB)),
  };
}

/** The targets of a round: on even rounds the two SSWS nodes swap places, so that neither always runs right after the other. */
function orderOf(targets: readonly Target[], round: number): readonly Target[] {
  if (round % 2 === 1) return targets;
  return targets.map((t) => (t === 'ssws' && targets.includes('ssws-off') ? 'ssws-off' : t === 'ssws-off' && targets.includes('ssws') ? 'ssws' : t));
}

export async function runThroughput(dialect: Dialect, options: ThroughputOptions, log: (line: string) => void): Promise<ThroughputReport> {
  const tessera = await startTessera(dialect);
  try {
    const target = await createUser(tessera, ADA, { password: 'Analytical-Engine-1843' });
    const sswsUrl = `${tessera.baseUrl}/api/v1/users/${target.id}`;
    const headers = { authorization: `SSWS ${tessera.token}` };
    const probe = await fetch(sswsUrl, { headers });
    const text = await probe.text();
    if (probe.status !== 200) throw new Error(`GET ${sswsUrl} → ${probe.status} ${text}`);
    // The baseline answers the very object Tessera answers, so both serialise the same bytes.
    const bare = await startBare(JSON.parse(text) as unknown);
    const off = await startSibling(tessera, { usage: { ...tessera.app.services.config.usage, enabled: false } });
    try {
      const urls: Record<Target, { url: string; headers: Record<string, string> }> = {
        bare: { url: bare.url, headers: {} },
        ssws: { url: sswsUrl, headers },
        'ssws-off': { url: `${off.baseUrl}/api/v1/users/${target.id}`, headers },
      };
      for (const t of options.targets) {
        await runLoad({ kind: 'cannon', url: urls[t].url, headers: urls[t].headers, connections: options.connections, durationS: warmupS(options) });
      }
      const rssAfterWarmupMiB = currentRssMiB();
      const rounds: RoundResult[] = [];
      for (let round = 1; round <= options.rounds; round++) {
        for (const t of orderOf(options.targets, round)) {
          const cpuBefore = process.cpuUsage();
          const { value, peakRssMiB } = await withPeakRss(() =>
            withCpuProfile(`throughput-${dialect}-${t}-round${round}`, () =>
              runLoad({ kind: 'cannon', url: urls[t].url, headers: urls[t].headers, connections: options.connections, durationS: options.durationS }),
            ),
          );
          const cpu = process.cpuUsage(cpuBefore);
          if (value.failures > 0) throw new Error(`${t} round ${round}: ${value.failures} failed requests`);
          const cpuUsPerRequest = (cpu.user + cpu.system) / Math.max(1, value.requests);
          rounds.push({ ...value, target: t, round, peakRssMiB, cpuUsPerRequest });
          log(
            `  ${dialect} round ${round} ${t.padEnd(4)} ${value.rps.toFixed(0).padStart(7)} req/s  p99 ${value.latencyP99Ms} ms  ` +
              `${cpuUsPerRequest.toFixed(0)} µs CPU/request  peak RSS ${peakRssMiB.toFixed(0)} MiB`,
          );
        }
      }
      const ratios: number[] = [];
      const cpuRatios: number[] = [];
      for (let round = 1; round <= options.rounds; round++) {
        const b = rounds.find((r) => r.round === round && r.target === 'bare');
        const s = rounds.find((r) => r.round === round && r.target === 'ssws');
        if (b === undefined || s === undefined) continue;
        ratios.push(s.rps / b.rps);
        cpuRatios.push(b.cpuUsPerRequest / s.cpuUsPerRequest);
      }
      const insightsCpuRatios: number[] = [];
      for (let round = 1; round <= options.rounds; round++) {
        const on = rounds.find((r) => r.round === round && r.target === 'ssws');
        const without = rounds.find((r) => r.round === round && r.target === 'ssws-off');
        if (on !== undefined && without !== undefined) insightsCpuRatios.push(on.cpuUsPerRequest / without.cpuUsPerRequest);
      }
      const summary: Partial<Record<Target, TargetSummary>> = {};
      for (const t of options.targets) summary[t] = summarise(rounds.filter((r) => r.target === t));
      return {
        dialect,
        engine: tessera.database.engine,
        options,
        responseBytes: Buffer.byteLength(text),
        rounds,
        ratios,
        medianRatio: median(ratios),
        cpuRatios,
        medianCpuRatio: median(cpuRatios),
        insightsCpuRatios,
        medianInsightsCpuRatio: median(insightsCpuRatios),
        summary,
        rssAfterWarmupMiB,
        maxRssMiB: lifetimeMaxRssMiB(),
      };
    } finally {
      await off.close();
      await bare.close();
    }
  } finally {
    await tessera.close();
  }
}
