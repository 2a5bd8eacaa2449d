/** Wire schemas of the role assignment endpoints (Okta `AssignRoleRequest`, `StandardRole`). */
import { Type, type Static } from '@sinclair/typebox';
import { Links, ListQuery } from '../../http/schemas.js';

/**
 * `{"type":"USER_ADMIN"}`. The type is checked by the service, so that an unknown type and a
 * CUSTOM role each get a cause that says what is wrong. `role` and `resource-set` belong to
 * custom role assignments (not supported yet); other fields are ignored, as Okta does.
 */
export const AssignRoleInput = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 100 }),
    role: Type.Optional(Type.String({ maxLength: 100 })),
    'resource-set': Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: true },
);
export type AssignRoleInput = Static<typeof AssignRoleInput>;

/** `disableNotifications` (assign) and `expand` (list/get) are accepted; no emails or targets yet. */
export const RoleQuery = Type.Object({
  disableNotifications: Type.Optional(Type.String({ maxLength: 10 })),
  expand: Type.Optional(Type.String({ maxLength: 100 })),
});

const Id = Type.String({ minLength: 1, maxLength: 200 });

export const UserRolesParams = Type.Object({ userId: Id });
export const UserRoleParams = Type.Object({ userId: Id, roleAssignmentId: Id });
export const GroupRolesParams = Type.Object({ groupId: Id });
export const GroupRoleParams = Type.Object({ groupId: Id, roleAssignmentId: Id });

/** Okta `StandardRole` (Okta Management API, `StandardRoleResponseUser` / `…Group`). */
export const RoleAssignment = Type.Object({
  id: Type.String(),
  label: Type.String(),
  type: Type.String(),
  status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('INACTIVE')]),
  created: Type.String(),
  lastUpdated: Type.String(),
  assignmentType: Type.Union([Type.Literal('USER'), Type.Literal('GROUP'), Type.Literal('CLIENT')]),
  _links: Links,
});
export type RoleAssignment = Static<typeof RoleAssignment>;

/** `GET /api/v1/iam/assignees/users`: Okta's `after` and `limit`. */
export const AssigneesQuery = Type.Object(ListQuery);

/** Okta `RoleAssignedUsers`: `{ value: RoleAssignedUser[], _links: { next? } }`. */
export const RoleAssignedUsers = Type.Object({
  value: Type.Array(Type.Object({ id: Type.String(), orn: Type.String(), _links: Links })),
  _links: Links,
});
export type RoleAssignedUsers = Static<typeof RoleAssignedUsers>;
