/**
 * One benchmark part in a process of its own (forked by bench/run.ts and bench/oauth-run.ts), so
 * that every part starts from a clean heap and its peak RSS is its own. Also runnable by hand,
 * e.g. to profile the SSWS rounds alone, or the whole server of the Bearer part:
 *
 *   BENCH_CPU_PROF=/tmp/prof node --import tsx bench/phase.ts throughput sqlite ssws
 *   BENCH_DURATION=5 node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/phase.ts bearer
 *
 * (the load generator and the peer are forked with explicit execArgv, so only this process is
 * profiled). Arguments: `throughput|growth`, `sqlite|postgres`, and for throughput the targets
 * (`bare,ssws` by default); or one of `issuance|bearer|authn|refresh`. Options come from the
 * BENCH_* environment (see bench/options.ts). The report goes back over IPC, or to stdout as
 * JSON when run by hand.
 */
import type { Dialect } from '../src/store/database.js';
import { errorText, replyToParent } from './child-process.js';
import { runGrowth } from './growth.js';
import { runInsightsInstructions, type InstructionsOptions } from './insights-instructions.js';
import { runBearer } from './oauth-bearer.js';
import { runIssuance } from './oauth-issuance.js';
import { benchOptions, type BenchOptions } from './options.js';
import { runAuthn } from './signin-authn.js';
import { runRefresh } from './signin-refresh.js';
import { runThroughput, type Target } from './throughput.js';

function parseDialect(value: string | undefined): Dialect {
  if (value === 'sqlite' || value === 'postgres') return value;
  throw new Error(`dialect must be sqlite or postgres, got ${value ?? 'nothing'}`);
}

function parseTargets(value: string | undefined): Target[] {
  const targets = (value ?? 'bare,ssws,ssws-off').split(',');
  for (const t of targets) if (t !== 'bare' && t !== 'ssws' && t !== 'ssws-off') throw new Error(`unknown target ${t}`);
  return targets as Target[];
}

function instructionsOf(options: BenchOptions): InstructionsOptions {
  if (options.instructions === undefined) throw new Error('the instruction count is switched off (BENCH_INSTRUCTIONS=0 or BENCH_ONLY)');
  return options.instructions;
}

type Part = (args: readonly string[], options: BenchOptions, log: (line: string) => void) => Promise<unknown>;

const PARTS = new Map<string, Part>([
  ['throughput', ([dialect, targets], o, log) => runThroughput(parseDialect(dialect), { ...o.round, targets: parseTargets(targets) }, log)],
  ['growth', ([dialect], o, log) => runGrowth(parseDialect(dialect), o.growth, log)],
  ['instructions', ([dialect], o, log) => runInsightsInstructions(parseDialect(dialect), instructionsOf(o), log)],
  ['issuance', (_, o, log) => runIssuance(o.round, log)],
  ['bearer', (_, o, log) => runBearer(o.round, log)],
  ['authn', (_, o, log) => runAuthn(o.round, log)],
  ['refresh', (_, o, log) => runRefresh(o.round, log)],
]);

async function main(): Promise<unknown> {
  const [name, ...args] = process.argv.slice(2);
  const part = name === undefined ? undefined : PARTS.get(name);
  if (part === undefined) throw new Error(`part must be one of ${[...PARTS.keys()].join(', ')}, got ${name ?? 'nothing'}`);
  return part(args, benchOptions(process.env), (line) => console.log(line));
}

if (process.send !== undefined) replyToParent(main());
else {
  main().then(
    (report) => {
      console.log(JSON.stringify(report, null, 2));
      // Exit explicitly, as the forked phase does: pools and timers must not keep a profile from being written late.
      process.exit(0);
    },
    (error: unknown) => {
      console.error(errorText(error));
      process.exit(1);
    },
  );
}
