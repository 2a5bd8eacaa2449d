/** Wire schemas of Okta's classic authentication API (`/api/v1/authn`, Okta's Authentication API). */
import { Type, type Static } from '@sinclair/typebox';
import { Links, Nullable } from '../../http/schemas.js';

/** Longer than any login or password we accept; anything longer simply fails to authenticate. */
const Secretish = Type.String({ maxLength: 1024 });

/**
 * Primary authentication. `options`, `context` and `relayState` are accepted (okta-auth-js and
 * trusted apps send them) and not used; an activation `token` is not supported.
 */
export const AuthnRequest = Type.Object(
  {
    username: Secretish,
    password: Secretish,
    relayState: Type.Optional(Type.String({ maxLength: 2048 })),
    options: Type.Optional(Type.Object({}, { additionalProperties: true })),
    context: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true },
);
export type AuthnRequest = Static<typeof AuthnRequest>;

export const AuthnChangePasswordRequest = Type.Object(
  { stateToken: Type.String({ maxLength: 200 }), oldPassword: Secretish, newPassword: Secretish },
  { additionalProperties: true },
);
export type AuthnChangePasswordRequest = Static<typeof AuthnChangePasswordRequest>;

export const AuthnCancelRequest = Type.Object({ stateToken: Type.String({ maxLength: 200 }) }, { additionalProperties: true });

const AuthnUser = Type.Object({
  id: Type.String(),
  passwordChanged: Nullable(Type.String()),
  profile: Type.Object({
    login: Type.String(),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    locale: Type.String(),
    timeZone: Type.String(),
  }),
});

/** Okta's default password policy, as the PASSWORD_EXPIRED state shows it. */
const PasswordPolicy = Type.Object({
  complexity: Type.Object({
    minLength: Type.Integer(),
    minLowerCase: Type.Integer(),
    minUpperCase: Type.Integer(),
    minNumber: Type.Integer(),
    minSymbol: Type.Integer(),
    excludeUsername: Type.Boolean(),
  }),
  age: Type.Object({ minAgeMinutes: Type.Integer(), historyCount: Type.Integer() }),
});

/** The authentication transaction (Okta `AuthenticationTransaction`). */
export const AuthnTransaction = Type.Object({
  status: Type.String(),
  expiresAt: Type.Optional(Type.String()),
  sessionToken: Type.Optional(Type.String()),
  stateToken: Type.Optional(Type.String()),
  relayState: Type.Optional(Type.String()),
  _embedded: Type.Optional(Type.Object({ user: AuthnUser, policy: Type.Optional(PasswordPolicy) })),
  _links: Type.Optional(Links),
});
export type AuthnTransaction = Static<typeof AuthnTransaction>;

/** `POST /api/v1/users/{id}/credentials/change_password` (SDK `ChangePasswordRequest`). */
export const ChangePasswordRequest = Type.Object(
  {
    oldPassword: Type.Object({ value: Secretish }, { additionalProperties: true }),
    newPassword: Type.Object({ value: Secretish }, { additionalProperties: true }),
    revokeSessions: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const ChangePasswordQuery = Type.Object({ strict: Type.Optional(Type.String({ pattern: '^(true|false)$' })) });

/** Okta `UserCredentials` as change_password answers it: the password is never shown. */
export const UserCredentials = Type.Object({
  password: Type.Object({}),
  provider: Type.Object({ type: Type.String(), name: Type.String() }),
});
