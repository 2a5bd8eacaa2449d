/**
 * Wire schemas of /api/v1/eventHooks (Okta `EventHook`) and of Tessera's deliveries extension.
 * The response schema has no `channel.config.authScheme.value`: the serializer drops it even if a
 * presenter ever put it there (Okta: "This property is not returned in the response").
 */
import { Type, type Static } from '@sinclair/typebox';
import { Links, ListQuery, Nullable } from '../../http/schemas.js';

export const EventHookParams = Type.Object({ eventHookId: Type.String({ minLength: 1, maxLength: 200 }) });

/** Checked field by field by hook-input.ts, so that every cause reads as Okta's and names its field. */
export const EventHookBody = Type.Object({}, { additionalProperties: true });

const Header = Type.Object({ key: Type.String(), value: Type.String() }, { additionalProperties: false });

export const EventHook = Type.Object({
  id: Type.String(),
  status: Type.String(),
  verificationStatus: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  created: Type.String(),
  createdBy: Type.String(),
  lastUpdated: Type.String(),
  events: Type.Object({ type: Type.String(), items: Type.Array(Type.String()), filter: Type.Null() }, { additionalProperties: false }),
  channel: Type.Object(
    {
      type: Type.String(),
      version: Type.String(),
      config: Type.Object(
        {
          uri: Type.String(),
          headers: Type.Array(Header),
          method: Type.String(),
          authScheme: Nullable(Type.Object({ type: Type.String(), key: Type.String() }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
  _links: Links,
});
export type EventHook = Static<typeof EventHook>;

export const DeliveriesQuery = Type.Object(ListQuery);

const DeliveryAttempt = Type.Object({
  attempt: Type.Integer(),
  started: Type.String(),
  durationMs: Type.Integer(),
  statusCode: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  outcome: Type.String(),
});

/** Tessera's extension: one delivery of a batch of events to a hook, with every attempt made. */
export const Delivery = Type.Object({
  /** The envelope's `eventId`, the same on every attempt. */
  id: Type.String(),
  eventHookId: Type.String(),
  status: Type.String(),
  created: Type.String(),
  attemptCount: Type.Integer(),
  lastAttemptAt: Nullable(Type.String()),
  nextAttemptAt: Nullable(Type.String()),
  finished: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  events: Type.Array(Type.Object({ uuid: Type.String(), eventType: Type.String(), published: Type.String() })),
  attempts: Type.Array(DeliveryAttempt),
});
export type Delivery = Static<typeof Delivery>;
