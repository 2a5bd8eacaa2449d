/**
 * Peak resident memory of this process while a block runs, sampled every 100 ms
 * (`process.memoryUsage.rss()` is a cheap read); `process.resourceUsage().maxRSS` gives the
 * lifetime peak, which cannot be reset, so it only closes the report.
 */

export const MIB = 1024 * 1024;

export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRssMiB: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRssMiB: peak / MIB };
  } finally {
    clearInterval(timer);
  }
}

/** Lifetime peak RSS of this process (resourceUsage reports kilobytes). */
export function lifetimeMaxRssMiB(): number {
  return (process.resourceUsage().maxRSS * 1024) / MIB;
}

export function currentRssMiB(): number {
  return process.memoryUsage.rss() / MIB;
}
