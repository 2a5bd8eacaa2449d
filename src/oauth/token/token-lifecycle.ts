/**
 * Token introspection (RFC 7662) and revocation (RFC 7009) for access and refresh tokens. A client may only
 * introspect and revoke its own tokens ("A client may only revoke its own tokens", Okta); anything
 * else is `{"active": false}` / a silent 200, so token validity never leaks to other clients.
 */
import type { EventContext } from '../../events/event-bus.js';
import type { AppRecord } from '../../store/oauth-records.js';
import type { OAuthDeps } from '../deps.js';
import { OAuthError } from '../errors.js';
import { InvalidAccessToken } from '../tokens/verify-access-token.js';
import type { AccessTokenClaims } from '../tokens/access-token.js';
import { introspectRefreshToken, revokeRefreshToken } from './grants/refresh-token.js';
import { emitClientEvent, tokenTarget } from './token-events.js';

async function ownAccessToken(deps: OAuthDeps, app: AppRecord, token: string): Promise<AccessTokenClaims | undefined> {
  try {
    const claims = await deps.verifier.verify(token);
    return claims.cid === app.id ? claims : undefined;
  } catch (error) {
    if (error instanceof InvalidAccessToken) return undefined;
    throw error;
  }
}

function tokenParameter(form: Readonly<Record<string, string>>): string {
  const token = form['token'];
  if (token === undefined || token === '') throw new OAuthError('invalid_request', "The 'token' parameter is required.");
  return token;
}

export async function introspect(deps: OAuthDeps, app: AppRecord, form: Readonly<Record<string, string>>): Promise<Record<string, unknown>> {
  const refresh = await introspectRefreshToken(deps, app.id, tokenParameter(form));
  if (refresh !== undefined) return refresh;
  const claims = await ownAccessToken(deps, app, tokenParameter(form));
  if (claims === undefined || (await deps.store.replay.isTokenRevoked(claims.jti))) return { active: false };
  return {
    active: true,
    token_type: claims.cnf !== undefined ? 'DPoP' : 'Bearer',
    scope: claims.scp.join(' '),
    client_id: claims.cid,
    ...(claims.uid !== undefined ? { username: claims.sub, uid: claims.uid } : {}),
    exp: claims.exp,
    iat: claims.iat,
    sub: claims.sub,
    aud: claims.aud,
    iss: claims.iss,
    jti: claims.jti,
    ...(claims.cnf !== undefined ? { cnf: claims.cnf } : {}),
  };
}

export async function revoke(deps: OAuthDeps, context: EventContext, app: AppRecord, form: Readonly<Record<string, string>>): Promise<void> {
  // Refresh tokens (RFC 7009 §2: MUST) are opaque secrets, told apart from JWT access tokens by shape.
  if (await revokeRefreshToken(deps, context, app.id, tokenParameter(form))) return;
  const claims = await ownAccessToken(deps, app, tokenParameter(form));
  if (claims === undefined) return; // RFC 7009 §2.2: invalid tokens get 200 too
  await deps.store.transaction(async (tx) => {
    await tx.replay.revokeToken(claims.jti, new Date(claims.exp * 1000).toISOString());
    await emitClientEvent(deps.events, tx, context, app.id, {
      type: 'app.oauth2.token.revoke',
      displayMessage: 'OAuth2 access token revoked',
      targets: [tokenTarget('access_token', claims.jti, app.id)],
    });
  });
}
