/**
 * Tables of the OAuth and sign-in benchmarks (issues #3 and #4): for the console, and the
 * generated part of their section in BENCHMARKS.md.
 */
import type { Machine } from './machine.js';
import type { PartReport } from './oauth-part.js';
import type { Comparison } from './oauth-rounds.js';
import { renderMarkdown, renderText } from './report.js';

type Table = { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] };

export interface OAuthResults {
  readonly machine: Machine;
  readonly loadAverageAfter: readonly number[];
  readonly command: string;
  readonly parts: readonly PartReport[];
}

const num = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ratio = (v: number): string => `${v.toFixed(2)}×`;

function verdict(c: Comparison): string {
  if (c.goal === undefined) return '';
  return `≥ ${c.goal.toFixed(2)}×: ${c.median >= c.goal ? 'met' : 'MISSED'}`;
}

export function targetsTable(part: PartReport): Table {
  const rows = part.targets.map((t) => [
    t.label,
    `${num(t.summary.rps)} ${t.unit}`,
    num(t.summary.p50Ms),
    num(t.summary.p99Ms),
    num(t.summary.cpuUsPerRequest),
  ]);
  return { head: ['Target', 'rate (median of rounds)', 'p50 ms', 'p99 ms', 'CPU µs per op'], rows };
}

export function comparisonTable(part: PartReport): Table {
  const rows = part.comparisons.map((c) => [c.label, ratio(c.median), c.ratios.map(ratio).join(' '), ratio(c.cpuMedian), verdict(c)]);
  return { head: ['Ratio', 'median', 'per round', 'by CPU per op', 'goal'], rows };
}

export function roundsTable(part: PartReport): Table {
  const unit = new Map(part.targets.map((t) => [t.name, t.unit]));
  const rows = part.samples.map((s) => [
    String(s.round),
    s.target,
    `${num(s.rps)} ${unit.get(s.target) ?? ''}`,
    String(s.requests),
    num(s.p50Ms),
    num(s.p99Ms),
    num(s.cpuUsPerRequest),
  ]);
  return { head: ['Round', 'Target', 'rate', 'ops', 'p50 ms', 'p99 ms', 'CPU µs per op'], rows };
}

export function renderOAuthConsole(parts: readonly PartReport[]): string {
  return parts.map((p) => [`${p.title}`, renderText(targetsTable(p)), renderText(comparisonTable(p)), ...p.notes.map((n) => `- ${n}`)].join('\n')).join('\n\n');
}

export function renderOAuthMarkdown(results: OAuthResults): string {
  const m = results.machine;
  const o = results.parts[0]?.options;
  const engines = [...new Set(results.parts.map((p) => p.engine))].join('; ');
  const out: string[] = [
    `Run of ${m.date.slice(0, 10)} (${m.date}), commit \`${m.commit}\` plus the working tree of that moment.`,
    '',
    `- Machine: ${m.cpus} CPUs (\`nproc\`), ${m.cpuModel}, ${m.memoryGiB.toFixed(1)} GiB RAM, ${m.os}; load average ${m.loadAverage.map((v) => v.toFixed(2)).join(' / ')} before, ${results.loadAverageAfter.map((v) => v.toFixed(2)).join(' / ')} after.`,
    `- Node ${m.node}; ${engines}; load generator autocannon 9 in a separate process on the same machine.`,
    `- Command: \`${results.command}\``,
    o === undefined
      ? ''
      : `- Settings: ${o.rounds} rounds of ${o.durationS} s per target (targets alternate within a round), ${o.connections} connections, after a ${Math.max(1, Math.round(o.durationS / 3))} s warm-up per target.`,
  ];
  for (const part of results.parts) {
    out.push('', `### ${part.title}`, '', renderMarkdown(targetsTable(part)), '', renderMarkdown(comparisonTable(part)), '');
    for (const note of part.notes) out.push(`- ${note}`);
    out.push('', 'Round by round:', '', renderMarkdown(roundsTable(part)));
  }
  return out.join('\n');
}
