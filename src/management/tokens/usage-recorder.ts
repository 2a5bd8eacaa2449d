/**
 * Coalesced last-use writes for API tokens. A use is remembered in memory and persisted at most
 * once per token per `flushMs`; `flush()` writes
 * what is left on shutdown. A use is written as soon as it is `flushMs` or more newer than the
 * persisted value, so the persisted value never lags this node's memory by `flushMs` or more:
 * the idle-expiry check, which reads the persisted value and this node's memory, is exact to
 * that interval on every node.
 */
import type { Store } from '../../store/store.js';

interface Usage {
  /** Latest use seen on this node (epoch ms). */
  seen: number;
  /** Latest value persisted or being persisted. */
  written: number;
}

export class TokenUsageRecorder {
  private readonly usage = new Map<string, Usage>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly flushMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The latest use of this token seen by this node, if any. */
  lastSeen(tokenId: string): number | undefined {
    return this.usage.get(tokenId)?.seen;
  }

  /** Notes a use at `now`; `persistedLastUse` is the value the request read from the store. */
  record(tokenId: string, persistedLastUse: number, now: number): void {
    let entry = this.usage.get(tokenId);
    if (entry === undefined) {
      entry = { seen: now, written: persistedLastUse };
      this.usage.set(tokenId, entry);
    }
    entry.seen = Math.max(entry.seen, now);
    entry.written = Math.max(entry.written, persistedLastUse);
    if (entry.seen - entry.written >= this.flushMs) this.write(tokenId, entry);
  }

  /** Drops what this node remembers of a token (revoked or expired: nothing left to persist). */
  forget(tokenId: string): void {
    this.usage.delete(tokenId);
  }

  /** Persists every use not yet written, and waits for every write under way. */
  async flush(): Promise<void> {
    for (const [tokenId, entry] of this.usage) {
      if (entry.seen > entry.written) this.write(tokenId, entry);
    }
    await this.settled();
  }

  /** Waits for the writes under way, without starting any (tests observe the coalescing with it). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private write(tokenId: string, entry: Usage): void {
    const previous = entry.written;
    const at = entry.seen;
    entry.written = at;
    const promise = this.store.apiTokens
      .recordUse(tokenId, new Date(at).toISOString())
      .catch((error: unknown) => {
        // Not persisted: let the next use or the shutdown flush try again.
        if (this.usage.get(tokenId) === entry && entry.written === at) entry.written = previous;
        this.onError(error);
      })
      .finally(() => this.inFlight.delete(promise));
    this.inFlight.add(promise);
  }
}
