/** Access checks of the directory pages beyond `may` (web/src/auth/access.ts). */
import type { May, Method } from '../../auth/access';

/**
 * `may` for an endpoint the server's table may not have yet (`GET /api/v1/iam/assignees/users`
 * is being added): `may` throws on a route the table does not know, and such a route is one the
 * console cannot count on, so it answers false.
 */
export function safeMay(may: May, method: Method, route: string, params?: Readonly<Record<string, string>>): boolean {
  try {
    return may(method, route, params);
  } catch {
    return false;
  }
}

/** Whether the server's endpoint table (as bundled) knows the route at all. */
export function endpointKnown(may: May, method: Method, route: string): boolean {
  try {
    may(method, route, {});
    return true;
  } catch {
    return false;
  }
}
