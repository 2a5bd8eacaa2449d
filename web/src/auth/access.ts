/**
 * What the signed-in admin may do, from the server's own tables: the endpoint table
 * (`src/auth/endpoint-access.ts`) and the one decision (`src/auth/decide.ts`) over the token's
 * scopes and the admin's roles. The console hides what this refuses; the API still decides, and
 * the target rules (what the object holds) are known only when it answers.
 */
import { decide } from '../../../src/auth/decide';
import { ENDPOINT_ACCESS } from '../../../src/auth/endpoint-access';
import { permissionsOfRoles } from '../../../src/auth/permissions';
import { permissionsOfScopes } from '../../../src/auth/scopes';
import type { Principal } from '../../../src/auth/principal';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** `may('POST', '/api/v1/users/:userId/lifecycle/suspend')`: the route pattern as the server registers it. */
export type May = (method: Method, route: string, params?: Readonly<Record<string, string>>) => boolean;

export function accessOf(subject: { userId: string; login: string }, clientId: string, scopes: readonly string[], roles: readonly string[]): May {
  const principal: Principal = {
    subject: { kind: 'user', userId: subject.userId, login: subject.login },
    credential: { kind: 'access_token', tokenId: '', clientId, scopes: new Set(scopes), dpop: false },
    roles,
    rolePermissions: permissionsOfRoles(roles),
    scopePermissions: permissionsOfScopes(scopes),
  };
  return (method, route, params = {}) => {
    const access = ENDPOINT_ACCESS[`${method} ${route}`];
    if (access === undefined) throw new Error(`No endpoint ${method} ${route}`);
    const decision = decide(principal, access, params);
    // "Own objects only" lets a caller through to see its own tokens; the console shows those.
    return decision.allow;
  };
}
