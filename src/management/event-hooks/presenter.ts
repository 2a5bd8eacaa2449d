/**
 * EventHookRecord → Okta `EventHook` JSON: the secret never (only the auth header's name), the
 * channel's fixed `method: POST`, `events.filter: null` (filters are not supported), and `_links`
 * with absolute hrefs from the org URL: `self`, `verify`, and `activate` or `deactivate` by status.
 * Deliveries (Tessera's extension) with their attempts.
 */
import type { DeliveryAttemptRecord, DeliveryRecord, EventHookRecord } from '../../store/event-hook-store.js';
import type { Delivery, EventHook } from './schemas.js';

export function presentEventHook(hook: EventHookRecord, orgUrl: string): EventHook {
  const self = `${orgUrl}/api/v1/eventHooks/${hook.id}`;
  const lifecycle = (step: 'verify' | 'activate' | 'deactivate') => ({ href: `${self}/lifecycle/${step}`, hints: { allow: ['POST'] } });
  return {
    id: hook.id,
    status: hook.status,
    verificationStatus: hook.verificationStatus,
    name: hook.name,
    description: hook.description,
    created: hook.created,
    createdBy: hook.createdBy,
    lastUpdated: hook.lastUpdated,
    events: { type: 'EVENT_TYPE', items: [...hook.events], filter: null },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: {
        uri: hook.uri,
        headers: hook.headers.map((h) => ({ key: h.key, value: h.value })),
        method: 'POST',
        authScheme: hook.authScheme === null ? null : { type: hook.authScheme.type, key: hook.authScheme.key },
      },
    },
    _links: {
      self: { href: self },
      verify: lifecycle('verify'),
      ...(hook.status === 'ACTIVE' ? { deactivate: lifecycle('deactivate') } : { activate: lifecycle('activate') }),
    },
  };
}

export function presentDelivery(delivery: DeliveryRecord, attempts: readonly DeliveryAttemptRecord[]): Delivery {
  return {
    id: delivery.id,
    eventHookId: delivery.hookId,
    status: delivery.status,
    created: delivery.created,
    attemptCount: delivery.attempts,
    lastAttemptAt: delivery.lastAttemptAt,
    nextAttemptAt: delivery.nextAttemptAt,
    finished: delivery.finished,
    lastError: delivery.lastError,
    events: delivery.events.map((e) => ({ uuid: e.uuid, eventType: e.eventType, published: e.published })),
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      started: a.started,
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      error: a.error,
      outcome: a.outcome,
    })),
  };
}
