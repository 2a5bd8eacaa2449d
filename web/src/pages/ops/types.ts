/**
 * Wire shapes of the ops pages, from the server's own schemas (type-only: nothing of the server
 * is bundled by these imports): the System Log's LogEvent, Okta's IP network zone, Okta's event
 * hook and Tessera's deliveries extension.
 */
import type { Static } from '@sinclair/typebox';
import type { Delivery as DeliverySchema, EventHook as EventHookSchema } from '../../../../src/management/event-hooks/schemas';
import type { LogEvent as LogEventSchema } from '../../../../src/management/logs/schemas';
import type { NetworkZone as NetworkZoneSchema } from '../../../../src/management/zones/schemas';

export type LogEvent = Static<typeof LogEventSchema>;
export type NetworkZone = Static<typeof NetworkZoneSchema>;
export type EventHook = Static<typeof EventHookSchema>;
export type Delivery = Static<typeof DeliverySchema>;

export type ZoneUsage = 'POLICY' | 'BLOCKLIST';

/** An address of a zone, as a create or replace sends it. */
export interface ZoneAddress {
  readonly type: 'CIDR' | 'RANGE';
  readonly value: string;
}

/** The body of `POST /api/v1/zones` and `PUT /api/v1/zones/{id}`. */
export interface ZoneBody {
  readonly type: 'IP';
  readonly name: string;
  readonly usage: ZoneUsage;
  readonly gateways: readonly ZoneAddress[];
  readonly proxies: readonly ZoneAddress[] | null;
}

/** The body of `POST /api/v1/eventHooks` and `PUT /api/v1/eventHooks/{id}`. */
export interface EventHookBody {
  readonly name: string;
  readonly description: string | null;
  readonly events: { readonly type: 'EVENT_TYPE'; readonly items: readonly string[] };
  readonly channel: {
    readonly type: 'HTTP';
    readonly version: '1.0.0';
    readonly config: {
      readonly uri: string;
      readonly headers: readonly { readonly key: string; readonly value: string }[];
      /** `value` left out on a replace keeps the stored secret under the same header name. */
      readonly authScheme: { readonly type: 'HEADER'; readonly key: string; readonly value?: string } | null;
    };
  };
}
