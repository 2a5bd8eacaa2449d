/**
 * The tables of the OAuth and sign-in benchmarks, for the console and for their generated
 * section of BENCHMARKS.md (`bench:oauth`).
 */
import type { Machine } from './machine.js';
import type { PartReport } from './oauth-part.js';
import type { Comparison } from './oauth-rounds.js';
import { warmupS } from './options.js';
import { figure, ratio, renderMarkdown, renderText, runHeaderMarkdown, type Table } from './report.js';

export interface OAuthResults {
  readonly machine: Machine;
  readonly loadAverageAfter: readonly number[];
  readonly command: string;
  readonly parts: readonly PartReport[];
}

function verdict(c: Comparison): string {
  if (c.goal === undefined) return '';
  return `≥ ${c.goal.toFixed(2)}×: ${c.median >= c.goal ? 'met' : 'MISSED'}`;
}

export function targetsTable(part: PartReport): Table {
  const rows = part.targets.map((t) => [
    t.label,
    `${figure(t.summary.rps)} ${t.unit}`,
    figure(t.summary.p50Ms),
    figure(t.summary.p99Ms),
    figure(t.summary.cpuUsPerRequest),
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
    `${figure(s.rps)} ${unit.get(s.target) ?? ''}`,
    String(s.requests),
    figure(s.p50Ms),
    figure(s.p99Ms),
    figure(s.cpuUsPerRequest),
  ]);
  return { head: ['Round', 'Target', 'rate', 'ops', 'p50 ms', 'p99 ms', 'CPU µs per op'], rows };
}

export function renderOAuthConsole(parts: readonly PartReport[]): string {
  return parts.map((p) => [`${p.title}`, renderText(targetsTable(p)), renderText(comparisonTable(p)), ...p.notes.map((n) => `- ${n}`)].join('\n')).join('\n\n');
}

export function renderOAuthMarkdown(results: OAuthResults): string {
  const o = results.parts[0]?.options;
  const out = runHeaderMarkdown({
    machine: results.machine,
    loadAverageAfter: results.loadAverageAfter,
    command: results.command,
    engines: results.parts.map((p) => p.engine),
    settings:
      o === undefined
        ? undefined
        : `${o.rounds} rounds of ${o.durationS} s per target (targets alternate within a round), ${o.connections} connections, after a ${warmupS(o)} s warm-up per target`,
  });
  for (const part of results.parts) {
    out.push('', `### ${part.title}`, '', renderMarkdown(targetsTable(part)), '', renderMarkdown(comparisonTable(part)), '');
    for (const note of part.notes) out.push(`- ${note}`);
    out.push('', 'Round by round:', '', renderMarkdown(roundsTable(part)));
  }
  return out.join('\n');
}
