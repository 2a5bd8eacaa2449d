/**
 * Okta-style rate limits: a bucket per endpoint family per window, of which one credential may
 * use at most `perCredentialShare` (50 % by default, as Okta: "an API token can use at most half
 * of an org's rate limit by default", so two tokens together can use the whole bucket).
 * Every response carries `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` (epoch seconds,
 * https://developer.okta.com/docs/reference/rl-best-practices/); beyond the limit, 429 E0000047
 * with the same headers.
 *
 * The `Date` header comes from the same clock as `-Reset`: the Okta SDK waits
 * `Reset × 1000 − Date + 1 s` before retrying a 429 (okta-sdk-nodejs
 * `default-request-executor.js`), so the two must agree.
 * Counters live in this node's memory for now (shared buckets come with PostgreSQL/Redis);
 * JavaScript runs `take` to completion, so concurrent requests cannot overspend a bucket.
 */
import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.js';
import type { RateLimitConfig, RateLimitFamily } from '../../config/config.js';
import { DomainError } from '../../errors/domain-error.js';
import { credentialOf } from '../authorization-header.js';

const FAMILIES: readonly [string, RateLimitFamily][] = [
  ['/api/v1/users', 'users'],
  ['/api/v1/groups', 'groups'],
  ['/api/v1/apps', 'apps'],
  ['/api/v1/api-tokens', 'apiTokens'],
  ['/api/v1/logs', 'logs'],
  // Okta's IAM API (the users holding roles) counts with the roles.
  ['/api/v1/iam', 'roles'],
  ['/api/v1/authn', 'authn'],
  // The hosted sign-in page takes passwords too: the same family as /api/v1/authn.
  ['/login', 'authn'],
  ['/oauth2/', 'oauth'],
];

/** The family of a route pattern as registered (`/api/v1/users/:userId` → users). */
export function familyOf(path: string): RateLimitFamily {
  for (const [prefix, family] of FAMILIES) {
    if (path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : prefix + '/')) return family;
  }
  return 'default';
}

/** The client's address (`trustProxy` decides what that is). */
const clientKey = (request: FastifyRequest): string => 'ip:' + request.ip;

/**
 * Requests with one credential share a counter. The key is a digest (the raw secret is not
 * kept) of the value, beside the scheme case-folded, so `ssws X` and `SSWS  X` count as one.
 * Requests without a credential count per client address; a header that is not
 * `<scheme> <value>` counts by its own digest.
 */
export function credentialKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return clientKey(request);
  const credential = credentialOf(request);
  if (credential === undefined || credential.value === '') return 'raw:' + hash('sha256', header, 'base64url').slice(0, 22);
  return `cred:${credential.scheme}:${credential.digest.slice(0, 22)}`;
}

export interface RateLimitVerdict {
  readonly allowed: boolean;
  /** The ceiling that applies to this caller: its share of the bucket. */
  readonly limit: number;
  readonly remaining: number;
  /** End of the current window, epoch seconds. */
  readonly reset: number;
}

export class RateLimiter {
  private windowStart = Number.NaN;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly clock: Clock,
  ) {}

  /** The limiter's clock: `Date` headers agree with `-Reset`. */
  now(): number {
    return this.clock.now();
  }

  /** Counts one request; returns the headers to send and whether it is within the limits. */
  take(family: RateLimitFamily, credential: string): RateLimitVerdict {
    const now = this.clock.now();
    const start = now - (now % this.config.windowMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counts.clear();
    }
    const reset = Math.ceil((start + this.config.windowMs) / 1000);
    const bucketLimit = this.config.perMinute[family];
    const credentialLimit = Math.max(1, Math.floor(bucketLimit * this.config.perCredentialShare));
    const ownKey = family + '|' + credential;
    const bucketUsed = this.counts.get(family) ?? 0;
    const ownUsed = this.counts.get(ownKey) ?? 0;
    // Refused requests are not counted: the map grows by at most one key per admitted request.
    if (bucketUsed >= bucketLimit || ownUsed >= credentialLimit) {
      return { allowed: false, limit: credentialLimit, remaining: 0, reset };
    }
    this.counts.set(family, bucketUsed + 1);
    this.counts.set(ownKey, ownUsed + 1);
    const remaining = Math.min(credentialLimit - ownUsed - 1, bucketLimit - bucketUsed - 1);
    return { allowed: true, limit: credentialLimit, remaining, reset };
  }
}

/** The `Date` header's text, made once per second. */
let dateSecond = Number.NaN;
let dateText = '';

function httpDate(nowMs: number): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}

/** True for the paths Okta rate-limits: the API, the authorization server, the sign-in form. */
function limited(path: string, method: string): boolean {
  if (path.startsWith('/api/')) return true;
  if (path.startsWith('/oauth2/')) return path !== '/oauth2/v1/keys'; // Okta: the key set is not rate-limited.
  return path === '/login' && method === 'POST';
}

/**
 * The path of a request that matched no route, percent-decoded (RFC 3986 §2.1, `%2F` included)
 * with duplicate slashes folded; left encoded when it does not decode.
 */
function decodedPath(url: string): string {
  const query = url.indexOf('?');
  const raw = query < 0 ? url : url.slice(0, query);
  let path = raw;
  try {
    path = decodeURIComponent(raw);
  } catch {
    // Not valid percent-encoding: it reaches no endpoint either, and still counts (default).
  }
  return path.replace(/\/{2,}/g, '/');
}

/**
 * What a request is counted as. A routed request is classified by the route the router matched
 * (`routeOptions.url`: decoded, duplicate slashes folded), never by the raw URL, so
 * `/%61pi/v1/authn` counts where `/api/v1/authn` does. A request that matched no route reached
 * no endpoint: it counts in the default family, if its decoded path is a limited one.
 * Endpoints that take no API credential (`access: 'none'`: sign-in, the authorization server's
 * endpoints, the cookie session, the 405 answers) and unmatched requests count per client
 * address whatever `Authorization` they carry, so a made-up header is not a fresh allowance.
 */
function counterOf(request: FastifyRequest): { family: RateLimitFamily; key: string } | undefined {
  const route = request.is404 ? undefined : request.routeOptions.url;
  if (route === undefined) {
    return limited(decodedPath(request.url), request.method) ? { family: 'default', key: clientKey(request) } : undefined;
  }
  if (!limited(route, request.method)) return undefined;
  const anonymous = request.routeOptions.config.access === 'none';
  return { family: familyOf(route), key: anonymous ? clientKey(request) : credentialKey(request) };
}

/**
 * Counts the request and sets the rate-limit headers; throws 429 beyond the limit. Called from
 * the app's first `onRequest` hook (one hook for the request id and the limit: each hook costs),
 * which runs once the router has matched the request.
 */
export function applyRateLimit(limiter: RateLimiter, request: FastifyRequest, reply: FastifyReply): void {
  const counter = counterOf(request);
  if (counter === undefined) return;
  const verdict = limiter.take(counter.family, counter.key);
  reply.header('Date', httpDate(limiter.now()));
  reply.header('X-Rate-Limit-Limit', String(verdict.limit));
  reply.header('X-Rate-Limit-Remaining', String(verdict.remaining));
  reply.header('X-Rate-Limit-Reset', String(verdict.reset));
  if (!verdict.allowed) throw new DomainError('rate_limited', 'rate_limited', 'API call exceeded rate limit due to too many requests.');
}
