/**
 * Every state change emits a typed event through this bus, inside the transaction that made
 * the change. The System Log is one subscriber; later ones (usage analytics, cache
 * invalidation across nodes) attach here without touching the services.
 */
import { textOf, type LogActor, type LogTarget } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { EventType } from './event-types.js';

export interface DomainEvent {
  readonly type: EventType;
  readonly displayMessage: string;
  readonly targets: readonly LogTarget[];
  readonly outcome?: { readonly result: 'SUCCESS' | 'FAILURE' | 'DENY'; readonly reason?: string };
  readonly severity?: 'INFO' | 'WARN';
}

/** Who did it, from where, within which request. */
export interface EventContext {
  readonly actor: LogActor;
  readonly ipAddress: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
  readonly requestUri: string | null;
  readonly apiTokenId: string | null;
  readonly clientId: string | null;
}

export interface EventSubscriber {
  onEvents(store: Store, context: EventContext, events: readonly DomainEvent[]): Promise<void>;
}

export class EventBus {
  private readonly subscribers: EventSubscriber[] = [];

  subscribe(subscriber: EventSubscriber): void {
    this.subscribers.push(subscriber);
  }

  async emit(store: Store, context: EventContext, ...events: DomainEvent[]): Promise<void> {
    for (const subscriber of this.subscribers) await subscriber.onEvents(store, context, events);
  }
}

export const SYSTEM_ACTOR: LogActor = { id: 'tessera', type: 'SystemPrincipal', alternateId: 'system@tessera', displayName: 'Tessera', detailEntry: null };

export function systemContext(): EventContext {
  return { actor: SYSTEM_ACTOR, ipAddress: null, userAgent: null, requestId: null, requestUri: null, apiTokenId: null, clientId: null };
}

export function userTarget(user: { id: string; profile: { [key: string]: unknown } }): LogTarget {
  const login = textOf(user.profile['login']);
  const name = [user.profile['firstName'], user.profile['lastName']].filter((p) => typeof p === 'string').join(' ');
  return { id: user.id, type: 'User', alternateId: login, displayName: name === '' ? login : name, detailEntry: null };
}
