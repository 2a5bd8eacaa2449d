/**
 * Keeps the single-use tables small. Every client assertion and DPoP proof leaves its `jti` in
 * `used_jtis`, every revocation a row in `revoked_tokens`; once what they guard has expired it
 * can no longer be presented, so the rows can go. The token endpoint pokes the janitor; it purges
 * at most once per interval per node. Rows are kept a margin past their expiry, longer than any
 * clock skew we accept, so a token still inside its skew is never un-revoked or re-playable.
 */
import { isoAt, type Clock } from '../clock.js';
import type { ReplayRepository } from '../store/oauth-store.js';

/** Larger than every tolerance applied to `exp`/`iat` (30 s for tokens, assertions and proofs). */
export const PURGE_MARGIN_MS = 120_000;
export const PURGE_INTERVAL_MS = 300_000;

export class ReplayJanitor {
  private lastRun = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly replay: ReplayRepository,
    private readonly clock: Clock,
    private readonly intervalMs = PURGE_INTERVAL_MS,
  ) {}

  /** Purges expired entries when the last purge on this node is older than the interval. */
  async maybePurge(): Promise<void> {
    const now = this.clock.now();
    if (now - this.lastRun < this.intervalMs) return;
    this.lastRun = now;
    await this.replay.purge(isoAt(now - PURGE_MARGIN_MS));
  }
}
