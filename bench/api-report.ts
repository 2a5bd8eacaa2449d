/**
 * The tables of the throughput and growth benchmarks, for the console and for their generated
 * section of BENCHMARKS.md (`bench:results`).
 */
import type { GrowthReport, Timing } from './growth.js';
import type { Machine } from './machine.js';
import { warmupS } from './options.js';
import { figure, ratio, renderMarkdown, renderText, runHeaderMarkdown, type Table } from './report.js';
import type { ThroughputReport } from './throughput.js';

export const SSWS_GOAL = 0.7;
/** Usage insights may cost at most 5 % more CPU per request. */
export const INSIGHTS_GOAL = 1.05;

export interface ApiResults {
  readonly machine: Machine;
  readonly loadAverageAfter: readonly number[];
  readonly command: string;
  readonly throughput: readonly ThroughputReport[];
  readonly growth: readonly GrowthReport[];
  /** Parts that did not run, one line each (PostgreSQL unreachable, BENCH_ONLY…). */
  readonly skipped: readonly string[];
}

export function throughputTable(reports: readonly ThroughputReport[]): Table {
  const rows: string[][] = [];
  for (const r of reports) {
    for (const [target, label] of [
      ['bare', 'bare Fastify route'],
      ['ssws', 'GET /api/v1/users/{id} (SSWS)'],
      ['ssws-off', 'the same, usage insights off (second node)'],
    ] as const) {
      const s = r.summary[target];
      if (s === undefined) continue;
      rows.push([r.dialect, label, s.rps.toFixed(0), String(s.p50Ms), String(s.p99Ms), s.cpuUsPerRequest.toFixed(0), s.peakRssMiB.toFixed(0)]);
    }
    const goal = r.dialect === 'sqlite' ? (r.medianRatio >= SSWS_GOAL ? ' (goal ≥ 0.70: met)' : ' (goal ≥ 0.70: MISSED)') : '';
    rows.push([r.dialect, `SSWS / bare, median of ${r.ratios.length} pairs${goal}`, r.medianRatio.toFixed(2), '', '', r.medianCpuRatio.toFixed(2), '']);
    if (r.insightsCpuRatios.length > 0) {
      const met = r.medianInsightsCpuRatio <= INSIGHTS_GOAL ? 'met' : 'MISSED';
      rows.push([
        r.dialect,
        `CPU per request, insights on / off, median of ${r.insightsCpuRatios.length} rounds (goal ≤ 1.05: ${met})`,
        '',
        '',
        '',
        r.medianInsightsCpuRatio.toFixed(3),
        '',
      ]);
    }
  }
  return { head: ['DB', 'Route', 'req/s (median)', 'p50 ms', 'p99 ms', 'CPU µs/req', 'peak RSS MiB'], rows };
}

export function roundsTable(reports: readonly ThroughputReport[]): Table {
  const rows = reports.flatMap((r) =>
    r.rounds.map((x) => [
      r.dialect,
      String(x.round),
      x.target,
      x.rps.toFixed(0),
      String(x.latencyP50Ms),
      String(x.latencyP99Ms),
      x.cpuUsPerRequest.toFixed(0),
      x.peakRssMiB.toFixed(0),
    ]),
  );
  return { head: ['DB', 'Round', 'Route', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'peak RSS MiB'], rows };
}

function createRow(dialect: string, small: Timing, large: Timing, usersBefore: number): string[] {
  return [
    dialect,
    small.label,
    figure(small.medianMs),
    `${figure(large.medianMs)} (${usersBefore.toLocaleString('en-US')} users)`,
    ratio(large.medianMs / small.medianMs),
  ];
}

export function createTable(reports: readonly GrowthReport[]): Table {
  const rows = reports.flatMap((r) => [
    createRow(r.dialect, r.createSmall.withoutPassword, r.createLarge.withoutPassword, r.createLarge.usersBefore),
    createRow(r.dialect, r.createSmall.withPassword, r.createLarge.withPassword, r.createLarge.usersBefore),
  ]);
  return { head: ['DB', 'POST /api/v1/users?activate=true', 'median ms, 1 user', 'median ms, large org', 'ratio'], rows };
}

export function queryTable(reports: readonly GrowthReport[]): Table {
  const rows: string[][] = [];
  for (const r of reports) {
    const listFirst = r.queries[0]?.medianMs ?? Number.NaN;
    let ownFirst = listFirst;
    for (const q of r.queries) {
      if (q.page === 1) ownFirst = q.medianMs;
      rows.push([r.dialect, q.label, figure(q.medianMs), figure(q.p90Ms), ratio(q.medianMs / listFirst), q.page === 1 ? '' : ratio(q.medianMs / ownFirst)]);
    }
  }
  return { head: ['DB', 'GET /api/v1/users?limit=200 …', 'median ms', 'p90 ms', '× list p1', '× own p1'], rows };
}

export function renderApiConsole(results: ApiResults): string {
  const parts: string[] = [];
  if (results.throughput.length > 0) parts.push(renderText(throughputTable(results.throughput)));
  if (results.growth.length > 0) parts.push(renderText(createTable(results.growth)), renderText(queryTable(results.growth)));
  for (const line of results.skipped) parts.push(`not run: ${line}`);
  return parts.join('\n\n');
}

function settingsLine(results: ApiResults): string {
  const t = results.throughput[0]?.options;
  const g = results.growth[0]?.options;
  const parts: string[] = [];
  if (t !== undefined)
    parts.push(`throughput: ${t.rounds} pairs of ${t.durationS} s rounds, ${t.connections} connections, after a ${warmupS(t)} s warm-up per route`);
  if (g !== undefined)
    parts.push(
      `growth: ${g.users.toLocaleString('en-US')} users seeded, ${g.samples} timed requests per query (${g.slowSamples} for those that scan the table), ${g.createsWithoutPassword} + ${g.createsWithPassword} creates per stage`,
    );
  return parts.join('; ');
}

export function renderApiMarkdown(results: ApiResults): string {
  const out = runHeaderMarkdown({
    machine: results.machine,
    loadAverageAfter: results.loadAverageAfter,
    command: results.command,
    engines: [...results.throughput, ...results.growth].map((r) => r.engine),
    settings: settingsLine(results),
  });
  for (const line of results.skipped) out.push(`- Not run: ${line}`);
  if (results.throughput.length > 0) {
    out.push('', '### Throughput: `GET /api/v1/users/{id}` (SSWS) against a bare Fastify route', '', renderMarkdown(throughputTable(results.throughput)));
    out.push('', 'Round by round (alternating):', '', renderMarkdown(roundsTable(results.throughput)));
    const sizes = results.throughput.map((r) => `${r.dialect} ${r.responseBytes} B`).join(', ');
    out.push(
      '',
      `Response body ${sizes} (the bare route answers the same object). RSS after warm-up / lifetime peak of the phase process: ${results.throughput.map((r) => `${r.dialect} ${r.rssAfterWarmupMiB.toFixed(0)} / ${r.maxRssMiB.toFixed(0)} MiB`).join(', ')}.`,
    );
  }
  if (results.growth.length > 0) {
    out.push('', '### Cost as the org grows', '', renderMarkdown(createTable(results.growth)), '', renderMarkdown(queryTable(results.growth)));
    for (const g of results.growth) {
      out.push(
        '',
        `${g.dialect}: seeding ${g.options.users.toLocaleString('en-US')} users took ${g.seedSeconds.toFixed(1)} s; walking the cursor to page ${g.walk.pages} took ${g.walk.seconds.toFixed(1)} s (median of pages 1–10 ${figure(g.walk.firstPagesMs)} ms, of the last 10 pages ${figure(g.walk.lastPagesMs)} ms).`,
      );
    }
  }
  return out.join('\n');
}
