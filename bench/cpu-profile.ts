/**
 * CPU profiles of the measured part only (not of start-up, module loading or seeding): when
 * BENCH_CPU_PROF names a directory, `withCpuProfile` records the work it wraps into
 * `<dir>/<name>.cpuprofile` through the inspector (open it in Chrome DevTools, or summarise it
 * with bench/profile-summary.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

export async function withCpuProfile<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env['BENCH_CPU_PROF'];
  if (dir === undefined || dir === '') return work();
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const value = await work();
    const { profile } = await session.post('Profiler.stop');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    return value;
  } finally {
    session.disconnect();
  }
}
