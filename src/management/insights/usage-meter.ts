/**
 * Counts each node's credential uses in memory and adds them to the store at most every
 * `flushMs` (and on graceful shutdown): one upsert per batch into this node's own rows, so the
 * request path writes nothing and the sums over nodes are exact. A SIGKILL loses at most the
 * counts of the last interval. Counts older than the retention are purged here, at most once an
 * hour per node (the usage janitor).
 */
import { isoAt, type Clock } from '../../clock.js';
import type { CredentialUse, UseRecorder } from '../../auth/credential-use.js';
import type { CredentialType, LastUse, UsageCount } from '../../store/usage-store.js';
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

export class UsageMeter implements UseRecorder {
  private counters = new Map<string, Counter>();
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
    if (at >= this.dayEnd || at < this.dayStart) {
      this.dayStart = Math.floor(at / DAY_MS) * DAY_MS;
      this.dayEnd = this.dayStart + DAY_MS;
      this.day = utcDay(at);
    }
    const key = `${use.credentialType}\u0000${use.credentialId}\u0000${this.day}\u0000${use.method}\u0000${use.route}\u0000${use.via}\u0000${use.outcome}`;
    const counter = this.counters.get(key);
    if (counter === undefined) {
      this.counters.set(key, {
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
        lastAtMs: at,
      });
    } else {
      counter.requests += 1;
      if (at > counter.lastAtMs) counter.lastAtMs = at;
    }
    const who = `${use.credentialType}\u0000${use.credentialId}`;
    const seen = this.lastSeen.get(who);
    if (seen === undefined) {
      this.lastSeen.set(who, {
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

  /** This node's latest use of a credential not yet flushed, if any (reads add it to what the store knows). */
  pendingLastUse(credentialType: CredentialType, credentialId: string): LastUse | undefined {
    const seen = this.lastSeen.get(`${credentialType}\u0000${credentialId}`);
    return seen === undefined ? undefined : lastUseOf(seen);
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
    const counters = this.counters;
    const lastSeen = this.lastSeen;
    this.counters = new Map();
    this.lastSeen = new Map();
    const counts: UsageCount[] = [...counters.values()].map(({ lastAtMs, ...rest }) => ({ ...rest, lastAt: isoAt(lastAtMs) }));
    try {
      if (counts.length > 0) await this.store.usage.add(this.nodeId, counts);
    } catch (error) {
      this.restoreCounters(counters);
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

  private restoreCounters(counters: Map<string, Counter>): void {
    for (const [key, counter] of counters) {
      const current = this.counters.get(key);
      if (current === undefined) this.counters.set(key, counter);
      else {
        current.requests += counter.requests;
        current.lastAtMs = Math.max(current.lastAtMs, counter.lastAtMs);
      }
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
