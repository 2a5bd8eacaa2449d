/**
 * Wire schemas of Dynamic Client Registration at /oauth2/v1/clients (RFC 7591 §2 client
 * metadata, §3.2.1 response; Okta `OAuth2Client`). The same apps as /api/v1/apps, in the flat
 * RFC shape; `jwks` is a plain JWK Set.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Links, ListQuery } from '../../http/schemas.js';
import { NullableString, OAuthClientSettingsInput } from './schemas.js';

export const RegistrationInput = Type.Object(
  {
    ...OAuthClientSettingsInput.properties,
    client_id: Type.Optional(Type.String({ maxLength: 200 })),
    client_name: Type.Optional(Type.String({ maxLength: 1000 })),
    token_endpoint_auth_method: Type.Optional(Type.String({ maxLength: 50 })),
    client_secret: Type.Optional(Type.String({ maxLength: 1000 })),
    pkce_required: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export type RegistrationInput = Static<typeof RegistrationInput>;

export const ClientParams = Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 200 }) });

export const ListClientsQuery = Type.Object({ ...ListQuery, q: Type.Optional(Type.String({ maxLength: 200 })) });

/** A registered public key as a plain JWK (RFC 7517). */
const PublicJwk = Type.Object({
  kty: Type.String(),
  kid: Type.Optional(Type.String()),
  use: Type.Optional(Type.String()),
  alg: Type.Optional(Type.String()),
  e: Type.Optional(Type.String()),
  n: Type.Optional(Type.String()),
  crv: Type.Optional(Type.String()),
  x: Type.Optional(Type.String()),
  y: Type.Optional(Type.String()),
});

export const ClientRegistration = Type.Object({
  client_id: Type.String(),
  /** RFC 7591 §3.2.1: seconds since the epoch. */
  client_id_issued_at: Type.Number(),
  /** Only in the answer that creates it (registration, `newSecret`, a switch to a secret method). */
  client_secret: Type.Optional(Type.String()),
  /** 0: the secret does not expire (RFC 7591 §3.2.1); present for secret-based clients. */
  client_secret_expires_at: Type.Optional(Type.Number()),
  client_name: Type.String(),
  client_uri: NullableString(4096),
  logo_uri: NullableString(4096),
  application_type: Type.String(),
  redirect_uris: Type.Array(Type.String()),
  post_logout_redirect_uris: Type.Array(Type.String()),
  response_types: Type.Array(Type.String()),
  grant_types: Type.Array(Type.String()),
  token_endpoint_auth_method: Type.String(),
  dpop_bound_access_tokens: Type.Boolean(),
  jwks: Type.Optional(Type.Object({ keys: Type.Array(PublicJwk) })),
  _links: Links,
});
export type ClientRegistration = Static<typeof ClientRegistration>;
