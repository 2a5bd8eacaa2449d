/** Wire schemas of /api/v1/api-tokens (Okta `ApiToken`, `ApiTokenUpdate`; Okta Management API tag ApiToken). */
import { Type, type Static } from '@sinclair/typebox';
import { Link, ListQuery } from '../../http/schemas.js';

export const NAME_MAX_LENGTH = 255;

export const ApiTokenParams = Type.Object({ apiTokenId: Type.String({ minLength: 1, maxLength: 200 }) });

/** Okta documents `after`, `limit` (1..200, default 20) and `q` ("matches the name or clientName"). */
export const ListApiTokensQuery = Type.Object({
  ...ListQuery,
  q: Type.Optional(Type.String({ maxLength: 200 })),
});
export type ListApiTokensQuery = Static<typeof ListApiTokensQuery>;

const NetworkInput = Type.Object(
  {
    connection: Type.String({ maxLength: 50 }),
    include: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
    exclude: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
  },
  { additionalProperties: true },
);

/**
 * `ApiTokenUpdate`: `name` (required) and `network` are applied; `userId` may be echoed back but
 * not changed; the read-only fields a client echoes from a GET (`id`, `clientName`, `created`,
 * `lastUpdated`, `expiresAt`, `tokenWindow`, `_links`) are accepted and ignored, as Okta does.
 */
export const ApiTokenUpdate = Type.Object(
  {
    name: Type.String({ maxLength: 1000 }),
    network: Type.Optional(NetworkInput),
    userId: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true },
);
export type ApiTokenUpdate = Static<typeof ApiTokenUpdate>;

export const LastUse = Type.Object({
  at: Type.String(),
  ipAddress: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
});

export const ApiTokenNetwork = Type.Object({
  connection: Type.String(),
  include: Type.Optional(Type.Array(Type.String())),
  exclude: Type.Optional(Type.Array(Type.String())),
});

/** The response object. It has no field for the secret or its digest, so neither can leak. */
export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  userId: Type.String(),
  clientName: Type.String(),
  created: Type.String(),
  lastUpdated: Type.String(),
  expiresAt: Type.String(),
  tokenWindow: Type.String(),
  network: ApiTokenNetwork,
  /** Tessera extension: the latest use seen by any node (flushed at most a minute late), or null. */
  lastUsed: Type.Union([LastUse, Type.Null()]),
  _links: Type.Object({ self: Link, user: Link }),
});
export type ApiToken = Static<typeof ApiToken>;

/** Tessera extension: `POST /api/v1/api-tokens` (Okta makes tokens only in its Admin Console). */
export const CreateApiToken = Type.Object({ name: Type.String({ maxLength: 1000 }), network: Type.Optional(NetworkInput) }, { additionalProperties: false });

/** Tessera extension: `POST /api/v1/api-tokens/{id}/lifecycle/rotate`. */
export const RotateApiToken = Type.Object({ gracePeriod: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });

/** A new token with its secret, shown in this answer only. */
export const CreatedApiToken = Type.Object({ ...ApiToken.properties, token: Type.String() });

/** The new token with its secret (shown in this answer only), and the rotated one's end. */
export const RotatedApiToken = Type.Object({
  ...ApiToken.properties,
  token: Type.String(),
  rotatedFrom: Type.Object({ id: Type.String(), retiresAt: Type.String() }),
});
