/**
 * Runs one OAuth load job in a fresh generator process (bench/oauth-loader.ts), so that the
 * server measured keeps its core, its event loop and its memory to itself.
 */
import { fork } from 'node:child_process';
import type { OAuthLoadJob, OAuthLoadResult } from './oauth-jobs.js';

type Reply = { ok: true; result: unknown } | { ok: false; error: string };

export function runOAuthLoad<J extends OAuthLoadJob>(job: J): Promise<OAuthLoadResult<J>> {
  return new Promise((resolve, reject) => {
    // Explicit execArgv: a server started with --cpu-prof must not profile its load generator too.
    const child = fork(new URL('./oauth-loader.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    child.once('message', (reply: Reply) => {
      settled = true;
      if (reply.ok) resolve(reply.result as OAuthLoadResult<J>);
      else reject(new Error(`load generator failed: ${reply.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`load generator exited with ${code ?? 'a signal'} before answering`));
    });
    child.send(job);
  });
}
