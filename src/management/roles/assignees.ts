/**
 * Okta's "List all users with role assignments" (`GET /api/v1/iam/assignees/users`, Okta
 * Management API tag `RoleAssignmentAUser`): one page of the users holding an admin role, each
 * with its Okta Resource Name, paged by `after` and `limit` (100 by default, as Okta).
 *
 * A user is listed whether its roles are its own or come through a group it belongs to: Okta's
 * reference says only "users with role assignments", and the `roles` link of each entry lists the
 * group's roles too (`assignmentType: GROUP`, presenter.ts), so that link never comes back empty.
 * Users of every status are listed.
 */
import { isId } from '../../crypto/random-id.js';
import { invalidSearch } from '../../errors/domain-error.js';
import type { Store } from '../../store/store.js';

export interface AssigneePage {
  readonly users: readonly { readonly id: string; readonly orn: string }[];
  /** Cursor of the next page; undefined on the last page. */
  readonly next: string | undefined;
}

/** Okta: 100 by default; larger asks are clamped, as on Okta's other lists. */
export const ASSIGNEES_LIMIT = { defaultLimit: 100, maxLimit: 200 } as const;

/** Okta Resource Name of a user: `orn:okta:directory:{orgId}:users:{userId}`. */
export function userOrn(orgId: string, userId: string): string {
  return `orn:okta:directory:${orgId}:users:${userId}`;
}

export function createAssigneeService(deps: { readonly store: Store }) {
  const { store } = deps;
  let orgId: string | undefined;

  return async function usersWithRoles(request: { readonly after?: string | undefined; readonly limit: number }): Promise<AssigneePage> {
    // The cursor is the last user id of the previous page: anything else cannot widen the read.
    if (request.after !== undefined && !isId('user', request.after))
      throw invalidSearch('after: the cursor is not valid; use the next link of the previous page');
    // The org's id never changes once made.
    orgId ??= (await store.org.get())?.id;
    const rows = await store.roles.listUserIdsWithRoles({ after: request.after, limit: request.limit + 1 });
    const ids = rows.slice(0, request.limit);
    const last = ids.at(-1);
    return {
      users: ids.map((id) => ({ id, orn: userOrn(orgId ?? '', id) })),
      next: rows.length > request.limit && last !== undefined ? last : undefined,
    };
  };
}
