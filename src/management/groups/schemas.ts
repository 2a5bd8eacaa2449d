/** Wire schemas of /api/v1/groups (Okta `Group`, `AddGroupRequest`) and the membership routes. */
import { Type, type Static } from '@sinclair/typebox';
import { FreeForm, Links, ListQuery } from '../../http/schemas.js';

/** Custom group profile attributes are JSON scalars or arrays of them (Okta's schema types). */
const ProfileValue = Type.Union([
  Type.String({ maxLength: 10_000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  Type.Array(Type.Union([Type.String({ maxLength: 10_000 }), Type.Number(), Type.Boolean(), Type.Null()]), { maxItems: 1000 }),
]);

/**
 * `profile`: `name` (required, checked by the service so that the cause reads as Okta's),
 * `description`, and custom attributes. Lengths are checked by the service too.
 */
export const GroupProfileInput = Type.Record(Type.String({ maxLength: 100 }), ProfileValue, { maxProperties: 200 });

/**
 * Create and replace bodies. Read-only fields a client echoes back from a GET (`id`, `created`,
 * `lastUpdated`, `lastMembershipUpdated`, `objectClass`, `type`, `_links`, `_embedded`) are
 * accepted and ignored, as Okta does.
 */
export const GroupInput = Type.Object({ profile: Type.Optional(GroupProfileInput) }, { additionalProperties: true });
export type GroupInput = Static<typeof GroupInput>;

export const ListGroupsQuery = Type.Object({
  ...ListQuery,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  filter: Type.Optional(Type.String({ maxLength: 2048 })),
  search: Type.Optional(Type.String({ maxLength: 2048 })),
  expand: Type.Optional(Type.String({ maxLength: 100 })),
  sortBy: Type.Optional(Type.String({ maxLength: 100 })),
  sortOrder: Type.Optional(Type.String({ maxLength: 20 })),
});
export type ListGroupsQuery = Static<typeof ListGroupsQuery>;

export const PageQuery = Type.Object(ListQuery);

export const GroupParams = Type.Object({ groupId: Type.String({ minLength: 1, maxLength: 200 }) });
export const MemberParams = Type.Object({
  groupId: Type.String({ minLength: 1, maxLength: 200 }),
  userId: Type.String({ minLength: 1, maxLength: 200 }),
});
export const UserParams = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 200 }) });

const GroupStats = Type.Object({
  usersCount: Type.Integer(),
  appsCount: Type.Integer(),
  groupPushMappingsCount: Type.Integer(),
  hasAdminPrivilege: Type.Boolean(),
  _links: Links,
});

export const Group = Type.Object({
  id: Type.String(),
  created: Type.String(),
  lastUpdated: Type.String(),
  lastMembershipUpdated: Type.String(),
  objectClass: Type.Array(Type.String()),
  type: Type.String(),
  profile: FreeForm,
  _embedded: Type.Optional(Type.Object({ stats: Type.Optional(GroupStats) })),
  _links: Links,
});
export type Group = Static<typeof Group>;
export type GroupStats = Static<typeof GroupStats>;
