/** Wire schemas of /api/v1/zones (Okta `NetworkZone`, `IPNetworkZone`, `NetworkZoneAddress`; Okta Management API tag NetworkZone). */
import { Type, type Static } from '@sinclair/typebox';
import { Links, ListQuery } from '../../http/schemas.js';

/** The schema bounds sizes only; the service checks types and values, so that causes read as Okta's. */
const AddressInput = Type.Object(
  {
    type: Type.Optional(Type.String({ maxLength: 50 })),
    value: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: true },
);

/**
 * Create and replace bodies. Read-only fields a client echoes back from a GET (`id`, `system`,
 * `created`, `lastUpdated`, `_links`) are accepted and ignored, as Okta does; so is `status`,
 * which only the lifecycle operations change.
 */
export const NetworkZoneInput = Type.Object(
  {
    type: Type.Optional(Type.String({ maxLength: 50 })),
    name: Type.Optional(Type.String({ maxLength: 1000 })),
    status: Type.Optional(Type.String({ maxLength: 50 })),
    usage: Type.Optional(Type.String({ maxLength: 50 })),
    gateways: Type.Optional(Type.Union([Type.Array(AddressInput, { maxItems: 5000 }), Type.Null()])),
    proxies: Type.Optional(Type.Union([Type.Array(AddressInput, { maxItems: 5000 }), Type.Null()])),
    useAsExemptList: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export type NetworkZoneInput = Static<typeof NetworkZoneInput>;

/** Okta documents `after`, `limit` (default -1: all) and `filter` (`id`, `usage`, `system`). */
export const ListZonesQuery = Type.Object({
  ...ListQuery,
  filter: Type.Optional(Type.String({ maxLength: 2048 })),
});
export type ListZonesQuery = Static<typeof ListZonesQuery>;

export const ZoneParams = Type.Object({ zoneId: Type.String({ minLength: 1, maxLength: 200 }) });

const Address = Type.Object({ type: Type.String(), value: Type.String() });

export const NetworkZone = Type.Object({
  type: Type.String(),
  id: Type.String(),
  name: Type.String(),
  status: Type.String(),
  usage: Type.String(),
  created: Type.String(),
  lastUpdated: Type.String(),
  system: Type.Boolean(),
  gateways: Type.Array(Address),
  proxies: Type.Union([Type.Array(Address), Type.Null()]),
  _links: Links,
});
export type NetworkZone = Static<typeof NetworkZone>;
