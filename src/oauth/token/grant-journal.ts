/**
 * What the token endpoint writes once a request is decided: the client assertion's `jti` (single
 * use on every node, RFC 7523 §3), the DPoP proof's `jti` (RFC 9449 §11.1) and the
 * `app.oauth2.token.grant.access_token` System Log event. Requests that finish while a commit is
 * under way are committed together in the next transaction; each is answered only once the
 * transaction holding its writes has committed, and a storage error fails the whole batch closed.
 * Why it is a group commit: docs/design/token-endpoint.md.
 */
import type { DomainEvent, EventBus, EventContext } from '../../events/event-bus.js';
import type { Store } from '../../store/store.js';
import type { AssertionUse } from '../client-auth.js';

/** Longest batch: bounds how long one transaction holds the database. */
export const GRANT_JOURNAL_BATCH = 64;

/** For each single use given, whether it was fresh (an absent one counts as fresh). */
export type Freshness = readonly boolean[];

interface Entry {
  readonly uses: readonly (AssertionUse | undefined)[];
  readonly context: EventContext;
  /** The event to write, given which uses were fresh; undefined writes none. */
  readonly event: (fresh: Freshness) => DomainEvent | undefined;
  readonly resolve: (fresh: Freshness) => void;
  readonly reject: (error: unknown) => void;
}

export class GrantJournal {
  private queue: Entry[] = [];
  private committing = false;
  private scheduled = false;

  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly batch = GRANT_JOURNAL_BATCH,
  ) {}

  /**
   * Records each of `uses` that is given and the event `event(fresh)` returns; resolves once
   * committed, with false for each `jti` that had already been used (here or on another node).
   */
  commit(uses: readonly (AssertionUse | undefined)[], context: EventContext, event: (fresh: Freshness) => DomainEvent | undefined): Promise<Freshness> {
    return new Promise<Freshness>((resolve, reject) => {
      this.queue.push({ uses, context, event, resolve, reject });
      if (this.committing || this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        if (!this.committing) void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    this.committing = true;
    try {
      while (this.queue.length > 0) {
        const entries = this.queue.slice(0, this.batch);
        this.queue = this.queue.slice(entries.length);
        let outcomes: Freshness[];
        try {
          outcomes = await this.store.transaction(async (tx) => {
            const all: Freshness[] = [];
            for (const entry of entries) {
              const fresh: boolean[] = [];
              for (const use of entry.uses) fresh.push(use === undefined || (await tx.replay.use(use.key, use.expires)));
              const event = entry.event(fresh);
              if (event !== undefined) await this.events.emit(tx, entry.context, event);
              all.push(fresh);
            }
            return all;
          });
        } catch (error) {
          for (const entry of entries) entry.reject(error);
          continue;
        }
        entries.forEach((entry, i) => entry.resolve(outcomes[i] ?? entry.uses.map(() => false)));
      }
    } finally {
      this.committing = false;
    }
  }
}
