/**
 * The delivery worker: every node that serves runs one (started when the server listens, stopped
 * when it closes). Each tick it scans the System Log into delivery rows (delivery-scan.ts), leases
 * the deliveries that are due (so that no other node sends them meanwhile), sends each as Okta's
 * envelope with the hook's headers and secret, records the attempt, and either closes the delivery
 * or schedules its retry (delivery-policy.ts). A failed attempt leaves an `event_hook.delivery`
 * event in the System Log, as Okta does. No request ever waits for any of this.
 *
 * At least once: a delivery is closed only after its receiver answered 2xx and that was recorded;
 * a node that dies mid-call leaves its lease to expire, and another node sends it again. Order is
 * not promised (retries interleave with newer deliveries), as Okta does not.
 *
 * Time comes from the injected clock (leases, schedules, records); `runOnce()` is one tick, so
 * that tests drive the worker step by step without sleeping. Only the poll timer and the calls'
 * own timeouts use real time.
 */
import { randomUUID } from 'node:crypto';
import { isoAt, type Clock } from '../../clock.js';
import type { EventHookConfig } from '../../config/config.js';
import { systemContext, type EventBus } from '../../events/event-bus.js';
import type { ClaimedDelivery, DeliveryAttemptRecord, EventHookRecord } from '../../store/event-hook-store.js';
import type { Store } from '../../store/store.js';
import { judgeDelivery, nextAfter, type AttemptOutcome } from './delivery-policy.js';
import { scanLog } from './delivery-scan.js';
import { envelopeOf } from './envelope.js';
import { hookCall } from './hook-call.js';
import type { HookSecrets } from './hook-secrets.js';
import { hookTarget } from './log-targets.js';
import { callReceiver } from './outbound-call.js';

/** Deliveries sent per tick at most, and at once at most. */
export const CLAIM_LIMIT = 20;
export const SEND_CONCURRENCY = 4;
/** Scans per tick at most, when a burst left more than one scan's worth of events. */
const SCANS_PER_TICK = 10;
/** A lease outlives the call it covers by this much (the bookkeeping after it). */
const LEASE_MARGIN_MS = 30_000;
const PURGE_INTERVAL_MS = 3_600_000;

export interface DeliveryWorkerDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly secrets: HookSecrets;
  readonly orgUrl: string;
  readonly config: EventHookConfig;
  /** Where an unexpected failure of a tick goes (the server log); the worker keeps running. */
  readonly onError?: (error: unknown) => void;
}

export interface TickReport {
  /** Deliveries written by the scans of this tick. */
  readonly scanned: number;
  /** Attempts made (and deliveries abandoned without one). */
  readonly sent: number;
}

export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: DeliveryWorkerDeps) {}

  /** Ticks every `pollIntervalMs` until `stop()`; a tick that fails is reported and the next one runs. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops ticking and waits for a tick in progress (its calls are bounded by the timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => this.deps.onError?.(error))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.deps.config.pollIntervalMs);
        });
    }, delayMs);
    // The worker alone never keeps the process alive.
    this.timer.unref();
  }

  /** One tick: scan, send what is due, and purge old deliveries once an hour. */
  async runOnce(): Promise<TickReport> {
    let scanned = 0;
    for (let scan = 0; scan < SCANS_PER_TICK; scan++) {
      const report = await scanLog(this.deps.store, this.deps.clock);
      scanned += report.deliveries;
      if (!report.more) break;
    }
    const sent = await this.sendDue();
    await this.maybePurge();
    return { scanned, sent };
  }

  /**
   * Leases SEND_CONCURRENCY due deliveries at a time and sends them together, up to CLAIM_LIMIT a
   * tick: a lease is taken just before its call, so one call's timeout (plus a margin) covers it.
   */
  private async sendDue(): Promise<number> {
    const { store, clock, config } = this.deps;
    // Without hooks there is nothing to send (deliveries go with their hook): a read, not a claim's write.
    if ((await store.eventHooks.count()) === 0) return 0;
    const hooks = new Map<string, EventHookRecord | undefined>();
    let sent = 0;
    while (sent < CLAIM_LIMIT) {
      const now = clock.now();
      const claimed = await store.eventHookDeliveries.claimDue({
        now: isoAt(now),
        leaseUntil: isoAt(now + config.timeoutMs + LEASE_MARGIN_MS),
        token: randomUUID(),
        limit: SEND_CONCURRENCY,
      });
      for (const delivery of claimed) if (!hooks.has(delivery.hookId)) hooks.set(delivery.hookId, await store.eventHooks.get(delivery.hookId));
      await Promise.all(claimed.map((delivery) => this.send(delivery, hooks.get(delivery.hookId))));
      sent += claimed.length;
      if (claimed.length < SEND_CONCURRENCY) break;
    }
    return sent;
  }

  private async send(delivery: ClaimedDelivery, hook: EventHookRecord | undefined): Promise<void> {
    const { store, clock, config, secrets, orgUrl } = this.deps;
    // Okta: "Only ACTIVE and VERIFIED event hooks can receive events". A hook changed since the
    // scan (deactivated, or a new URI not yet verified) gets nothing of what was meant for it.
    if (hook === undefined || hook.status !== 'ACTIVE' || hook.verificationStatus !== 'VERIFIED') {
      const why = hook === undefined ? 'the event hook no longer exists' : `not sent: the event hook is ${hook.status} and ${hook.verificationStatus}`;
      await store.eventHookDeliveries.finish(delivery, undefined, { status: 'ABANDONED', nextAttemptAt: null, lastError: why, at: isoAt(clock.now()) });
      return;
    }
    const started = clock.now();
    const built = hookCall(hook, secrets, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: envelopeOf(orgUrl, delivery) });
    let outcome: AttemptOutcome;
    let durationMs = 0;
    if (built.ok) {
      const result = await callReceiver(built.call, config);
      durationMs = result.durationMs;
      outcome = judgeDelivery(result);
    } else {
      outcome = { ok: false, statusCode: null, error: built.error, retry: false };
    }
    const number = delivery.attempts + 1;
    const attempt: DeliveryAttemptRecord = {
      deliveryId: delivery.id,
      attempt: number,
      started: isoAt(started),
      durationMs,
      statusCode: outcome.statusCode,
      error: outcome.ok ? null : outcome.error,
      outcome: outcome.ok ? 'SUCCESS' : 'FAILURE',
    };
    const next = nextAfter(outcome, number, config, clock.now());
    await store.transaction(async (tx) => {
      await tx.eventHookDeliveries.finish(delivery, attempt, next);
      if (outcome.ok) return;
      // Okta records failed deliveries in the System Log as `event_hook.delivery`.
      await this.deps.events.emit(tx, systemContext(), {
        type: 'event_hook.delivery',
        displayMessage: 'Event hook delivery failed',
        targets: [hookTarget(hook)],
        outcome: {
          result: 'FAILURE',
          reason: `attempt ${number}: ${outcome.error}${next.status === 'PENDING' ? ` (retry at ${next.nextAttemptAt ?? ''})` : ''}`,
        },
      });
    });
  }

  private async maybePurge(): Promise<void> {
    const now = this.deps.clock.now();
    if (now - this.lastPurge < PURGE_INTERVAL_MS) return;
    this.lastPurge = now;
    await this.deps.store.eventHookDeliveries.purgeFinished(isoAt(now - this.deps.config.retentionMs));
  }
}
