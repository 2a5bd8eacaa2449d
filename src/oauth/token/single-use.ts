/**
 * Single use of the token endpoint's `jti`s, on every node: the client assertion's (RFC 7523 §3)
 * and the DPoP proof's (RFC 9449 §11.1). Each is spent once in the replay table (`used_jtis`),
 * either before a grant that consumes something runs (`spend`: a replayed request must not redeem
 * a code or rotate a refresh token again), or in one commit with the System Log event of the
 * request's answer (`commitIssued`, `commitRefused`). A verified value is spent even when the
 * request is refused, and a replayed one is answered as such, whatever else was wrong.
 *
 * Commits that come in while one is under way are written together in the next transaction; each
 * request is answered only once the transaction holding its writes has committed, and a storage
 * error fails the whole batch closed. Why: docs/design/token-endpoint.md.
 */
import type { Clock } from '../../clock.js';
import type { DomainEvent, EventBus, EventContext } from '../../events/event-bus.js';
import type { Store } from '../../store/store.js';
import { assertionReplayed, type AssertionUse } from '../client-assertion.js';
import type { OAuthError } from '../errors.js';
import { proofReplayed } from './dpop-binding.js';

/** Longest batch: bounds how long one transaction holds the database. */
export const SINGLE_USE_BATCH = 64;

/** The single-use values of one token request; each is undefined until it has been verified. */
export interface SingleUses {
  readonly assertion: AssertionUse | undefined;
  readonly proof: AssertionUse | undefined;
}

/** What a request has verified and not yet handed to a commit; `take()` hands them over once. */
export class UnspentUses implements SingleUses {
  assertion: AssertionUse | undefined = undefined;
  proof: AssertionUse | undefined = undefined;

  take(): SingleUses {
    const uses = { assertion: this.assertion, proof: this.proof };
    this.assertion = undefined;
    this.proof = undefined;
    return uses;
  }
}

/** The event to write given the answer to a replayed use (undefined when every use was fresh); undefined writes none. */
type EventFor = (replayed: OAuthError | undefined) => DomainEvent | undefined;

interface Entry {
  readonly uses: SingleUses;
  readonly context: EventContext;
  readonly event: EventFor;
  readonly resolve: (replayed: OAuthError | undefined) => void;
  readonly reject: (error: unknown) => void;
}

export class SingleUse {
  private queue: Entry[] = [];
  private committing = false;
  private scheduled = false;
  private readonly spentHere = new SpentAssertions();

  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly batch = SINGLE_USE_BATCH,
  ) {}

  /** Refuses an assertion this node has already seen spent, before anything is signed for it. */
  refuseKnownReplay(assertion: AssertionUse | undefined): void {
    if (assertion !== undefined && this.spentHere.has(assertion, this.clock.now())) throw assertionReplayed();
  }

  /** Spends `uses` before a grant consumes anything; a replay is refused (its event is the refusal's, on the way out). */
  async spend(uses: SingleUses, context: EventContext): Promise<void> {
    if (uses.assertion === undefined && uses.proof === undefined) return;
    const replayed = await this.commit(uses, context, () => undefined);
    if (replayed !== undefined) throw replayed;
  }

  /** Spends `uses` with the event of what was issued; a replay, here or on another node, is refused and its token never sent. */
  async commitIssued(uses: SingleUses, context: EventContext, issued: DomainEvent): Promise<void> {
    const replayed = await this.commit(uses, context, (replay) => (replay === undefined ? issued : undefined));
    if (replayed !== undefined) throw replayed;
  }

  /**
   * Spends what a refused request verified, with the event `eventOf` gives for its final answer:
   * the replay answer if a use was replayed, else `refusal`. Resolves with that answer.
   */
  async commitRefused(uses: SingleUses, context: EventContext, refusal: unknown, eventOf: (answer: unknown) => DomainEvent | undefined): Promise<unknown> {
    if (uses.assertion === undefined && uses.proof === undefined && eventOf(refusal) === undefined) return refusal;
    return (await this.commit(uses, context, (replay) => eventOf(replay ?? refusal))) ?? refusal;
  }

  /** Queues `uses` and their event for the next transaction; resolves once committed, with the answer to a replay if any. */
  private async commit(uses: SingleUses, context: EventContext, event: EventFor): Promise<OAuthError | undefined> {
    const replayed = await new Promise<OAuthError | undefined>((resolve, reject) => {
      this.queue.push({ uses, context, event, resolve, reject });
      if (this.committing || this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        if (!this.committing) void this.drain();
      });
    });
    if (uses.assertion !== undefined) this.spentHere.add(uses.assertion);
    return replayed;
  }

  private async drain(): Promise<void> {
    this.committing = true;
    try {
      while (this.queue.length > 0) {
        const entries = this.queue.slice(0, this.batch);
        this.queue = this.queue.slice(entries.length);
        await this.write(entries);
      }
    } finally {
      this.committing = false;
    }
  }

  /** One transaction for the batch: each entry's uses, then its event; each settles once it committed. */
  private async write(entries: readonly Entry[]): Promise<void> {
    let outcomes: { entry: Entry; replayed: OAuthError | undefined }[];
    try {
      outcomes = await this.store.transaction(async (tx) => {
        const written = [];
        for (const entry of entries) {
          const replayed = replayAnswer(await spendIn(tx, entry.uses));
          const event = entry.event(replayed);
          if (event !== undefined) await this.events.emit(tx, entry.context, event);
          written.push({ entry, replayed });
        }
        return written;
      });
    } catch (error) {
      for (const entry of entries) entry.reject(error);
      return;
    }
    for (const { entry, replayed } of outcomes) entry.resolve(replayed);
  }
}

/** Whether each single use of a request was fresh when spent (an absent one counts as fresh). */
interface Freshness {
  readonly assertionFresh: boolean;
  readonly proofFresh: boolean;
}

/** Spends both uses (a replayed assertion does not leave its proof unspent). */
async function spendIn(tx: Store, uses: SingleUses): Promise<Freshness> {
  const assertionFresh = uses.assertion === undefined || (await tx.replay.use(uses.assertion.key, uses.assertion.expires));
  const proofFresh = uses.proof === undefined || (await tx.replay.use(uses.proof.key, uses.proof.expires));
  return { assertionFresh, proofFresh };
}

/** The answer to a request whose assertion (first) or DPoP proof was already used. */
function replayAnswer({ assertionFresh, proofFresh }: Freshness): OAuthError | undefined {
  if (!assertionFresh) return assertionReplayed();
  if (!proofFresh) return proofReplayed();
  return undefined;
}

/**
 * Assertions this node has seen spent (by its own requests, or found used by another node): a
 * pre-filter only, the replay table decides on every node. Bounded, oldest out first; an entry
 * past the assertion's own expiry (plus skew) is dropped, since the assertion no longer verifies.
 */
class SpentAssertions {
  private readonly spent = new Map<string, number>();

  constructor(private readonly capacity = 50_000) {}

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
