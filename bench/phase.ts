/**
 * One benchmark phase in a process of its own (forked by bench/run.ts), so that every phase
 * starts from a clean heap and its peak RSS is its own. Also runnable by hand, e.g. to profile
 * the SSWS rounds alone:
 *
 *   BENCH_CPU_PROF=/tmp/prof node --import tsx bench/phase.ts throughput sqlite ssws
 *
 * Arguments: `throughput|growth`, `sqlite|postgres`, and for throughput the targets
 * (`bare,ssws` by default). Options come from the BENCH_* environment (see bench/options.ts).
 * The report goes back over IPC, or to stdout as JSON when run by hand.
 */
import type { Dialect } from '../src/store/database.js';
import { runGrowth } from './growth.js';
import { benchOptions } from './options.js';
import { runThroughput, type Target } from './throughput.js';

function parseDialect(value: string | undefined): Dialect {
  if (value === 'sqlite' || value === 'postgres') return value;
  throw new Error(`dialect must be sqlite or postgres, got ${value ?? 'nothing'}`);
}

function parseTargets(value: string | undefined): Target[] {
  const targets = (value ?? 'bare,ssws').split(',');
  for (const t of targets) if (t !== 'bare' && t !== 'ssws') throw new Error(`unknown target ${t}`);
  return targets as Target[];
}

async function main(): Promise<void> {
  const [kind, dialectArg, targetsArg] = process.argv.slice(2);
  const dialect = parseDialect(dialectArg);
  const options = benchOptions(process.env);
  const log = (line: string) => console.log(line);
  let report: unknown;
  if (kind === 'throughput') {
    report = await runThroughput(dialect, { ...options.throughput, targets: parseTargets(targetsArg) }, log);
  } else if (kind === 'growth') {
    report = await runGrowth(dialect, options.growth, log);
  } else {
    throw new Error(`phase must be throughput or growth, got ${kind ?? 'nothing'}`);
  }
  if (process.send !== undefined) process.send({ ok: true, report }, () => process.exit(0));
  else console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (process.send !== undefined) process.send({ ok: false, error: message }, () => process.exit(1));
  else {
    console.error(message);
    process.exit(1);
  }
});
