/**
 * What every report of the benchmark is made of: tables, rendered from the same rows as aligned
 * text for the console and as Markdown for BENCHMARKS.md so that the two never disagree; the
 * header of a run (machine, versions, command, settings); and the rewriting of one generated
 * section of BENCHMARKS.md, between its markers, leaving the rest of the file alone.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Machine } from './machine.js';

export type Table = { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] };

/** A duration or a rate at about three significant digits (0 decimals from 100, 1 from 10, else 2). */
export const figure = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
export const ratio = (v: number): string => `${v.toFixed(2)}×`;
/** Load averages (1, 5, 15 minutes) at two decimals. */
export const loads = (values: readonly number[], separator: string): string => values.map((v) => v.toFixed(2)).join(separator);

export function renderText(table: Table): string {
  const widths = table.head.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(table.head), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)].join('\n');
}

export function renderMarkdown(table: Table): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const align = table.head.map((_, i) => (i < 2 ? '---' : '---:'));
  return [line(table.head), line(align), ...table.rows.map(line)].join('\n');
}

export interface RunHeader {
  readonly machine: Machine;
  readonly loadAverageAfter: readonly number[];
  readonly command: string;
  /** The database engines of the parts (repeats are named once). */
  readonly engines: readonly string[];
  /** The settings line's text, or undefined for an empty line. */
  readonly settings: string | undefined;
}

/** The lines that open a generated section: when, where, with what, how. */
export function runHeaderMarkdown(header: RunHeader): string[] {
  const m = header.machine;
  return [
    `Run of ${m.date.slice(0, 10)} (${m.date}), commit \`${m.commit}\` plus the working tree of that moment.`,
    '',
    `- Machine: ${m.cpus} CPUs (\`nproc\`), ${m.cpuModel}, ${m.memoryGiB.toFixed(1)} GiB RAM, ${m.os}; load average ${loads(m.loadAverage, ' / ')} before, ${loads(header.loadAverageAfter, ' / ')} after.`,
    `- Node ${m.node}; ${[...new Set(header.engines)].join('; ')}; load generator autocannon 9 in a separate process on the same machine.`,
    `- Command: \`${header.command}\``,
    header.settings === undefined ? '' : `- Settings: ${header.settings}.`,
  ];
}

/** How the run was started: the BENCH_* settings in effect, then `entry` (the command itself). */
export function commandLine(entry: string): string {
  const settings = Object.entries(process.env)
    .filter(([key, value]) => key.startsWith('BENCH_') && value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${value ?? ''}`);
  return [...settings, entry].join(' ');
}

const BENCHMARKS = new URL('../BENCHMARKS.md', import.meta.url);

/**
 * Replaces what is between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->` in
 * BENCHMARKS.md with `markdown` (or appends the markers with it; the file too, if there is none).
 */
export async function updateBenchmarksSection(name: string, markdown: string): Promise<void> {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  let current: string;
  try {
    current = await readFile(BENCHMARKS, 'utf8');
  } catch {
    current = '# Benchmarks\n';
  }
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const section = `${start}\n${markdown}\n${end}`;
  const next = from >= 0 && to > from ? current.slice(0, from) + section + current.slice(to + end.length) : `${current.trimEnd()}\n\n${section}\n`;
  await writeFile(BENCHMARKS, next);
}
