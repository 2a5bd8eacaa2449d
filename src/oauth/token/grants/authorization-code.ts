/**
 * `grant_type=authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.5, OpenID Connect Core §3.1.3):
 * the code must be unexpired (60 s), issued to this client for this `redirect_uri`, and match
 * the PKCE challenge; a code issued without a challenge refuses a verifier (RFC 9700 §2.1.1,
 * no downgrade). It is consumed by one conditional UPDATE in the transaction that stores what
 * it issues, so of two concurrent redemptions one gets tokens; any second use fails and
 * revokes what the first one issued (RFC 6749 §4.1.2): the access token and the refresh-token
 * family.
 */
import { isoAt } from '../../../clock.js';
import { secretDigest } from '../../../crypto/secret-digest.js';
import type { EventContext } from '../../../events/event-bus.js';
import type { AuthorizationCodeRecord } from '../../../store/authorization-store.js';
import { grantTypesOf } from '../../../store/oauth-records.js';
import { keepsCredentials, type LogTarget } from '../../../store/records.js';
import { requireGrantType } from './grant-allowed.js';
import { verifierMatches } from '../../authorize/check-pkce.js';
import type { AuthenticatedClient } from '../../client-auth.js';
import type { OAuthDeps } from '../../deps.js';
import { OAuthError } from '../../errors.js';
import { CLOCK_SKEW_SECONDS } from '../../tokens/verify-access-token.js';
import { emitClientEvent, tokenTarget } from '../token-events.js';
import type { TokenRequest, TokenResponse } from '../token-request.js';
import { mintUserTokens, startRefreshFamily, tokenResponse, type UserGrant } from './user-tokens.js';

export const grantType = 'authorization_code';

/** It consumes the code: a replayed request must be refused before it redeems the code again. */
export const consumes = true;

/** Okta's text for every unusable code (oauth2-error-codes.json `invalid_authorization_code`). */
const INVALID_CODE = 'The authorization code is invalid or has expired.';
const MAX_CODE_LENGTH = 256;

/** RFC 6749 §4.1.2: "SHOULD revoke (when possible) all tokens previously issued based on that authorization code". */
async function revokeWhatItIssued(deps: OAuthDeps, context: EventContext, code: AuthorizationCodeRecord): Promise<void> {
  const { issuedAccessToken, issuedFamily, used } = code;
  if (issuedAccessToken === null && issuedFamily === null) return;
  await deps.store.transaction(async (tx) => {
    const now = isoAt(deps.clock.now());
    const targets: LogTarget[] = [];
    if (issuedAccessToken !== null) {
      const usedAt = used === null ? deps.clock.now() : Date.parse(used);
      await tx.replay.revokeToken(issuedAccessToken, isoAt(usedAt + (deps.config.accessTokenLifetimeSeconds + CLOCK_SKEW_SECONDS) * 1000));
      targets.push(tokenTarget('access_token', issuedAccessToken, code.clientId));
    }
    if (issuedFamily !== null && (await tx.authorization.revokeFamily(issuedFamily, now)) > 0) {
      targets.push(tokenTarget('refresh_token', issuedFamily, code.clientId, 'Refresh Token Family'));
    }
    await emitClientEvent(deps.events, tx, context, code.clientId, {
      type: 'app.oauth2.token.revoke',
      displayMessage: 'OAuth2 tokens revoked: their authorization code was used again',
      targets,
      outcome: { result: 'SUCCESS', reason: 'authorization_code_reused' },
    });
  });
}

function checkPkce(code: AuthorizationCodeRecord, verifier: string | undefined): void {
  if (code.codeChallenge === null) {
    if (verifier !== undefined) throw new OAuthError('invalid_grant', "The 'code_verifier' is not allowed: the authorization request had no 'code_challenge'.");
    return;
  }
  if (verifier === undefined || verifier === '') throw new OAuthError('invalid_grant', "PKCE verification failed: the 'code_verifier' parameter is required.");
  if (!verifierMatches(verifier, code.codeChallenge)) throw new OAuthError('invalid_grant', 'PKCE verification failed.');
}

export async function handler(deps: OAuthDeps, request: TokenRequest, client: AuthenticatedClient): Promise<TokenResponse> {
  const { app } = client;
  const { form, context } = request;
  requireGrantType(app, grantType);
  const value = form['code'];
  if (value === undefined || value === '') throw new OAuthError('invalid_request', "The 'code' parameter is required.");
  const redirectUri = form['redirect_uri'];
  if (redirectUri === undefined || redirectUri === '') throw new OAuthError('invalid_request', "The 'redirect_uri' parameter is required.");
  if (value.length > MAX_CODE_LENGTH) throw new OAuthError('invalid_grant', INVALID_CODE);

  const digest = secretDigest(value);
  const code = await deps.store.authorization.getCode(digest);
  if (code === undefined) throw new OAuthError('invalid_grant', INVALID_CODE);
  if (code.used !== null) {
    await revokeWhatItIssued(deps, context, code);
    throw new OAuthError('invalid_grant', INVALID_CODE);
  }
  if (code.clientId !== app.id || Date.parse(code.expires) <= deps.clock.now()) throw new OAuthError('invalid_grant', INVALID_CODE);
  if (code.redirectUri !== redirectUri)
    throw new OAuthError('invalid_grant', "The 'redirect_uri' does not match the redirection URI used in the authorization request.");
  checkPkce(code, form['code_verifier']);
  const user = await deps.store.users.get(code.userId);
  if (user === undefined || !keepsCredentials(user.status)) throw new OAuthError('invalid_grant', INVALID_CODE);

  const grant: UserGrant = { app, user, scopes: code.scopes, authTime: code.authTime, amr: code.amr, nonce: code.nonce, dpopJkt: request.dpopJkt };
  const minted = await mintUserTokens(deps, grant);
  const wantsRefresh = code.scopes.includes('offline_access') && grantTypesOf(app).includes('refresh_token');
  const refreshToken = await deps.store.transaction(async (tx) => {
    // The conditional UPDATE settles a race: the loser waits for the winner's commit, finds the
    // code used, and (below) revokes what the winner recorded.
    if ((await tx.authorization.consumeCode(digest, isoAt(deps.clock.now()))) === undefined) return null;
    const refresh = wantsRefresh ? await startRefreshFamily(deps, tx, context, grant) : undefined;
    await tx.authorization.recordCodeIssue(digest, minted.access.claims.jti, refresh?.record.familyId ?? null);
    return refresh?.secret;
  });
  if (refreshToken === null) {
    const replayed = await deps.store.authorization.getCode(digest);
    if (replayed !== undefined) await revokeWhatItIssued(deps, context, replayed);
    throw new OAuthError('invalid_grant', INVALID_CODE);
  }
  return tokenResponse(deps, minted, refreshToken);
}
