/**
 * Runs one load job in a fresh generator process (bench/loader.ts), so that the server process
 * measured keeps its core, its event loop and its memory figures to itself.
 */
import { forkForReply } from './child-process.js';
import type { LoadJob, LoadResult } from './load-jobs.js';

const LOADER = new URL('./loader.ts', import.meta.url);

export function runLoad<J extends LoadJob>(job: J): Promise<LoadResult<J>> {
  return forkForReply(LOADER, [], { name: 'load generator', message: job, settle: 'reply' }) as Promise<LoadResult<J>>;
}
