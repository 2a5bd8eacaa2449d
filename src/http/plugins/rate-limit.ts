/**
 * Okta-style rate limits: a bucket per endpoint family per window, of which one credential may
 * use at most `perCredentialShare` (50 % by default, as Okta). Every response carries
 * `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` (epoch seconds); beyond the limit, 429 E0000047.
 * Counters live in this node's memory for now (shared buckets come with PostgreSQL/Redis).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.js';
import type { RateLimitConfig, RateLimitFamily } from '../../config/config.js';
import { DomainError } from '../../errors/domain-error.js';

const FAMILIES: readonly [string, RateLimitFamily][] = [
  ['/api/v1/users', 'users'],
  ['/api/v1/groups', 'groups'],
  ['/api/v1/apps', 'apps'],
  ['/api/v1/api-tokens', 'apiTokens'],
  ['/api/v1/logs', 'logs'],
  ['/api/v1/authn', 'authn'],
  ['/oauth2/', 'oauth'],
];

export function familyOf(path: string): RateLimitFamily {
  for (const [prefix, family] of FAMILIES) if (path.startsWith(prefix)) return family;
  return 'default';
}

/** Requests from one credential share a counter; the raw secret is not kept as a key. */
function credentialKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return 'ip:' + request.ip;
  return 'cred:' + createHash('sha256').update(header).digest('base64url').slice(0, 22);
}

export class RateLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts one request; returns the headers to send and whether it is within the limits. */
  take(family: RateLimitFamily, credential: string): { allowed: boolean; limit: number; remaining: number; reset: number } {
    const now = this.clock.now();
    const start = now - (now % this.config.windowMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counts.clear();
    }
    const reset = Math.ceil((start + this.config.windowMs) / 1000);
    const bucketLimit = this.config.perMinute[family];
    const credentialLimit = Math.max(1, Math.floor(bucketLimit * this.config.perCredentialShare));
    const bucketKey = family;
    const ownKey = family + '|' + credential;
    const bucketUsed = this.counts.get(bucketKey) ?? 0;
    const ownUsed = this.counts.get(ownKey) ?? 0;
    if (bucketUsed >= bucketLimit || ownUsed >= credentialLimit) {
      return { allowed: false, limit: credentialLimit, remaining: 0, reset };
    }
    this.counts.set(bucketKey, bucketUsed + 1);
    this.counts.set(ownKey, ownUsed + 1);
    const remaining = Math.min(credentialLimit - ownUsed - 1, bucketLimit - bucketUsed - 1);
    return { allowed: true, limit: credentialLimit, remaining, reset };
  }
}

export function registerRateLimit(app: FastifyInstance, limiter: RateLimiter): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.replace(/^\/{2,}/, '/');
    if (!path.startsWith('/api/') && !path.startsWith('/oauth2/')) return;
    if (path.startsWith('/oauth2/v1/keys')) return; // Okta: keys and discovery are not rate-limited.
    const verdict = limiter.take(familyOf(path), credentialKey(request));
    reply.header('X-Rate-Limit-Limit', String(verdict.limit));
    reply.header('X-Rate-Limit-Remaining', String(verdict.remaining));
    reply.header('X-Rate-Limit-Reset', String(verdict.reset));
    if (!verdict.allowed) throw new DomainError('rate_limited', 'rate_limited', 'API call exceeded rate limit due to too many requests.');
  });
}
