/**
 * The jobs the load generator runs and what it reports back. The generator lives in its own
 * process (bench/loader.ts) so that it never shares an event loop, a heap or an RSS figure with
 * the server under test.
 */

/** autocannon at full speed for `durationS` seconds. */
export interface CannonJob {
  readonly kind: 'cannon';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly connections: number;
  readonly durationS: number;
}

export interface CannonResult {
  /** Mean requests per second over the one-second samples. */
  readonly rps: number;
  readonly requests: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMeanMs: number;
  /** Non-2xx responses, connection errors and timeouts: a valid round has none. */
  readonly failures: number;
}

export interface TimedRequest {
  readonly label: string;
  readonly method: 'GET' | 'POST';
  /** Path and query, appended to the job's base URL. */
  readonly path: string;
  readonly body?: unknown;
  /** Timed only in the first this-many passes (slow queries: a full scan need not run 50 times). */
  readonly samples?: number;
}

/**
 * One request at a time, `repeat` times through the list (interleaved, so that drift over time
 * hits every label alike), after `warmup` untimed passes.
 */
export interface SequenceJob {
  readonly kind: 'sequence';
  readonly base: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly requests: readonly TimedRequest[];
  readonly repeat: number;
  readonly warmup: number;
}

export interface SequenceResult {
  /** Latencies in ms (first byte sent to last byte read), per label. */
  readonly latencies: Readonly<Record<string, number[]>>;
  /** The first non-2xx answer, if any: a benchmark of errors is worthless. */
  readonly failure: string | undefined;
}

/** Follows `rel="next"` links from `path` until page `pages` (1-based) is reached. */
export interface WalkJob {
  readonly kind: 'walk';
  readonly base: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly path: string;
  readonly pages: number;
}

export interface WalkResult {
  /** Path and query of the last page reached (page `pages` if the collection is that long). */
  readonly lastPath: string;
  readonly pagesRead: number;
  readonly itemsRead: number;
  /** Latency of every page read, in order. */
  readonly pageMs: number[];
}

export type LoadJob = CannonJob | SequenceJob | WalkJob;
export type LoadResult<J extends LoadJob> = J extends CannonJob ? CannonResult : J extends SequenceJob ? SequenceResult : WalkResult;
