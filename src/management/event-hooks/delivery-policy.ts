/**
 * What an attempt's result means and when the next one is due. As Okta ("Responses with a 4xx
 * status code aren't retried. Response with a 5xx status code are retried"): a 2xx delivers; a
 * 4xx fails for good, except 408 and 429, which say "later"; a 3xx fails for good too (redirects
 * are not followed: the receiver must be configured where it is); a 5xx, a timeout, a refused or
 * cut connection is retried while attempts remain. The n-th retry waits the configured delay
 * times 2^(n-1), at most an hour.
 */
import { isoAt } from '../../clock.js';
import type { EventHookConfig } from '../../config/config.js';
import type { DeliveryNext } from '../../store/event-hook-store.js';
import type { CallResult } from './outbound-call.js';

export const MAX_RETRY_DELAY_MS = 3_600_000;

export type AttemptOutcome =
  | { readonly ok: true; readonly statusCode: number }
  | { readonly ok: false; readonly statusCode: number | null; readonly error: string; readonly retry: boolean };

export function judgeDelivery(result: CallResult): AttemptOutcome {
  if (result.kind === 'error') return { ok: false, statusCode: null, error: result.error, retry: true };
  const status = result.status;
  if (status >= 200 && status < 300) return { ok: true, statusCode: status };
  if (status >= 300 && status < 400) return { ok: false, statusCode: status, error: `HTTP ${status}: redirects are not followed`, retry: false };
  const retry = status >= 500 || status === 408 || status === 429 || status < 200;
  return { ok: false, statusCode: status, error: `HTTP ${status}`, retry };
}

/** The wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed. */
export function retryDelay(config: Pick<EventHookConfig, 'retryDelayMs'>, attempt: number): number {
  return Math.min(config.retryDelayMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
}

/** Where a delivery goes after its attempt number `attempt` ended with `outcome` at `nowMs`. */
export function nextAfter(
  outcome: AttemptOutcome,
  attempt: number,
  config: Pick<EventHookConfig, 'retryDelayMs' | 'maxAttempts'>,
  nowMs: number,
): DeliveryNext {
  const at = isoAt(nowMs);
  if (outcome.ok) return { status: 'DELIVERED', nextAttemptAt: null, lastError: null, at };
  if (outcome.retry && attempt < config.maxAttempts) {
    return { status: 'PENDING', nextAttemptAt: isoAt(nowMs + retryDelay(config, attempt)), lastError: outcome.error, at };
  }
  return { status: 'FAILED', nextAttemptAt: null, lastError: outcome.error, at };
}
