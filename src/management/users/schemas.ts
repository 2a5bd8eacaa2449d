/** Wire schemas of /api/v1/users (Okta `User`, `CreateUserRequest`, `UpdateUserRequest`). */
import { Type, type Static } from '@sinclair/typebox';
import { Links, ListQuery, Nullable } from '../../http/schemas.js';

/** Custom profile attributes are JSON scalars or arrays of them (Okta's schema types). */
const ProfileValue = Type.Union([
  Type.String({ maxLength: 10_000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  Type.Array(Type.Union([Type.String({ maxLength: 10_000 }), Type.Number(), Type.Boolean(), Type.Null()]), { maxItems: 1000 }),
]);

export const ProfileInput = Type.Record(Type.String({ maxLength: 100 }), ProfileValue, { maxProperties: 200 });

const PasswordInput = Type.Object({ value: Type.Optional(Type.String({ maxLength: 256 })) }, { additionalProperties: true });

export const CredentialsInput = Type.Object(
  {
    password: Type.Optional(PasswordInput),
    provider: Type.Optional(Type.Unknown()),
    recovery_question: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

/** Create/update bodies: read-only fields a client echoes back from a GET are accepted and ignored. */
export const UserInput = Type.Object(
  {
    profile: Type.Optional(ProfileInput),
    credentials: Type.Optional(CredentialsInput),
    groupIds: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
  },
  { additionalProperties: true },
);
export type UserInput = Static<typeof UserInput>;

export const CreateUserQuery = Type.Object({
  activate: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  provider: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  nextLogin: Type.Optional(Type.String()),
});

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

export const LifecycleQuery = Type.Object({ sendEmail: Type.Optional(Type.String()) });

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
  profile: Type.Record(Type.String(), Type.Unknown()),
  credentials: Type.Object({
    password: Type.Optional(Type.Object({})),
    provider: Type.Object({ type: Type.String(), name: Type.String() }),
  }),
  _links: Links,
});
export type User = Static<typeof User>;
