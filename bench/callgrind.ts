/**
 * A Node process under callgrind, valgrind's instruction counter: started with instrumentation
 * off (`--instr-atstart=no`, so start-up and warm-up run at a fraction of callgrind's cost and
 * count nothing), then steered with `callgrind_control` (valgrind's gdbserver, through vgdb):
 * instrumentation on, counters zeroed, counters dumped. A dump's `totals:` line is the number of
 * instructions executed since the last zero, by every thread of the process (the event loop, V8's
 * compiler and GC threads, libuv's pool, worker threads); it does not depend on how busy the
 * machine is.
 *
 * V8 writes machine code into anonymous memory and patches it: `--smc-check=all-non-file` (the
 * default on amd64, spelled out) makes valgrind check every such translation for changes, so JIT
 * code is counted as it runs. Nothing else is needed for Node 20.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CallgrindOptions {
  /** Named in errors, and the prefix of the dump files. */
  readonly name: string;
  /** Node's flags, the script and its arguments, run by this process's own `node`. */
  readonly args: readonly string[];
  /**
   * Functions (callgrind patterns, `*` a wildcard) whose instructions are not counted, nor those
   * of the functions they call, on the thread that runs them.
   */
  readonly excluded: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Where the dumps go (`<name>.out.<n>`). */
  readonly dir: string;
  /** Resolves once the process is ready: a line of its standard output containing this. */
  readonly readyLine: string;
}

export interface ThreadCounts {
  /** The main thread's: Node's event loop, and with `--single-threaded` everything V8 does. */
  readonly main: number;
  /** Every other thread's (worker threads, libuv's pool). */
  readonly others: number;
}

export interface CallgrindProcess {
  readonly pid: number;
  /** Instrumentation on (from then on, instructions are counted). */
  instrument(): Promise<void>;
  /** Counters back to zero. */
  zero(): Promise<void>;
  /** Dumps the counters: the instructions counted since the last zero, by thread. */
  dump(): Promise<ThreadCounts>;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** valgrind's version line, or undefined when it is not installed. */
export async function valgrindVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('valgrind', ['--version']);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/** The instructions of a callgrind dump (its `totals:` line, or `summary:` in older versions). */
export function totalsOf(dump: string): number {
  const line = /^(?:totals|summary): (\d+)/m.exec(dump);
  if (line?.[1] === undefined) throw new Error('no totals line in the callgrind dump');
  return Number(line[1]);
}

export async function startUnderCallgrind(options: CallgrindOptions): Promise<CallgrindProcess> {
  const outFile = join(options.dir, `${options.name}.out`);
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      '--smc-check=all-non-file',
      // One dump file per thread (`<name>.out.<n>-<thread>`, the main thread 01).
      '--separate-threads=yes',
      // Collection is toggled off while in an excluded function; a toggle makes collection start off unless told otherwise.
      ...options.excluded.map((f) => `--toggle-collect=${f}`),
      '--collect-atstart=yes',
      `--callgrind-out-file=${outFile}`,
      process.execPath,
      ...options.args,
    ],
    { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name}: valgrind did not start`);
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-4000)));
  await ready(child, options, () => output);
  const control = async (...args: string[]) => {
    await run('callgrind_control', [...args, String(pid)]);
  };
  let dumps = 0;
  return {
    pid,
    instrument: () => control('--instr=on'),
    zero: () => control('--zero'),
    async dump() {
      await control('--dump');
      dumps += 1;
      const prefix = `${options.name}.out.${dumps}-`;
      const files = (await readdir(options.dir)).filter((f) => f.startsWith(prefix));
      let main = 0;
      let others = 0;
      for (const file of files) {
        const count = totalsOf(await readFile(join(options.dir, file), 'utf8'));
        if (file === `${prefix}01`) main = count;
        else others += count;
      }
      if (!files.includes(`${prefix}01`)) throw new Error(`${options.name}: no dump of the main thread (${prefix}01)`);
      return { main, others };
    },
    stop() {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

function ready(child: ChildProcess, options: CallgrindOptions, stderr: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      if (seen.includes(options.readyLine)) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${options.name} exited with ${code ?? 'a signal'} before it was ready:\n${seen}${stderr()}`)));
  });
}
