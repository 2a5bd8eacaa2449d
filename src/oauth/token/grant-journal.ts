/**
 * What the token endpoint writes once a request is decided: the client assertion's `jti` (single
 * use on every node, RFC 7523 §3) and the `app.oauth2.token.grant.access_token` System Log event.
 * Requests that finish while a commit is under way are committed together in the next
 * transaction (a group commit): each request still gets its answer only after the commit that
 * holds its `jti` and its event, so nothing is acknowledged before it is durable and a storage
 * error fails every request of the batch closed. A commit starts in the event loop's check
 * phase (`setImmediate`, no timer): after the I/O callbacks already due, so that requests whose
 * signatures completed in the same turn join it. This matters on SQLite, whose statements are
 * synchronous: a transaction started at once would run to its end in microtasks and never see a
 * second request. Under load one transaction carries many, which saves most of the cost of an
 * event on SQLite (one BEGIN/COMMIT, and the index pages that consecutive events share are
 * written to the WAL once).
 */
import type { DomainEvent, EventBus, EventContext } from '../../events/event-bus.js';
import type { Store } from '../../store/store.js';
import type { AssertionUse } from '../client-auth.js';

/** Longest batch: bounds how long one transaction holds the database. */
export const GRANT_JOURNAL_BATCH = 64;

interface Entry {
  readonly use: AssertionUse | undefined;
  readonly context: EventContext;
  /** The event to write, given whether the assertion was fresh; undefined writes none. */
  readonly event: (fresh: boolean) => DomainEvent | undefined;
  readonly resolve: (fresh: boolean) => void;
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
   * Records `use` (when given) and the event `event(fresh)` returns; resolves once committed, to
   * false when the `jti` had already been used (here or on another node).
   */
  commit(use: AssertionUse | undefined, context: EventContext, event: (fresh: boolean) => DomainEvent | undefined): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ use, context, event, resolve, reject });
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
        let outcomes: boolean[];
        try {
          outcomes = await this.store.transaction(async (tx) => {
            const fresh: boolean[] = [];
            for (const entry of entries) {
              const unused = entry.use === undefined || (await tx.replay.use(entry.use.key, entry.use.expires));
              const event = entry.event(unused);
              if (event !== undefined) await this.events.emit(tx, entry.context, event);
              fresh.push(unused);
            }
            return fresh;
          });
        } catch (error) {
          for (const entry of entries) entry.reject(error);
          continue;
        }
        entries.forEach((entry, i) => entry.resolve(outcomes[i] ?? false));
      }
    } finally {
      this.committing = false;
    }
  }
}
