/**
 * The tables of the instruction count of usage insights (bench/insights-instructions.ts), for the
 * console and for its generated section of BENCHMARKS.md (`bench:instructions`).
 */
import { INSIGHTS_GOAL } from './api-report.js';
import type { InstructionsReport } from './insights-instructions.js';
import type { Machine } from './machine.js';
import { loads, renderMarkdown, renderText, type Table } from './report.js';

export interface InstructionsResults {
  readonly machine: Machine;
  readonly loadAverageAfter: readonly number[];
  readonly command: string;
  readonly reports: readonly InstructionsReport[];
}

const count = (v: number): string => Math.round(v).toLocaleString('en-US');
const verdict = (ratio: number): string => `≤ ${INSIGHTS_GOAL.toFixed(2)}: ${ratio <= INSIGHTS_GOAL ? 'met' : 'MISSED'}`;

export function summaryTable(reports: readonly InstructionsReport[]): Table {
  const rows = reports.map((r) => [
    r.dialect,
    `${r.options.pairs} × ${r.options.windows} × ${r.options.requests}`,
    count(r.on),
    count(r.off),
    r.ratio.toFixed(3),
    r.pairRatios.map((x) => x.toFixed(3)).join(' '),
    verdict(r.ratio),
  ]);
  return {
    head: ['DB', 'requests per node (pairs × windows × requests)', 'instructions/request (main thread), on', 'off', 'on ÷ off', 'per pair', 'goal'],
    rows,
  };
}

export function windowsTable(reports: readonly InstructionsReport[]): Table {
  const rows = reports.flatMap((r) =>
    r.windows.map((w) => [r.dialect, `${w.pair}.${w.window}`, count(w.on), count(w.off), (w.on / w.off).toFixed(4), count(w.onOthers), count(w.offOthers)]),
  );
  return { head: ['DB', 'pair.window', 'on', 'off', 'on ÷ off', 'other threads, on', 'other threads, off'], rows };
}

function countingLine(r: InstructionsReport): string {
  return (
    `${r.dialect}: the insights nodes served ${count(r.served)} requests and the store counted ${count(r.counted)} for the token; ` +
    `its last use is ${r.lastUse.ipAddress ?? '?'} with user agent \`${r.lastUse.userAgent ?? ''}\`; the windows took ${r.measuredS.toFixed(0)} s under callgrind.`
  );
}

export function renderInstructionsConsole(reports: readonly InstructionsReport[]): string {
  return [renderText(summaryTable(reports)), renderText(windowsTable(reports)), ...reports.map(countingLine)].join('\n\n');
}

export function renderInstructionsMarkdown(results: InstructionsResults): string {
  const m = results.machine;
  const first = results.reports[0];
  const o = first?.options;
  return [
    `Run of ${m.date.slice(0, 10)} (${m.date}), commit \`${m.commit}\` plus the working tree of that moment.`,
    '',
    `- Machine: ${m.cpus} CPUs, ${m.cpuModel}; load average ${loads(m.loadAverage, ' / ')} before, ${loads(results.loadAverageAfter, ' / ')} after (it does not change an instruction count).`,
    `- Node ${m.node} with \`--single-threaded\`, under ${first?.valgrind ?? 'valgrind'} \`--tool=callgrind\`; ${[...new Set(results.reports.map((r) => r.engine))].join('; ')}.`,
    `- Command: \`${results.command}\``,
    o === undefined
      ? ''
      : `- Settings: ${o.pairs} pair(s) of fresh nodes, each warmed up with at least ${o.warmup} requests and until the insights node had flushed once, then ${o.windows} windows of ${o.requests} requests to each node.`,
    '',
    renderMarkdown(summaryTable(results.reports)),
    '',
    'Window by window (instructions per request; the other threads are not in the figure):',
    '',
    renderMarkdown(windowsTable(results.reports)),
    '',
    ...results.reports.flatMap((r) => [`- ${countingLine(r)}`]),
  ].join('\n');
}
