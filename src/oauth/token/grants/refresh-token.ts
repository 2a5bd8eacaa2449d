/**
 * `grant_type=refresh_token` (RFC 6749 §6; RFC 9700 §4.14; Okta's refresh-token rotation).
 * - The token must belong to this client, be unrevoked, within its family's absolute lifetime
 *   (90 days by default) and its idle window (none by default), and its user still usable.
 * - `scope`, when given, must be a subset of the original grant (Okta: 400 access_denied);
 *   `okta.*` scopes whose grant the app has lost since are dropped.
 * - ROTATE: the token is rotated out by one conditional UPDATE and replaced by its successor,
 *   HMAC(key, parent) (user-tokens.ts), keeping the family's expiry. A rotated-out token
 *   presented again within the app's leeway yields the same successor (a retry, or two
 *   concurrent redemptions: one successor, never a fork); after the leeway it is reuse: the
 *   whole family is revoked and `app.oauth2.token.detect_reuse` logged. STATIC: the same
 *   token is returned.
 * - A DPoP-bound token needs a proof with the same key (RFC 9449 §5).
 */
import { isoAt } from '../../../clock.js';
import { secretDigest } from '../../../crypto/secret-digest.js';
import { randomBase62 } from '../../../crypto/random-id.js';
import type { EventContext } from '../../../events/event-bus.js';
import type { RefreshTokenRecord } from '../../../store/authorization-store.js';
import { keepsCredentials } from '../../../store/records.js';
import { requireGrantType } from './grant-allowed.js';
import type { AuthenticatedClient } from '../../client-auth.js';
import type { OAuthDeps } from '../../deps.js';
import { OAuthError } from '../../errors.js';
import { emitClientEvent, tokenTarget } from '../token-events.js';
import type { TokenRequest, TokenResponse } from '../token-request.js';
import { REFRESH_TOKEN_SHAPE, emitRefreshGrant, loginOf, mintUserTokens, refreshPolicyOf, successorSecret, tokenResponse } from './user-tokens.js';

export const grantType = 'refresh_token';

/** It consumes the refresh token it rotates: a replayed request must be refused before it rotates again. */
export const consumes = true;

/** Okta's text (oauth2-error-codes.json `invalid_refresh_token`). */
const INVALID_TOKEN = 'The refresh token is invalid or expired.';
/** A chain of in-leeway rotations longer than this is not a retry. */
const MAX_CHAIN = 10;

const invalidGrant = (): OAuthError => new OAuthError('invalid_grant', INVALID_TOKEN);

async function detectReuse(deps: OAuthDeps, context: EventContext, token: RefreshTokenRecord): Promise<never> {
  await deps.store.transaction(async (tx) => {
    const revoked = await tx.authorization.revokeFamily(token.familyId, isoAt(deps.clock.now()));
    await emitClientEvent(deps.events, tx, context, token.clientId, {
      type: 'app.oauth2.token.detect_reuse',
      displayMessage: 'OAuth2 refresh token reuse detected: the token family is revoked',
      targets: [tokenTarget('refresh_token', token.id, token.clientId)],
      outcome: { result: 'DENY', reason: `rotated-out refresh token presented after its leeway; ${revoked} tokens of family ${token.familyId} revoked` },
      severity: 'WARN',
    });
  });
  throw invalidGrant();
}

/** Walks from a rotated-out token to the live head of its chain: HMAC links each secret to the next. */
async function liveSuccessor(deps: OAuthDeps, secret: string, token: RefreshTokenRecord): Promise<string> {
  let current = token;
  let currentSecret = secret;
  for (let step = 0; step < MAX_CHAIN && current.rotated !== null; step += 1) {
    const nextSecret = successorSecret(deps.refreshSuccessorKey, currentSecret);
    const next = await deps.store.authorization.getRefreshToken(secretDigest(nextSecret));
    if (next === undefined || next.digest !== current.successorDigest || next.revoked !== null) throw invalidGrant();
    current = next;
    currentSecret = nextSecret;
  }
  if (current.rotated !== null) throw invalidGrant();
  return currentSecret;
}

/** Rotates `token` out; returns the secret of its one successor (whoever created it). */
async function rotate(deps: OAuthDeps, context: EventContext, secret: string, token: RefreshTokenRecord): Promise<string> {
  const now = deps.clock.now();
  const successor = successorSecret(deps.refreshSuccessorKey, secret);
  const won = await deps.store.transaction(async (tx) => {
    if (!(await tx.authorization.rotateRefreshToken(token.digest, secretDigest(successor), isoAt(now)))) return false;
    const record: RefreshTokenRecord = {
      ...token,
      digest: secretDigest(successor),
      id: 'rt' + randomBase62(18),
      created: isoAt(now),
      rotated: null,
      successorDigest: null,
      revoked: null,
      lastUsed: null,
    };
    await tx.authorization.insertRefreshToken(record);
    await emitRefreshGrant(deps, tx, context, record);
    return true;
  });
  if (won) return successor;
  // Another redemption rotated it while this one was under way (this one read it unrotated, then
  // lost the conditional UPDATE): a concurrent redemption, not a replay, whatever the leeway.
  const current = await deps.store.authorization.getRefreshToken(token.digest);
  if (current === undefined || current.revoked !== null || current.rotated === null) throw invalidGrant();
  return liveSuccessor(deps, secret, current);
}

function requestedScopes(form: Readonly<Record<string, string>>, original: readonly string[]): string[] {
  const raw = form['scope'];
  if (raw === undefined) return [...original];
  const requested = [...new Set(raw.split(' ').filter((s) => s !== ''))];
  if (requested.length === 0) return [...original];
  if (!requested.every((s) => original.includes(s))) {
    throw new OAuthError('access_denied', 'Some of the scopes requested for the refresh request were not granted in the original authorize request.', {}, 400);
  }
  return requested;
}

export async function handler(deps: OAuthDeps, request: TokenRequest, client: AuthenticatedClient): Promise<TokenResponse> {
  const { app } = client;
  const { form, context } = request;
  requireGrantType(app, grantType);
  const secret = form['refresh_token'];
  if (secret === undefined || secret === '') throw new OAuthError('invalid_request', "The 'refresh_token' parameter is required.");
  if (!REFRESH_TOKEN_SHAPE.test(secret)) throw invalidGrant();

  const token = await deps.store.authorization.getRefreshToken(secretDigest(secret));
  const now = deps.clock.now();
  if (token === undefined || token.clientId !== app.id || token.revoked !== null || Date.parse(token.expires) <= now) throw invalidGrant();
  const policy = refreshPolicyOf(app);
  if (policy.idleMs !== null && now - Date.parse(token.lastUsed ?? token.created) > policy.idleMs) throw invalidGrant();
  if (token.dpopJkt !== null && token.dpopJkt !== request.dpopJkt) {
    throw new OAuthError('invalid_dpop_proof', 'The DPoP proof must be signed with the key the refresh token is bound to.');
  }
  const user = await deps.store.users.get(token.userId);
  if (user === undefined || !keepsCredentials(user.status)) throw invalidGrant();
  const requested = requestedScopes(form, token.scopes);

  let next: string;
  if (token.rotated !== null) {
    if (now - Date.parse(token.rotated) > policy.leewayMs) return detectReuse(deps, context, token);
    next = await liveSuccessor(deps, secret, token);
  } else if (policy.rotation === 'ROTATE') {
    next = await rotate(deps, context, secret, token);
  } else {
    await deps.store.authorization.touchRefreshToken(token.digest, isoAt(now));
    next = secret;
  }

  const granted = await deps.store.apps.listGrantedScopes(app.id);
  const scopes = requested.filter((s) => !s.startsWith('okta.') || granted.includes(s));
  const minted = await mintUserTokens(deps, { app, user, scopes, authTime: token.authTime, amr: token.amr, nonce: null, dpopJkt: request.dpopJkt });
  return tokenResponse(deps, minted, next);
}

/**
 * RFC 7009 §2: "Implementations MUST support the revocation of refresh tokens". A client's own
 * refresh token revokes its whole family (§2.1: the grant it stands for); anything else is
 * ignored (200 for invalid tokens too). Returns false when `value` is not a refresh token of ours.
 */
export async function revokeRefreshToken(deps: OAuthDeps, context: EventContext, appId: string, value: string): Promise<boolean> {
  if (!REFRESH_TOKEN_SHAPE.test(value)) return false;
  const token = await deps.store.authorization.getRefreshToken(secretDigest(value));
  if (token === undefined || token.clientId !== appId || token.revoked !== null) return true;
  await deps.store.transaction(async (tx) => {
    await tx.authorization.revokeFamily(token.familyId, isoAt(deps.clock.now()));
    await emitClientEvent(deps.events, tx, context, appId, {
      type: 'app.oauth2.token.revoke',
      displayMessage: 'OAuth2 refresh token revoked',
      targets: [tokenTarget('refresh_token', token.id, appId)],
    });
  });
  return true;
}

/** RFC 7662 for a client's own refresh token; undefined when `value` is not a refresh token of ours. */
export async function introspectRefreshToken(deps: OAuthDeps, appId: string, value: string): Promise<Record<string, unknown> | undefined> {
  if (!REFRESH_TOKEN_SHAPE.test(value)) return undefined;
  const token = await deps.store.authorization.getRefreshToken(secretDigest(value));
  const now = deps.clock.now();
  if (token === undefined || token.clientId !== appId || token.revoked !== null || Date.parse(token.expires) <= now) return { active: false };
  const app = await deps.store.apps.get(appId);
  const leewayMs = app === undefined ? 0 : refreshPolicyOf(app).leewayMs;
  if (token.rotated !== null && now - Date.parse(token.rotated) > leewayMs) return { active: false };
  const user = await deps.store.users.get(token.userId);
  if (user === undefined || !keepsCredentials(user.status)) return { active: false };
  return {
    active: true,
    scope: token.scopes.join(' '),
    client_id: appId,
    username: loginOf(user),
    exp: Math.floor(Date.parse(token.expires) / 1000),
    iat: Math.floor(Date.parse(token.created) / 1000),
    sub: loginOf(user),
    aud: deps.config.orgUrl,
    iss: deps.config.orgUrl,
    uid: user.id,
  };
}
