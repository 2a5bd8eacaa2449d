/**
 * `npm run bench`: the admin console's first-load size (dist/web), the throughput benchmark, the
 * growth benchmark and the instruction count of
 * usage insights, on SQLite and on PostgreSQL, each phase in a fresh process (bench/phase.ts);
 * then the OAuth and sign-in benchmarks (bench/oauth-run.ts). Prints the tables and, when every
 * part ran, rewrites the generated section of BENCHMARKS.md (between its `bench:results`
 * markers); the instruction count has a section of its own (`bench:instructions`), rewritten
 * whenever it ran on both databases (`BENCH_ONLY=instructions npm run bench` runs it alone).
 * Settings: BENCH_* environment variables, documented in bench/options.ts.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { firstLoad, renderBundleMarkdown } from './console-bundle.js';
import { errorText, runPhase } from './child-process.js';
import { postgresReachable } from './databases.js';
import type { Dialect } from '../src/store/database.js';
import type { GrowthReport } from './growth.js';
import { valgrindVersion } from './callgrind.js';
import type { InstructionsReport } from './insights-instructions.js';
import { renderInstructionsConsole, renderInstructionsMarkdown } from './instructions-report.js';
import { describeMachine } from './machine.js';
import { benchOptions } from './options.js';
import { runOAuthBenchmarks } from './oauth-run.js';
import { renderApiConsole, renderApiMarkdown, type ApiResults } from './api-report.js';
import { commandLine, loads, updateBenchmarksSection } from './report.js';
import type { ThroughputReport } from './throughput.js';

async function main(): Promise<void> {
  const options = benchOptions(process.env);
  const machine = describeMachine();
  console.log(`Tessera benchmark on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load average ${loads(machine.loadAverage, ' ')}`);
  if ((machine.loadAverage[0] ?? 0) > 0.5 * machine.cpus) console.log('# warning: the machine is busy; figures will be noisy');
  // The console's first load is a property of the build: measured on every run, in a section of its own.
  const bundle = renderBundleMarkdown(firstLoad(fileURLToPath(new URL('../dist/web', import.meta.url))));
  console.log(`\n${bundle}\n`);
  if (options.write) await updateBenchmarksSection('console', bundle);
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
    if (options.only === undefined || options.only === 'throughput') {
      console.log(`throughput on ${dialect}…`);
      throughput.push((await runPhase(['throughput', dialect])) as ThroughputReport);
    }
  }
  for (const dialect of dialects) {
    if (options.only === undefined || options.only === 'growth') {
      console.log(`growth on ${dialect}…`);
      growth.push((await runPhase(['growth', dialect])) as GrowthReport);
    }
  }
  const instructions = await runInstructions(options.instructions !== undefined, dialects);
  const results: ApiResults = { machine, loadAverageAfter: loadavg(), command: commandLine('npm run bench'), throughput, growth, skipped };
  if (throughput.length > 0 || growth.length > 0 || skipped.length > 0) console.log('\n' + renderApiConsole(results));
  if (instructions.length > 0) console.log('\n' + renderInstructionsConsole(instructions));
  if (!options.write) return;
  if (instructions.some((r) => r.dialect === 'sqlite') && instructions.some((r) => r.dialect === 'postgres')) {
    const command = commandLine('npm run bench');
    await updateBenchmarksSection('instructions', renderInstructionsMarkdown({ machine, loadAverageAfter: loadavg(), command, reports: instructions }));
    console.log('\nBENCHMARKS.md (instruction count of usage insights) updated.');
  }
  if (options.only === 'instructions') return;
  if (!options.complete || skipped.length > 0) {
    console.log('\nBENCHMARKS.md not updated: partial run (BENCH_ONLY, BENCH_DIALECTS or a database missing).');
    return;
  }
  await updateBenchmarksSection('results', renderApiMarkdown(results));
  console.log('\nBENCHMARKS.md updated.');
}

/** The instruction count on each database, when asked for and valgrind is there (its absence does not make the other parts partial). */
async function runInstructions(asked: boolean, dialects: readonly Dialect[]): Promise<InstructionsReport[]> {
  if (!asked) return [];
  if ((await valgrindVersion()) === undefined) {
    console.log('not run: the instruction count of usage insights (valgrind is not installed)');
    return [];
  }
  const reports: InstructionsReport[] = [];
  for (const dialect of dialects) {
    console.log(`instruction count of usage insights on ${dialect}…`);
    reports.push((await runPhase(['instructions', dialect])) as InstructionsReport);
  }
  return reports;
}

main()
  // The OAuth and sign-in parts (bench/oauth-run.ts): their own phases, tables and BENCHMARKS.md section.
  .then(() => runOAuthBenchmarks())
  .catch((error: unknown) => {
    console.error(errorText(error));
    process.exit(1);
  });
