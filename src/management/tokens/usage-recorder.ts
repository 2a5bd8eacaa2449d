/**
 * Coalesced last-use writes for API tokens. A use is remembered in memory and persisted at most
 * once per token per `flushMs` (no database write on every request); `flush()` writes what is
 * left on shutdown. Each node writes within a minute of a use, so the idle-expiry check, which
 * reads the persisted value and this node's memory, is exact to that minute on every node.
 */
import type { Store } from '../../store/store.js';

interface Usage {
  /** Latest use seen on this node (epoch ms). */
  seen: number;
  /** Latest value known to be persisted. */
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

  record(tokenId: string, persistedLastUse: number, now: number): void {
    let entry = this.usage.get(tokenId);
    if (entry === undefined) {
      entry = { seen: now, written: persistedLastUse };
      this.usage.set(tokenId, entry);
    }
    entry.seen = Math.max(entry.seen, now);
    entry.written = Math.max(entry.written, persistedLastUse);
    if (entry.seen - entry.written >= this.flushMs) {
      entry.written = entry.seen;
      this.write(tokenId, entry.seen);
    }
  }

  forget(tokenId: string): void {
    this.usage.delete(tokenId);
  }

  /** Persists every use not yet written, and waits for writes under way. */
  async flush(): Promise<void> {
    for (const [tokenId, entry] of this.usage) {
      if (entry.seen > entry.written) {
        entry.written = entry.seen;
        this.write(tokenId, entry.seen);
      }
    }
    await Promise.all([...this.inFlight]);
  }

  private write(tokenId: string, at: number): void {
    const promise = this.store.apiTokens
      .recordUse(tokenId, new Date(at).toISOString())
      .catch(this.onError)
      .finally(() => this.inFlight.delete(promise));
    this.inFlight.add(promise);
  }
}
