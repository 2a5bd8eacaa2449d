/**
 * What the admin may do with API tokens. `mayOnToken` adds the own-objects rule: token routes let every admin through to its own tokens only, so an
 * action on someone else's token needs the permission itself.
 */
import type { Method } from '../../auth/access';
import type { Session } from '../../auth/session';
import { ENDPOINT_ACCESS } from '../../../../src/auth/endpoint-access';
import { permissionsOfRoles } from '../../../../src/auth/permissions';
import { permissionsOfScopes } from '../../../../src/auth/scopes';

export function mayOnToken(
  session: Pick<Session, 'may' | 'user' | 'roles' | 'scopes'>,
  method: Method,
  route: string,
  token: { readonly id: string; readonly userId: string },
): boolean {
  if (!session.may(method, route, { apiTokenId: token.id })) return false;
  if (token.userId === session.user.id) return true;
  const access = ENDPOINT_ACCESS[`${method} ${route}`];
  if (access === undefined) return false;
  return permissionsOfRoles(session.roles).has(access.permission) && permissionsOfScopes(session.scopes).has(access.permission);
}
