/**
 * `npm run bench`: the throughput benchmark and the growth benchmark, on SQLite and on
 * PostgreSQL, each phase in a fresh process (bench/phase.ts). Prints the tables and, when every
 * part ran, rewrites the generated section of BENCHMARKS.md (between its markers).
 * Settings: BENCH_* environment variables, documented in bench/options.ts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { errorText, runPhase } from './child-process.js';
import { postgresReachable } from './databases.js';
import type { GrowthReport } from './growth.js';
import { describeMachine } from './machine.js';
import { benchOptions } from './options.js';
import { runOAuthBenchmarks } from './oauth-run.js';
import { renderConsole, renderResultsMarkdown, type BenchResults } from './report.js';
import type { ThroughputReport } from './throughput.js';

const BENCHMARKS = new URL('../BENCHMARKS.md', import.meta.url);
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function commandLine(): string {
  const settings = Object.entries(process.env)
    .filter(([key, value]) => key.startsWith('BENCH_') && value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${value ?? ''}`);
  return [...settings, 'npm run bench'].join(' ');
}

async function updateBenchmarksFile(markdown: string): Promise<void> {
  let current: string;
  try {
    current = await readFile(BENCHMARKS, 'utf8');
  } catch {
    current = `# Benchmarks\n\n${START}\n${END}\n`;
  }
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  const section = `${START}\n${markdown}\n${END}`;
  const next = from >= 0 && to > from ? current.slice(0, from) + section + current.slice(to + END.length) : `${current.trimEnd()}\n\n${section}\n`;
  await writeFile(BENCHMARKS, next);
}

async function main(): Promise<void> {
  const options = benchOptions(process.env);
  const machine = describeMachine();
  console.log(
    `Tessera benchmark on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAverage.map((v) => v.toFixed(2)).join(' ')}`,
  );
  if ((machine.loadAverage[0] ?? 0) > 0.5 * machine.cpus) console.log('# warning: the machine is busy; figures will be noisy');
  const skipped: string[] = [];
  const dialects = [...options.dialects];
  if (dialects.includes('postgres')) {
    const problem = await postgresReachable();
    if (problem !== undefined) {
      skipped.push(`${problem}: the PostgreSQL half was not run.`);
      dialects.splice(dialects.indexOf('postgres'), 1);
    }
  }
  const throughput: ThroughputReport[] = [];
  const growth: GrowthReport[] = [];
  for (const dialect of dialects) {
    if (options.only !== 'growth') {
      console.log(`throughput on ${dialect}…`);
      throughput.push((await runPhase(['throughput', dialect])) as ThroughputReport);
    }
  }
  for (const dialect of dialects) {
    if (options.only !== 'throughput') {
      console.log(`growth on ${dialect}…`);
      growth.push((await runPhase(['growth', dialect])) as GrowthReport);
    }
  }
  const results: BenchResults = { machine, loadAverageAfter: loadavg(), command: commandLine(), throughput, growth, skipped };
  console.log('\n' + renderConsole(results));
  if (!options.write) return;
  if (!options.complete || skipped.length > 0) {
    console.log('\nBENCHMARKS.md not updated: partial run (BENCH_ONLY, BENCH_DIALECTS or a database missing).');
    return;
  }
  await updateBenchmarksFile(renderResultsMarkdown(results));
  console.log('\nBENCHMARKS.md updated.');
}

main()
  // Issues #3 and #4 (bench/oauth-run.ts): their own phases, tables and BENCHMARKS.md section.
  .then(() => runOAuthBenchmarks())
  .catch((error: unknown) => {
    console.error(errorText(error));
    process.exit(1);
  });
