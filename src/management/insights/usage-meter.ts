/**
 * Counts each node's credential uses in memory and adds them to the store at most every
 * `flushMs` (and on graceful shutdown): one upsert per batch into this node's own rows, so the
 * request path writes nothing and the sums over nodes are exact. A SIGKILL loses at most the
 * counts of the last interval. Counts older than the retention are purged here, at most once an
 * hour per node (the usage janitor).
 */
import { isoAt, type Clock } from '../../clock.js';
import type { CredentialUse, UseRecorder } from '../../auth/credential-use.js';
import type { CredentialType, LastUse, UsageCount, UsageOutcome, UsageVia } from '../../store/usage-store.js';
import type { Store } from '../../store/store.js';

const DAY_MS = 86_400_000;
const PURGE_EVERY_MS = 3_600_000;

/** A count being made: the stored row's key, with its tally kept mutable until the flush. */
interface Counter extends Omit<UsageCount, 'requests' | 'lastAt'> {
  requests: number;
  lastAtMs: number;
}

interface LastSeen {
  readonly credentialType: CredentialType;
  readonly credentialId: string;
  atMs: number;
  ipAddress: string;
  userAgent: string | undefined;
}

export interface UsageMeterOptions {
  readonly flushMs: number;
  readonly retentionDays: number;
}

/** `YYYY-MM-DD` of an epoch-ms instant, in UTC. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Slot of a (via, outcome) pair in an endpoint's counters; a HEAD under a GET rule has slots of its own, after them. */
const VIA_SLOT: Readonly<Record<UsageVia, number>> = { permission: 0, self: 3, own_objects: 6, none: 9 };
const OUTCOME_SLOT: Readonly<Record<UsageOutcome, number>> = { SUCCESS: 0, REFUSED: 1, FAILED: 2 };
const HEAD_SLOTS = 12;

function slotOf(use: Pick<CredentialUse, 'via' | 'outcome' | 'method'>): number {
  return VIA_SLOT[use.via] + OUTCOME_SLOT[use.outcome] + (use.method === 'HEAD' ? HEAD_SLOTS : 0);
}

export class UsageMeter implements UseRecorder {
  /**
   * Today's counts: credential id → endpoint rule (the very object of the endpoint table, so no
   * key is built per request) → one counter per (via, outcome). Ids of API tokens and apps have
   * different prefixes, so an id alone names a credential.
   */
  private today = new Map<string, Map<object, (Counter | undefined)[]>>();
  /** Counts of earlier days not yet flushed, and counts a failed flush gave back. */
  private carried: Counter[] = [];
  private lastSeen = new Map<string, LastSeen>();
  private day = '';
  private dayStart = 0;
  private dayEnd = 0;
  private lastPurge = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<Store, 'usage'>,
    private readonly clock: Clock,
    /** This node's rows: random per process, so that a restarted node never adds to rows another process still adds to. */
    private readonly nodeId: string,
    private readonly options: UsageMeterOptions,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(use: CredentialUse): void {
    const at = use.at;
    if (at >= this.dayEnd || at < this.dayStart) this.startDay(at);
    let byEndpoint = this.today.get(use.credentialId);
    if (byEndpoint === undefined) {
      byEndpoint = new Map();
      this.today.set(use.credentialId, byEndpoint);
    }
    let slots = byEndpoint.get(use.endpoint);
    if (slots === undefined) {
      slots = [];
      byEndpoint.set(use.endpoint, slots);
    }
    const slot = slotOf(use);
    const counter = slots[slot];
    if (counter === undefined) slots[slot] = this.counterOf(use);
    else if (counter.method !== use.method)
      this.carried.push(this.counterOf(use)); // a rule serving a method other than its own and HEAD: not expected; merged at the flush
    else {
      counter.requests += 1;
      if (at > counter.lastAtMs) counter.lastAtMs = at;
    }
    const seen = this.lastSeen.get(use.credentialId);
    if (seen === undefined) {
      this.lastSeen.set(use.credentialId, {
        credentialType: use.credentialType,
        credentialId: use.credentialId,
        atMs: at,
        ipAddress: use.ipAddress,
        userAgent: use.userAgent,
      });
    } else if (at >= seen.atMs) {
      seen.atMs = at;
      seen.ipAddress = use.ipAddress;
      seen.userAgent = use.userAgent;
    }
  }

  reclassify(use: CredentialUse, outcome: CredentialUse['outcome']): void {
    if (outcome === use.outcome) return;
    const slots = this.today.get(use.credentialId)?.get(use.endpoint);
    const counter = slots?.[slotOf(use)];
    if (counter !== undefined && counter.requests > 0 && counter.method === use.method && utcDay(use.at) === this.day) counter.requests -= 1;
    // Already flushed or carried: a negative count, which the store adds like every other (the sums stay exact).
    else this.carried.push({ ...this.counterOf(use), day: utcDay(use.at), requests: -1 });
    this.record({ ...use, outcome });
  }

  private counterOf(use: CredentialUse): Counter {
    return {
      credentialType: use.credentialType,
      credentialId: use.credentialId,
      day: this.day,
      method: use.method,
      route: use.route,
      permission: use.permission,
      scope: use.scope,
      via: use.via,
      outcome: use.outcome,
      requests: 1,
      lastAtMs: use.at,
    };
  }

  /** A use on another UTC day than the last: the day's counts are carried to the flush, and a new day starts. */
  private startDay(at: number): void {
    this.carried.push(...this.takeToday());
    this.dayStart = Math.floor(at / DAY_MS) * DAY_MS;
    this.dayEnd = this.dayStart + DAY_MS;
    this.day = utcDay(at);
  }

  private takeToday(): Counter[] {
    const out: Counter[] = [];
    for (const byEndpoint of this.today.values()) for (const slots of byEndpoint.values()) for (const c of slots) if (c !== undefined) out.push(c);
    this.today = new Map();
    return out;
  }

  /** This node's latest use of a credential not yet flushed, when there is one (reads add it to what the store knows). */
  pendingLastUse(credentialType: CredentialType, credentialId: string): LastUse | undefined {
    const seen = this.lastSeen.get(credentialId);
    return seen === undefined || seen.credentialType !== credentialType ? undefined : lastUseOf(seen);
  }

  /** Starts the periodic flush (the timer does not keep the process alive). */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.flush(), this.options.flushMs);
    this.timer.unref();
  }

  /** Stops the timer and flushes what is left (graceful shutdown). */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Adds what was counted since the last flush to the store; one flush at a time. Failures keep the counts for the next one. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const counters = [...this.carried, ...this.takeToday()];
    this.carried = [];
    const lastSeen = this.lastSeen;
    this.lastSeen = new Map();
    // Equal keys (a day carried, then resumed; a failed flush given back) are merged by the store.
    const counts: UsageCount[] = counters.map(({ lastAtMs, ...rest }) => ({ ...rest, lastAt: isoAt(lastAtMs) }));
    try {
      if (counts.length > 0) await this.store.usage.add(this.nodeId, counts);
    } catch (error) {
      this.carried.push(...counters);
      this.restoreLastSeen(lastSeen);
      this.onError(error);
      return;
    }
    try {
      if (lastSeen.size > 0) await this.store.usage.recordLastUses([...lastSeen.values()].map(lastUseOf));
    } catch (error) {
      this.restoreLastSeen(lastSeen);
      this.onError(error);
      return;
    }
    await this.purgeIfDue();
  }

  private async purgeIfDue(): Promise<void> {
    const now = this.clock.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    try {
      await this.store.usage.purgeBefore(utcDay(now - this.options.retentionDays * DAY_MS));
    } catch (error) {
      this.lastPurge = Number.NEGATIVE_INFINITY;
      this.onError(error);
    }
  }

  private restoreLastSeen(lastSeen: Map<string, LastSeen>): void {
    for (const [key, seen] of lastSeen) {
      const current = this.lastSeen.get(key);
      if (current === undefined || seen.atMs > current.atMs) this.lastSeen.set(key, seen);
    }
  }
}

function lastUseOf(seen: LastSeen): LastUse {
  return {
    credentialType: seen.credentialType,
    credentialId: seen.credentialId,
    at: isoAt(seen.atMs),
    ipAddress: seen.ipAddress,
    userAgent: seen.userAgent ?? null,
  };
}
