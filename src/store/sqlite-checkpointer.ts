/**
 * WAL checkpoints off the event loop. SQLite copies the write-ahead log back into the database
 * file in a checkpoint, which by default runs inside whichever commit pushes the log past 1,000
 * pages: that commit then writes every page back and waits for two fsyncs, and every request of
 * the process waits with it (on the token endpoint, a checkpoint every few dozen commits).
 *
 * Here a worker thread with its own connection to the same file runs a PASSIVE checkpoint every
 * `intervalMs`: it copies back what no reader still needs and never blocks a writer or a reader.
 * The serving connection keeps a far larger automatic checkpoint as a backstop, should the worker
 * fall behind or stop; the last connection to close checkpoints what is left (SQLite does so).
 * Each process on a file has its own checkpointer; concurrent checkpoints simply skip (busy).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The worker's code, CommonJS (evaluated, so it needs no build step nor loader). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy (another checkpoint is running) or the file is going away: the next tick tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker and closes its connection (before the serving connection closes). */
  stop(): Promise<void>;
}

export function startCheckpointer(path: string, intervalMs = 100): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs } });
  // A failing checkpointer costs only the backstop's stalls: it never takes the process down.
  worker.on('error', () => undefined);
  worker.unref();
  let exited = false;
  worker.once('exit', () => {
    exited = true;
  });
  let stopped: Promise<void> | undefined;
  return {
    stop(): Promise<void> {
      stopped ??= new Promise<void>((resolve) => {
        if (exited) {
          resolve();
          return;
        }
        worker.once('exit', () => resolve());
        // Held until it has exited (it is unreferenced while it runs).
        worker.ref();
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
