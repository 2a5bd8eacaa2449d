/** The System Log subscriber: turns domain events into Okta LogEvents in the same transaction. */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { LogEventRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { DomainEvent, EventContext, EventSubscriber } from './event-bus.js';

export function toLogEvent(context: EventContext, event: DomainEvent, published: string): LogEventRecord {
  const detail: { [key: string]: string } = {};
  if (context.apiTokenId !== null) detail['requestApiTokenId'] = context.apiTokenId;
  if (context.clientId !== null) detail['requestClientId'] = context.clientId;
  const debugData: { [key: string]: string } = {};
  if (context.requestId !== null) debugData['requestId'] = context.requestId;
  if (context.requestUri !== null) debugData['requestUri'] = context.requestUri;
  return {
    uuid: randomUUID(),
    published,
    eventType: event.type,
    version: '0',
    severity: event.severity ?? (event.outcome?.result === 'SUCCESS' || event.outcome === undefined ? 'INFO' : 'WARN'),
    displayMessage: event.displayMessage,
    legacyEventType: null,
    actor: context.actor,
    client: {
      userAgent: { rawUserAgent: context.userAgent, os: null, browser: null },
      zone: null,
      device: null,
      id: context.clientId,
      ipAddress: context.ipAddress,
      geographicalContext: null,
    },
    outcome: { result: event.outcome?.result ?? 'SUCCESS', reason: event.outcome?.reason ?? null },
    target: event.targets,
    transaction: { type: context.requestId === null ? 'JOB' : 'WEB', id: context.requestId, detail },
    debugContext: { debugData },
    authenticationContext: { authenticationStep: 0, externalSessionId: null },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    request: { ipChain: context.ipAddress === null ? [] : [{ ip: context.ipAddress, version: context.ipAddress.includes(':') ? 'V6' : 'V4' }] },
  };
}

export class SystemLogWriter implements EventSubscriber {
  constructor(private readonly clock: Clock) {}

  async onEvents(store: Store, context: EventContext, events: readonly DomainEvent[]): Promise<void> {
    const published = new Date(this.clock.now()).toISOString();
    await store.logs.append(events.map((event) => toLogEvent(context, event, published)));
  }
}
