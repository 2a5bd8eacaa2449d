/**
 * The part of autocannon's programmatic API the benchmark uses (the package ships no types and
 * `@types/autocannon` is not a dependency): one fixed request, or a request list whose bodies
 * are built per request (`setupRequest`) and whose answers are read (`onResponse`), with
 * per-status counts. Shapes from autocannon 9's README and lib/run.js.
 */
declare module 'autocannon' {
  interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }

  interface RequestSpec extends Request {
    /** Builds each request (a falsy return restarts the request list). */
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
    /** Given each answer; the body is collected only when this is set. */
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  }

  interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeout?: number;
    requests?: RequestSpec[];
  }

  /** One aggregated histogram (latency in ms, requests and throughput per one-second sample). */
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  }

  export interface AutocannonResult {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    duration: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
  export default autocannon;
}
