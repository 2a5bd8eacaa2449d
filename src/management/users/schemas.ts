/** Wire schemas of /api/v1/users (Okta `User`, `CreateUserRequest`, `UpdateUserRequest`). */
import { Type, type Static } from '@sinclair/typebox';
import { FreeForm, Links, ListQuery, Nullable } from '../../http/schemas.js';

/**
 * One string out of a fixed set, as a single `pattern` keyword: a wrong value gets one cause,
 * not one per alternative as a union (`anyOf`) would. (`Type.Unsafe` would keep the literal
 * type, but the type provider reads schemas with TypeBox 1.x, which does not see it.)
 */
const oneOf = (values: readonly string[]) => Type.String({ pattern: `^(${values.join('|')})$` });

/**
 * Profile values are checked by `profile.ts`, not here: it gives one cause per attribute with
 * Okta's wording, where a JSON-schema union would report every failed alternative.
 */
export const ProfileInput = Type.Record(Type.String(), Type.Unknown(), { maxProperties: 200 });

const PasswordInput = Type.Object(
  { value: Type.Optional(Type.String({ maxLength: 256 })) },
  // `hash` and `hook` credentials are not supported yet; `{}` (echoed from a GET) means "unchanged".
  { additionalProperties: true },
);

export const CredentialsInput = Type.Object(
  {
    password: Type.Optional(PasswordInput),
    // Read-only or not supported yet: accepted so that a fetched user can be sent back whole.
    provider: Type.Optional(Type.Unknown()),
    recovery_question: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

/**
 * Create/update bodies. Read-only fields a client echoes back from a GET (`id`, `status`,
 * `created`, `_links`, `credentials.provider`…) are accepted and ignored, never applied (Okta).
 */
export const UserInput = Type.Object(
  {
    profile: Type.Optional(ProfileInput),
    credentials: Type.Optional(CredentialsInput),
    // Okta: at most 20 groups at creation (E0000093 beyond).
    groupIds: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
  },
  { additionalProperties: true },
);
export type UserInput = Static<typeof UserInput>;

const Bool = oneOf(['true', 'false']);

export const CreateUserQuery = Type.Object({
  activate: Type.Optional(Bool),
  provider: Type.Optional(Bool),
  nextLogin: Type.Optional(oneOf(['changePassword'])),
});
export type CreateUserQuery = Static<typeof CreateUserQuery>;

export const ListUsersQuery = Type.Object({
  ...ListQuery,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  filter: Type.Optional(Type.String({ maxLength: 2048 })),
  search: Type.Optional(Type.String({ maxLength: 2048 })),
  sortBy: Type.Optional(Type.String({ maxLength: 100 })),
  sortOrder: Type.Optional(Type.String({ maxLength: 20 })),
});
export type ListUsersQuery = Static<typeof ListUsersQuery>;

export const UserParams = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 200 }) });

export const LifecycleQuery = Type.Object({ sendEmail: Type.Optional(Bool) });

export const DeleteUserQuery = Type.Object({ sendEmail: Type.Optional(Bool) });

/** Lifecycle answers: Okta sends an empty object (or an activation token we do not issue). */
export const LifecycleResult = Type.Object({});

export const User = Type.Object({
  id: Type.String(),
  status: Type.String(),
  created: Type.String(),
  activated: Nullable(Type.String()),
  statusChanged: Nullable(Type.String()),
  lastLogin: Nullable(Type.String()),
  lastUpdated: Type.String(),
  passwordChanged: Nullable(Type.String()),
  type: Type.Object({ id: Type.String() }),
  profile: FreeForm,
  credentials: Type.Object({
    password: Type.Optional(Type.Object({})),
    provider: Type.Object({ type: Type.String(), name: Type.String() }),
  }),
  _links: Links,
});
export type User = Static<typeof User>;
