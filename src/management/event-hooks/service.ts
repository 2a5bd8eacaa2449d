/**
 * Event hooks (Okta Management API, `EventHook`): create (ACTIVE and UNVERIFIED, as Okta), read,
 * list, replace, activate, deactivate, verify, and delete once INACTIVE ("As a safety precaution,
 * you can only delete event hooks with a status of INACTIVE"). A replace that changes where or
 * how calls go (the URI, the headers, the auth header or its secret) makes the hook UNVERIFIED
 * again ("Updating the channel property requires you to verify the hook again"). Each change
 * emits its `event_hook.*` event in its transaction; a refused request writes nothing but the
 * event of a failed verification (Okta: "the event is fired even when the verification is
 * unsuccessful"). No network call is ever made inside a transaction.
 */
import { isoAt, type Clock } from '../../clock.js';
import type { EventHookConfig } from '../../config/config.js';
import { isId, newId } from '../../crypto/random-id.js';
import { DomainError, invalid, notFound, type ErrorCause } from '../../errors/domain-error.js';
import type { DomainEvent, EventBus, EventContext } from '../../events/event-bus.js';
import type { EventType } from '../../events/event-types.js';
import type { EventHookAuthScheme, EventHookRecord, EventHookStatus } from '../../store/event-hook-store.js';
import { UniqueViolation, type Store } from '../../store/store.js';
import type { HookInput } from './hook-input.js';
import { readHookInput } from './hook-input.js';
import type { HookSecrets } from './hook-secrets.js';
import { hookTarget } from './log-targets.js';
import { verifyReceiver } from './verification.js';

/** Okta: "A maximum of 25 event hooks are allowed for each org". */
export const MAX_EVENT_HOOKS = 25;

const NAME_TAKEN: ErrorCause = { field: 'name', message: 'An object with this field already exists in the current organization' };

export interface EventHookServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly secrets: HookSecrets;
  readonly limits: Pick<EventHookConfig, 'timeoutMs' | 'maxResponseBytes'>;
}

export function hookNotFound(id: string): DomainError {
  return notFound(`Resource not found: ${id} (EventHook)`);
}

function refused(causes: readonly ErrorCause[]): DomainError {
  return invalid([...new Set(causes.map((c) => c.field ?? 'eventHook'))].join(', '), causes);
}

function inputOf(body: unknown): HookInput {
  const read = readHookInput(body);
  if (!read.ok) throw refused(read.causes);
  return read.input;
}

function event(type: EventType, displayMessage: string, hook: EventHookRecord, outcome?: DomainEvent['outcome']): DomainEvent {
  return { type, displayMessage, targets: [hookTarget(hook)], ...(outcome === undefined ? {} : { outcome }) };
}

/** What a call to the receiver depends on: when it changes, the hook must be verified again. */
function channelOf(hook: EventHookRecord): string {
  return JSON.stringify([hook.uri, hook.headers, hook.authScheme?.key ?? null, hook.authScheme?.sealedValue ?? null]);
}

export function createEventHookService(deps: EventHookServiceDeps) {
  const { store, clock, events, secrets } = deps;

  async function get(id: string, from: Store = store): Promise<EventHookRecord> {
    const hook = isId('eventHook', id) ? await from.eventHooks.get(id) : undefined;
    if (hook === undefined) throw hookNotFound(id);
    return hook;
  }

  /** Renames fail on the unique key as Okta's name rule says; every other error passes. */
  async function naming<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof UniqueViolation) throw refused([NAME_TAKEN]);
      throw error;
    }
  }

  async function create(ctx: EventContext, body: unknown): Promise<EventHookRecord> {
    const input = inputOf(body);
    if (input.authScheme !== null && input.authScheme.value === undefined) {
      throw refused([{ field: 'channel.config.authScheme.value', message: 'The field cannot be left blank' }]);
    }
    const id = newId('eventHook');
    const now = isoAt(clock.now());
    const authScheme: EventHookAuthScheme | null =
      input.authScheme === null ? null : { type: 'HEADER', key: input.authScheme.key, sealedValue: secrets.seal(id, input.authScheme.value ?? '') };
    const hook: EventHookRecord = {
      id,
      name: input.name,
      description: input.description,
      status: 'ACTIVE',
      verificationStatus: 'UNVERIFIED',
      events: input.events,
      uri: input.uri,
      headers: input.headers,
      authScheme,
      createdBy: ctx.actor.id,
      deliverAfter: 0,
      created: now,
      lastUpdated: now,
    };
    return naming(() =>
      store.transaction(async (tx) => {
        if ((await tx.eventHooks.count()) >= MAX_EVENT_HOOKS) {
          throw refused([{ field: 'eventHook', message: `An org may have at most ${MAX_EVENT_HOOKS} event hooks: delete one first` }]);
        }
        await tx.eventHooks.insert(hook);
        await events.emit(tx, ctx, event('event_hook.created', 'Create event hook', hook));
        return hook;
      }),
    );
  }

  /** The auth scheme a replace asks for: a new value is sealed; a left-out value keeps the stored one under the same header name. */
  function authSchemeFor(current: EventHookRecord, input: HookInput): EventHookAuthScheme | null {
    const asked = input.authScheme;
    if (asked === null) return null;
    if (asked.value !== undefined) {
      const stored = current.authScheme === null ? undefined : secrets.open(current.id, current.authScheme.sealedValue);
      // The same secret again (a GET echoed back with its value) is no change: keep its ciphertext.
      if (current.authScheme !== null && stored === asked.value && current.authScheme.key === asked.key) return current.authScheme;
      return { type: 'HEADER', key: asked.key, sealedValue: secrets.seal(current.id, asked.value) };
    }
    if (current.authScheme !== null && current.authScheme.key.toLowerCase() === asked.key.toLowerCase()) return { ...current.authScheme, key: asked.key };
    throw refused([
      { field: 'channel.config.authScheme.value', message: 'The field cannot be left blank (it may be left out only to keep the current secret)' },
    ]);
  }

  async function replace(ctx: EventContext, id: string, body: unknown): Promise<EventHookRecord> {
    await get(id);
    const input = inputOf(body);
    const now = isoAt(clock.now());
    return naming(() =>
      store.transaction(async (tx) => {
        const updated = await tx.eventHooks.update(id, (current) => {
          const next: EventHookRecord = {
            ...current,
            name: input.name,
            description: input.description,
            events: input.events,
            uri: input.uri,
            headers: input.headers,
            authScheme: authSchemeFor(current, input),
            lastUpdated: now,
          };
          return channelOf(next) === channelOf(current) ? next : { ...next, verificationStatus: 'UNVERIFIED' };
        });
        if (updated === undefined) throw hookNotFound(id);
        await events.emit(tx, ctx, event('event_hook.updated', 'Update event hook', updated));
        return updated;
      }),
    );
  }

  /** Activate or deactivate; asking for the status it has changes nothing and logs nothing. */
  async function setStatus(ctx: EventContext, id: string, status: EventHookStatus): Promise<EventHookRecord> {
    const found = await get(id);
    if (found.status === status) return found;
    return store.transaction(async (tx) => {
      // An INACTIVE hook receives nothing logged meanwhile: delivery resumes with what comes next.
      const deliverAfter = status === 'ACTIVE' ? await tx.logs.highWater() : undefined;
      const updated = await tx.eventHooks.update(found.id, (hook) => ({
        ...hook,
        status,
        ...(deliverAfter === undefined ? {} : { deliverAfter }),
        lastUpdated: isoAt(clock.now()),
      }));
      if (updated === undefined) throw hookNotFound(id);
      await events.emit(
        tx,
        ctx,
        status === 'ACTIVE' ? event('event_hook.activated', 'Activate event hook', updated) : event('event_hook.deactivated', 'Deactivate event hook', updated),
      );
      return updated;
    });
  }

  async function remove(ctx: EventContext, id: string): Promise<void> {
    const hook = await get(id);
    await store.transaction(async (tx) => {
      const current = await get(hook.id, tx);
      if (current.status !== 'INACTIVE') {
        throw new DomainError('invalid_state', 'event_hook.delete_active', 'eventHook', [
          { message: `Only INACTIVE event hooks can be deleted: deactivate it first (POST /api/v1/eventHooks/${current.id}/lifecycle/deactivate)` },
        ]);
      }
      await tx.eventHooks.delete(current.id);
      await events.emit(tx, ctx, event('event_hook.deleted', 'Delete event hook', current));
    });
  }

  /** The handshake, outside any transaction; then VERIFIED, unless the channel changed meanwhile. */
  async function verify(ctx: EventContext, id: string): Promise<EventHookRecord> {
    const hook = await get(id);
    const result = await verifyReceiver(hook, secrets, deps.limits);
    const failure = result.verified ? undefined : `Verification failed: ${result.reason}`;
    if (failure !== undefined) {
      await events.emit(store, ctx, event('event_hook.verified', 'Verify event hook', hook, { result: 'FAILURE', reason: failure }));
      throw refused([{ field: 'channel.config.uri', message: failure }]);
    }
    return store.transaction(async (tx) => {
      let changed = false;
      const high = await tx.logs.highWater();
      const updated = await tx.eventHooks.update(hook.id, (current) => {
        changed = channelOf(current) !== channelOf(hook);
        if (changed) return current;
        // Becoming VERIFIED, it receives what is logged from now on (and not again when re-verified).
        const deliverAfter = current.verificationStatus === 'VERIFIED' ? current.deliverAfter : high;
        return { ...current, verificationStatus: 'VERIFIED', deliverAfter, lastUpdated: isoAt(clock.now()) };
      });
      if (updated === undefined) throw hookNotFound(id);
      if (changed) throw refused([{ field: 'channel', message: 'The channel changed while it was being verified: verify it again' }]);
      await events.emit(tx, ctx, event('event_hook.verified', 'Verify event hook', updated, { result: 'SUCCESS' }));
      return updated;
    });
  }

  return { get, list: () => store.eventHooks.list(), create, replace, setStatus, remove, verify };
}

export type EventHookService = ReturnType<typeof createEventHookService>;
