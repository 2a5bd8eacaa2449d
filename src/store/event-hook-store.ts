/**
 * Event hooks and their deliveries (management/event-hooks/), behind the storage interface.
 *
 * Deliveries are built from the System Log, which is durable and ordered: a scan reads the events
 * past a cursor (a log position, see `StoredLogEvent.position`) and turns those a hook subscribes
 * to into delivery rows, moving the cursor in the same transaction, only if no other node moved it
 * first (`recordScan`). A node sends a delivery only while it holds its lease (`claimDue`, one
 * conditional UPDATE), and records every attempt (`finish`). So each event reaches each hook at
 * least once, whichever node scans or sends, and no two nodes send one delivery at the same time.
 */
import type { JsonValue } from './records.js';

export type EventHookStatus = 'ACTIVE' | 'INACTIVE';
export type EventHookVerificationStatus = 'UNVERIFIED' | 'VERIFIED';

/** A custom header sent with every call (Okta `EventHookChannelConfigHeader`). */
export interface EventHookHeader {
  readonly key: string;
  readonly value: string;
}

/** Okta `EventHookChannelConfigAuthScheme`: the header carrying the hook's shared secret, encrypted at rest. */
export interface EventHookAuthScheme {
  readonly type: 'HEADER';
  readonly key: string;
  /** `KeyEncryption` output under the master key (purpose `event-hook-secret`), bound to the hook id. */
  readonly sealedValue: string;
}

export interface EventHookRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly status: EventHookStatus;
  readonly verificationStatus: EventHookVerificationStatus;
  /** Subscribed event types (Okta `events.items`, `events.type` EVENT_TYPE). */
  readonly events: readonly string[];
  readonly uri: string;
  readonly headers: readonly EventHookHeader[];
  readonly authScheme: EventHookAuthScheme | null;
  /** The id of the user (or client) that created it. */
  readonly createdBy: string;
  /**
   * The System Log's high water when the hook last became ACTIVE and VERIFIED: only events past
   * it are delivered, so that a hook never receives what was logged before it could receive
   * anything, however far behind the scan is.
   */
  readonly deliverAfter: number;
  readonly created: string;
  readonly lastUpdated: string;
}

export interface EventHookRepository {
  /** Throws `UniqueViolation('eventHook.name')` when another hook has the name (NFKC + case-folded). */
  insert(hook: EventHookRecord): Promise<void>;
  get(id: string): Promise<EventHookRecord | undefined>;
  /** Every hook, oldest first (Okta's list is not paged: an org holds at most 25). */
  list(): Promise<EventHookRecord[]>;
  count(): Promise<number>;
  /** Read-modify-write under a row lock; `UniqueViolation('eventHook.name')` as insert. */
  update(id: string, change: (current: EventHookRecord) => EventHookRecord): Promise<EventHookRecord | undefined>;
  delete(id: string): Promise<boolean>;
  /** The hooks events are delivered to: ACTIVE and VERIFIED (Okta: "Only ACTIVE and VERIFIED event hooks can receive events"). */
  listDeliverable(): Promise<EventHookRecord[]>;
}

/**
 * PENDING: waiting for its next attempt. DELIVERED: a 2xx came back. FAILED: the last attempt
 * allowed failed, or a response said not to retry (a 4xx, as Okta). ABANDONED: not sent because
 * the hook stopped being ACTIVE and VERIFIED, or was changed so that it must be verified again.
 */
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'ABANDONED';

/** A delivery as a scan writes it: one hook, one batch of events. */
export interface NewDelivery {
  /** A UUID: the `eventId` of the envelope, the same on every attempt. */
  readonly id: string;
  readonly hookId: string;
  /** The events, as `GET /api/v1/logs` presents them, sent as `data.events`. */
  readonly events: readonly JsonValue[];
  /** Log positions of the first and last event of the batch. */
  readonly firstPosition: number;
  readonly lastPosition: number;
  readonly created: string;
}

export interface DeliveryRecord {
  /** Insertion order: the cursor of the deliveries list. */
  readonly seq: number;
  readonly id: string;
  readonly hookId: string;
  readonly status: DeliveryStatus;
  /** uuid, eventType and published of each event (the whole events are not read back for lists). */
  readonly events: readonly { readonly uuid: string; readonly eventType: string; readonly published: string }[];
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly created: string;
  readonly lastAttemptAt: string | null;
  /** When it was delivered, failed for good or abandoned. */
  readonly finished: string | null;
  readonly lastError: string | null;
}

/** A delivery claimed for sending, with what the attempt needs. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly hookId: string;
  /** `data.events` as JSON text, byte for byte what every attempt sends. */
  readonly eventsJson: string;
  readonly attempts: number;
  readonly created: string;
  /** Proves the lease: `finish` changes the delivery only while the lease is still this one. */
  readonly leaseToken: string;
}

export interface DeliveryAttemptRecord {
  readonly deliveryId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly started: string;
  readonly durationMs: number;
  /** The receiver's status, or null when none came back (refused, timed out, cut). */
  readonly statusCode: number | null;
  /** Why it failed, or null on success. Never the hook's secret nor the response body. */
  readonly error: string | null;
  readonly outcome: 'SUCCESS' | 'FAILURE';
}

/** Where a delivery goes after an attempt (or after being abandoned without one). */
export interface DeliveryNext {
  readonly status: DeliveryStatus;
  /** When PENDING: the next attempt's time. */
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly at: string;
}

export interface EventHookDeliveryRepository {
  /** The System Log position every event up to which has been scanned (0 before the first scan). */
  cursor(): Promise<number>;
  /**
   * Inserts `deliveries` and moves the cursor from `from` to `to`, atomically and only if it still
   * stands at `from`: false, and nothing written, when another scan moved it first.
   */
  recordScan(from: number, to: number, deliveries: readonly NewDelivery[]): Promise<boolean>;
  /**
   * Leases up to `limit` PENDING deliveries due at `now` whose lease is free or has expired, until
   * `leaseUntil`, in one conditional statement: racing callers never lease one delivery twice.
   */
  claimDue(claim: { readonly now: string; readonly leaseUntil: string; readonly token: string; readonly limit: number }): Promise<ClaimedDelivery[]>;
  /**
   * Records `attempt` (when one was made) and moves the delivery to `next`, releasing the lease.
   * The attempt is recorded in any case; the delivery changes only while `leaseToken` still holds
   * its lease (false otherwise: the lease expired and another node may have it).
   */
  finish(delivery: { readonly id: string; readonly leaseToken: string }, attempt: DeliveryAttemptRecord | undefined, next: DeliveryNext): Promise<boolean>;
  /** A hook's deliveries, newest first; `afterSeq` is the previous page's last `seq`. */
  listOfHook(hookId: string, page: { readonly afterSeq?: number | undefined; readonly limit: number }): Promise<DeliveryRecord[]>;
  /** The attempts of each delivery, in order. */
  attemptsOf(deliveryIds: readonly string[]): Promise<Map<string, DeliveryAttemptRecord[]>>;
  /** Deletes the deliveries (with their attempts) created before `before` that are no longer PENDING; returns how many. */
  purgeFinished(before: string): Promise<number>;
}
