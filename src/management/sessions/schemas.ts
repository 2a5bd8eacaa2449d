/** Wire schemas of the Sessions API (Okta Management API, `Session`, `CreateSessionRequest`). */
import { Type, type Static } from '@sinclair/typebox';
import { Links, Nullable } from '../../http/schemas.js';

export const Session = Type.Object({
  id: Type.String(),
  login: Type.String(),
  userId: Type.String(),
  status: Type.String(),
  amr: Type.Array(Type.String()),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  lastPasswordVerification: Nullable(Type.String()),
  lastFactorVerification: Nullable(Type.String()),
  idp: Type.Object({ id: Type.String(), type: Type.String() }),
  mfaActive: Type.Boolean(),
  _links: Links,
});
export type Session = Static<typeof Session>;

export const SessionParams = Type.Object({ sessionId: Type.String({ maxLength: 64 }) });

export const CreateSessionRequest = Type.Object({ sessionToken: Type.String({ maxLength: 200 }) }, { additionalProperties: true });

export const UserSessionsParams = Type.Object({ userId: Type.String({ maxLength: 200 }) });

const Bool = Type.String({ pattern: '^(true|false)$' });

export const RevokeUserSessionsQuery = Type.Object({ oauthTokens: Type.Optional(Bool), forgetDevices: Type.Optional(Bool) });
