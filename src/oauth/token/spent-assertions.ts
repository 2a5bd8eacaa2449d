/**
 * Client assertions this node has seen spent, so that a replay sent to the same node is refused
 * before an access token is signed for it. A pre-filter only: the `used_jtis` row, written with
 * the grant (grant-journal.ts), decides on every node. Bounded, oldest out first; an entry past
 * the assertion's own expiry (plus skew) is dropped, since the assertion no longer verifies.
 */
import type { AssertionUse } from '../client-auth.js';

export class SpentAssertions {
  private readonly spent = new Map<string, number>();

  constructor(private readonly capacity = 50_000) {}

  /** The assertion was committed as used (by this request, or found used by another). */
  add(use: AssertionUse): void {
    if (this.spent.size >= this.capacity) {
      const oldest = this.spent.keys().next();
      if (oldest.done !== true) this.spent.delete(oldest.value);
    }
    this.spent.set(use.key, Date.parse(use.expires));
  }

  /** Whether this node knows the assertion as spent, at `now` (epoch ms). */
  has(use: AssertionUse, now: number): boolean {
    const expires = this.spent.get(use.key);
    if (expires === undefined) return false;
    if (expires < now) {
      this.spent.delete(use.key);
      return false;
    }
    return true;
  }
}
