/**
 * Keeps the single-use and expiring tables small. Every client assertion and DPoP proof leaves
 * its `jti` in `used_jtis`, every revocation a row in `revoked_tokens`; every authorization leaves
 * a code, every offline grant a refresh-token family, every sign-in a session. Once what a row
 * guards has expired it can no longer be presented, so the row can go. The token endpoint pokes
 * the janitor; it purges at most once per interval per node.
 *
 * How long each kind is kept past its expiry:
 * - jtis and revocations: a margin longer than any clock skew we accept, so a token still inside
 *   its skew is never un-revoked or re-playable;
 * - authorization codes: a day, so that a late replay of a redeemed code is still recognised and
 *   revokes what the first redemption issued (RFC 6749 §4.1.2, "SHOULD revoke");
 * - refresh tokens: a day past the family's absolute expiry (`refresh_tokens.expires`, which
 *   rotation keeps), so a family is never deleted while any of its tokens could still be redeemed;
 * - sessions and session tokens: a day, as the sign-in side purges them (session-service.ts).
 */
import { isoAt, type Clock } from '../clock.js';
import { SESSION_PURGE_AGE_MS } from '../session/session-service.js';
import type { Store } from '../store/store.js';

/** Larger than every tolerance applied to `exp`/`iat` (30 s for tokens, assertions and proofs). */
export const PURGE_MARGIN_MS = 120_000;
export const PURGE_INTERVAL_MS = 300_000;
/** Codes and refresh tokens are deleted this long after they expired. */
export const EXPIRED_GRANT_KEEP_MS = 86_400_000;

export class ExpiryJanitor {
  private lastRun = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Pick<Store, 'replay' | 'authorization' | 'sessions'>,
    private readonly clock: Clock,
    private readonly intervalMs = PURGE_INTERVAL_MS,
  ) {}

  /** Purges expired entries when the last purge on this node is older than the interval. */
  async maybePurge(): Promise<void> {
    const now = this.clock.now();
    if (now - this.lastRun < this.intervalMs) return;
    this.lastRun = now;
    await this.store.replay.purge(isoAt(now - PURGE_MARGIN_MS));
    await this.store.authorization.purgeExpired(isoAt(now - EXPIRED_GRANT_KEEP_MS));
    await this.store.sessions.purgeExpired(isoAt(now - SESSION_PURGE_AGE_MS));
  }
}
