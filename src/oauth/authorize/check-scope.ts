/**
 * The scopes an authorization request may obtain on the org authorization server: the OpenID
 * Connect scopes Tessera serves (`openid profile email`), `offline_access` (only for apps
 * allowed the refresh_token grant; dropped otherwise, so no refresh token is issued), and
 * `okta.*` scopes granted to the app. Ungranted `okta.*` scopes are dropped, as for client
 * credentials (Okta; the token's `scp` and the response's `scope` say what was granted). Any
 * other scope is refused with Okta's text.
 */
import { grantTypesOf, type AppRecord } from '../../store/oauth-records.js';
import type { Store } from '../../store/store.js';
import { AuthorizeError } from './authorize-error.js';
import { param, type AuthorizeParams } from './params.js';

export const OIDC_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'offline_access'];

const MAX_SCOPES = 50;

export async function checkScope(store: Store, app: AppRecord, params: AuthorizeParams): Promise<string[]> {
  const raw = param(params, 'scope');
  if (raw === undefined) throw new AuthorizeError('invalid_scope', "The authorization request must include a 'scope' parameter.");
  const requested = [...new Set(raw.split(' ').filter((s) => s !== ''))];
  if (requested.length === 0 || requested.length > MAX_SCOPES)
    throw new AuthorizeError('invalid_scope', 'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.');
  const unknown = requested.filter((s) => !OIDC_SCOPES.includes(s) && !s.startsWith('okta.'));
  if (unknown.length > 0) {
    throw new AuthorizeError(
      'invalid_scope',
      `One or more scopes are not configured for the authorization server resource. Unknown scopes: [${unknown.join(', ')}].`,
    );
  }
  const granted = new Set((await store.apps.listGrants(app.id)).map((g) => g.scopeId));
  const refreshAllowed = grantTypesOf(app).includes('refresh_token');
  const scopes = requested.filter((s) => (s.startsWith('okta.') ? granted.has(s) : s !== 'offline_access' || refreshAllowed));
  if (scopes.length === 0) {
    throw new AuthorizeError('invalid_scope', 'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.');
  }
  return scopes;
}
