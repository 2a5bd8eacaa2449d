/** Wire schemas of /api/v1/apps/{appId}/grants (Okta Management API, `OAuth2ScopeConsentGrant`). */
import { Type, type Static } from '@sinclair/typebox';
import { Links } from '../../http/schemas.js';

/** `{issuer, scopeId}`: checked by the grant service, which names the bad field. */
export const GrantInput = Type.Object(
  { issuer: Type.Optional(Type.String({ maxLength: 2048 })), scopeId: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: true },
);
export type GrantInput = Static<typeof GrantInput>;

export const GrantParams = Type.Object({ appId: Type.String({ minLength: 1, maxLength: 200 }), grantId: Type.String({ minLength: 1, maxLength: 200 }) });

export const GrantQuery = Type.Object({ expand: Type.Optional(Type.String({ maxLength: 100 })) });

export const Grant = Type.Object({
  id: Type.String(),
  status: Type.String(),
  created: Type.String(),
  createdBy: Type.Object({ id: Type.String(), type: Type.String() }),
  lastUpdated: Type.String(),
  issuer: Type.String(),
  clientId: Type.String(),
  scopeId: Type.String(),
  source: Type.String(),
  _embedded: Type.Object({ scope: Type.Object({ id: Type.String() }) }),
  _links: Links,
});
export type Grant = Static<typeof Grant>;
