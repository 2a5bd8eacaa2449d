/**
 * The jobs the load generator runs and what it reports back. The generator lives in its own
 * process (bench/loader.ts) so that it never shares an event loop, a heap or an RSS figure with
 * the server under test. Three kinds of job: HTTP at full speed (autocannon), HTTP one request at
 * a time, and the raw rates of the work a server cannot do faster than its cores (RS256
 * signatures, password hashes), measured in the generator's own process.
 */

// HTTP at full speed.

/** autocannon at full speed for `durationS` seconds, the same GET every time. */
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

// The bodies of a POST job. Every request may carry a body of its own: a client assertion is
// single use (RFC 7523 §3, `jti`) and a rotated refresh token is too, so the generator cannot
// replay one fixed request.

/** Pre-signed client assertions (RS256, unique `jti`), one per request, signed before the clock starts. */
export interface AssertionBodies {
  readonly kind: 'assertions';
  readonly clientId: string;
  /** The assertion's `aud`: the token endpoint URL (what the Okta SDK sends). */
  readonly audience: string;
  readonly kid: string;
  /** PKCS#8 PEM of the client's RSA key. */
  readonly privateKeyPem: string;
  readonly count: number;
  /** Form fields sent with every assertion (grant_type, scope…). */
  readonly form: Readonly<Record<string, string>>;
}

/** The same body on every request. */
export interface StaticBody {
  readonly kind: 'static';
  readonly body: string;
}

/**
 * Refresh-token chains: a pool of live refresh tokens; each request takes one and each answer
 * gives its successor back (ROTATE: a token is good for one redemption).
 */
export interface RefreshBodies {
  readonly kind: 'refresh';
  readonly tokens: readonly string[];
  /** Form fields sent with every refresh (grant_type, scope…). */
  readonly form: Readonly<Record<string, string>>;
}

export type BodySource = AssertionBodies | StaticBody | RefreshBodies;

/** autocannon at full speed for `durationS` seconds, POSTing one body per request. */
export interface PostJob {
  readonly kind: 'post';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodies: BodySource;
  readonly connections: number;
  readonly durationS: number;
  /** The answer every request must get (200, or 401 for a refused sign-in). */
  readonly expectStatus: number;
}

export interface PostResult extends CannonResult {
  /** Answers other than `expectStatus`, connection errors and timeouts: a valid round has none. */
  readonly failures: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** The first unexpected answer's body, to say why a round failed. */
  readonly firstFailure: string | undefined;
  /** Time spent preparing bodies (signing assertions) before the load started. */
  readonly prepareMs: number;
  /** Bodies prepared (assertions) and whether the round used them all up (then it is invalid). */
  readonly prepared: number;
  readonly exhausted: boolean;
  /** Refresh jobs: the live tokens left in the pool (answers to requests in flight at the end are lost). */
  readonly leftover: readonly string[];
}

// HTTP one request at a time.

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

// Raw rates (bench/raw-rates.ts).

/** node:crypto RS256 signatures (2048-bit key) in a tight loop, in this one process, for `durationS`. */
export interface SignJob {
  readonly kind: 'sign';
  readonly durationS: number;
  /** Bytes signed each time (a JWS signing input of an access token's size). */
  readonly inputBytes: number;
}

/** scrypt derivations at the given cost, `parallel` at a time (libuv's pool), for `durationS`. */
export interface ScryptJob {
  readonly kind: 'scrypt';
  readonly durationS: number;
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
  readonly parallel: number;
}

/** argon2id verifications (@node-rs/argon2, libuv's pool) at the given cost, `parallel` at a time, for `durationS`. */
export interface Argon2idJob {
  readonly kind: 'argon2id';
  readonly durationS: number;
  readonly memoryKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
  readonly parallel: number;
}

export interface RateResult {
  readonly perSecond: number;
  readonly operations: number;
  readonly seconds: number;
  /** Latency of one operation (one signature; one derivation under `parallel` load), µs. */
  readonly p50Us: number;
  readonly p99Us: number;
  /** CPU time of the generator process per operation (all threads), µs. */
  readonly cpuUsPerOp: number;
  /** Password hashes: peak resident memory over the process's before the load (sampled every 5 ms), MiB. */
  readonly extraRssMiB?: number;
}

export type LoadJob = CannonJob | PostJob | SequenceJob | WalkJob | SignJob | ScryptJob | Argon2idJob;

interface ResultOf {
  readonly cannon: CannonResult;
  readonly post: PostResult;
  readonly sequence: SequenceResult;
  readonly walk: WalkResult;
  readonly sign: RateResult;
  readonly scrypt: RateResult;
  readonly argon2id: RateResult;
}

export type LoadResult<J extends LoadJob> = ResultOf[J['kind']];
