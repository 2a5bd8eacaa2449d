/**
 * Wire schemas of an app's client secrets, /api/v1/apps/{appId}/credentials/secrets (Okta's Management API reference
 * `OAuth2ClientSecret`, `OAuth2ClientSecretRequestBody`): `id` (`ocs…`), `status`,
 * `client_secret` (only in the answer that creates it: Tessera keeps digests only), `secret_hash`,
 * `created`, `lastUpdated` and `_links`.
 */
import { Type } from '@sinclair/typebox';
import { Links } from '../../http/schemas.js';

/** `POST …/credentials/secrets`: an optional initial status; `client_secret` is refused in secret-service.ts. */
export const CreateSecretInput = Type.Object(
  {
    status: Type.Optional(Type.Unsafe<'ACTIVE' | 'INACTIVE'>({ type: 'string', enum: ['ACTIVE', 'INACTIVE'] })),
    client_secret: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

export const SecretParams = Type.Object({ appId: Type.String({ minLength: 1, maxLength: 200 }), secretId: Type.String({ minLength: 1, maxLength: 200 }) });

export const ClientSecret = Type.Object({
  id: Type.String(),
  status: Type.String(),
  client_secret: Type.Optional(Type.String()),
  secret_hash: Type.String(),
  created: Type.String(),
  lastUpdated: Type.String(),
  _links: Links,
});
