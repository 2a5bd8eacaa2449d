/**
 * The benchmark's child processes (the load generator, each phase): forked with TypeScript through
 * tsx and nothing else in execArgv (a parent started with --cpu-prof must not profile its children
 * too), given one request (the arguments, or a message), and giving one reply back,
 * `{ ok: true, value }` or `{ ok: false, error }`.
 */
import { fork, type Serializable } from 'node:child_process';

type Reply = { ok: true; value: unknown } | { ok: false; error: string };

export interface ForkOptions {
  /** Named in errors. */
  readonly name: string;
  /** Sent to the child once forked (the job), if any. */
  readonly message?: Serializable;
  /**
   * `reply`: settle as soon as the reply arrives, and let the child exit on its own (a load
   * generator between rounds). `exit`: once the child has exited too, so that the next one does
   * not start beside it (a phase).
   */
  readonly settle: 'reply' | 'exit';
}

/** Forks `module` with `args` and resolves with its reply's value. */
export function forkForReply(module: URL, args: readonly string[], options: ForkOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = fork(module, [...args], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: Reply | undefined;
    const settle = (answer: Reply) => (answer.ok ? resolve(answer.value) : reject(new Error(`${options.name} failed: ${answer.error}`)));
    child.once('message', (message: Reply) => {
      reply = message;
      if (options.settle === 'reply') settle(message);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (reply === undefined) reject(new Error(`${options.name} exited with ${code ?? 'a signal'} before answering`));
      else if (options.settle === 'exit') settle(reply);
    });
    if (options.message !== undefined) child.send(options.message);
  });
}

const PHASE = new URL('./phase.ts', import.meta.url);

/** Runs one part (bench/phase.ts with `args`) in a fresh process; resolves with its report once that process has exited. */
export function runPhase(args: readonly string[]): Promise<unknown> {
  return forkForReply(PHASE, args, { name: args.join(' '), settle: 'exit' });
}

/** An error as the parent is told it: its stack when it has one. */
export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The child's side: sends the outcome of `work` to the parent, then exits (1 when it failed). */
export function replyToParent(work: Promise<unknown>): void {
  const send = (reply: Reply, code: number) => process.send?.(reply, () => process.exit(code));
  work.then(
    (value) => send({ ok: true, value }, 0),
    (error: unknown) => send({ ok: false, error: errorText(error) }, 1),
  );
}
