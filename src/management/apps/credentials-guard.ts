/**
 * No escalation through an app's credentials (SECURITY.md "Authorization": nobody adds an app
 * key that yields more than they hold). An app acts with the permissions of its admin roles
 * bounded by its granted scopes; whoever adds or activates a key, or obtains a new client
 * secret, could act as the app, so they must hold every one of those permissions themselves.
 * Okta states the coarse form: "After a service app has Okta-scoped grants, only a Super Admin
 * can rotate its keys."
 */
import { holds, type Principal } from '../../auth/principal.js';
import { permissionsOfRoles } from '../../auth/permissions.js';
import { permissionsOfScopes } from '../../auth/scopes.js';
import { DomainError } from '../../errors/domain-error.js';
import type { AppRecord } from '../../store/oauth-records.js';
import type { Store } from '../../store/store.js';

export async function assertMayChangeCredentials(tx: Store, principal: Principal | undefined, app: AppRecord): Promise<void> {
  const roles = await tx.roles.listFor('CLIENT', app.id);
  if (roles.length === 0) return;
  const grants = await tx.apps.listGrants(app.id);
  const scoped = permissionsOfScopes(grants.map((g) => g.scopeId));
  const rights = [...permissionsOfRoles(roles.map((r) => r.roleType))].filter((p) => scoped.has(p));
  const missing = principal === undefined ? rights : rights.filter((p) => !holds(principal, p));
  if (missing.length === 0) return;
  throw new DomainError('forbidden', 'app.credentials_escalation', 'You do not have permission to perform the requested action', [
    { field: 'credentials', message: `This app acts with ${missing.join(', ')}, which you do not hold; only an administrator holding them may give it new keys or a new secret` },
  ]);
}
