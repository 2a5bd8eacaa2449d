/**
 * The stopwatch of the hot-path diagnostics (bench/hot-path.ts, bench/oauth-hot-path.ts): the
 * mean cost of one operation in microseconds, wall-clock and CPU (all threads: it can exceed wall
 * time when the garbage collector works beside the main thread), after up to 500 untimed calls.
 */
import { performance } from 'node:perf_hooks';

/** The heading of the two columns `timeStep` prints. */
export const STEP_COLUMNS = '  wall µs    CPU µs';

/** Runs `op` `iterations` times, one at a time, prints a line, and returns the CPU µs per call. */
export async function timeStep(label: string, iterations: number, op: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(500, iterations); i++) await op();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await op();
  const us = ((performance.now() - start) * 1000) / iterations;
  const used = process.cpuUsage(cpu);
  const cpuUs = (used.user + used.system) / iterations;
  console.log(`${us.toFixed(1).padStart(9)} ${cpuUs.toFixed(1).padStart(9)}  ${label}`);
  return cpuUs;
}
