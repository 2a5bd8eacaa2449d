/**
 * Wire schemas of an app's public keys, /api/v1/apps/{appId}/credentials/jwks (Okta's Management API reference
 * `OAuth2ClientJsonSigningKeyRequest` / `…Response`): Okta's key object is the public JWK
 * plus `id` (`pks…`), `status`, `created`, `lastUpdated` and `_links`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Links } from '../../http/schemas.js';

/** `POST …/credentials/jwks`: a public JWK and an optional initial status. Members are checked in jwk.ts. */
export const AddKeyInput = Type.Object(
  { status: Type.Optional(Type.Unsafe<'ACTIVE' | 'INACTIVE'>({ type: 'string', enum: ['ACTIVE', 'INACTIVE'] })) },
  { additionalProperties: true },
);
export type AddKeyInput = Static<typeof AddKeyInput>;

export const KeyParams = Type.Object({ appId: Type.String({ minLength: 1, maxLength: 200 }), keyId: Type.String({ minLength: 1, maxLength: 200 }) });

export const Jwk = Type.Object({
  id: Type.String(),
  /** Null for the single key of an app registered without a `kid`. */
  kid: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  status: Type.String(),
  created: Type.String(),
  lastUpdated: Type.String(),
  kty: Type.String(),
  alg: Type.Optional(Type.String()),
  use: Type.String(),
  e: Type.Optional(Type.String()),
  n: Type.Optional(Type.String()),
  crv: Type.Optional(Type.String()),
  x: Type.Optional(Type.String()),
  y: Type.Optional(Type.String()),
  _links: Links,
});
export type Jwk = Static<typeof Jwk>;
