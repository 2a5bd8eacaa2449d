/**
 * The body of a delivery (developer.okta.com, "Event hooks", Sample event delivery payload): a
 * CloudEvents 0.1 envelope of type `com.okta.event_hook` whose `data.events` are System Log
 * events as `GET /api/v1/logs` presents them. `eventId` is the delivery's id and `eventTime` its
 * creation, so that every attempt of a delivery sends the same bytes and a receiver can drop a
 * repeat by `eventId` (Okta: "To detect duplicated delivery, you can compare the eventId value").
 */
import type { ClaimedDelivery } from '../../store/event-hook-store.js';

export function envelopeOf(orgUrl: string, delivery: Pick<ClaimedDelivery, 'id' | 'hookId' | 'created' | 'eventsJson'>): string {
  return JSON.stringify({
    eventType: 'com.okta.event_hook',
    eventTypeVersion: '1.0',
    cloudEventsVersion: '0.1',
    source: `${orgUrl}/api/v1/eventHooks/${delivery.hookId}`,
    eventId: delivery.id,
    eventTime: delivery.created,
    contentType: 'application/json',
    data: { events: JSON.parse(delivery.eventsJson) as unknown },
  });
}
