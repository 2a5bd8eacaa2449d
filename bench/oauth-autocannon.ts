/**
 * autocannon with the parts the OAuth benchmarks need beyond bench/autocannon.d.ts: per-request
 * bodies through `requests[].setupRequest`, answers through `onResponse`, per-status counts.
 * (Typed here rather than by augmenting that declaration, whose interfaces are module-private.)
 * Shapes from autocannon 9's README and lib/run.js.
 */
import autocannon from 'autocannon';

export interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface CannonRequestSpec extends CannonRequest {
  /** Builds each request (a falsy return restarts the request list). */
  setupRequest?: (request: CannonRequest, context: Record<string, unknown>) => CannonRequest;
  /** Given each answer; the body is collected only when this is set. */
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface CannonOptions {
  url: string;
  connections: number;
  duration: number;
  requests: CannonRequestSpec[];
}

interface Histogram {
  average: number;
  total: number;
  p50: number;
  p99: number;
}

export interface CannonOutcome {
  requests: Histogram;
  latency: Histogram;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

export const cannon = autocannon as unknown as (options: CannonOptions) => Promise<CannonOutcome>;
