/**
 * What the authorization_code and refresh_token grants issue for a user: an access token with
 * `uid` = the user id and `sub` = the login (Okta's user-context claims), an ID token for the
 * `openid` scope, and refresh tokens. Refresh-token secrets are 256 random bits; a rotated
 * token's successor is HMAC(key derived from the master key, parent secret), so a concurrent or
 * retried redemption of one token within the leeway computes the same successor instead of
 * forking the family (RFC 9700 §4.14.2), and only digests are stored.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { isoAt } from '../../../clock.js';
import { randomBase62 } from '../../../crypto/random-id.js';
import { secretDigest } from '../../../crypto/secret-digest.js';
import type { EventContext } from '../../../events/event-bus.js';
import type { RefreshTokenRecord } from '../../../store/authorization-store.js';
import type { AppRecord } from '../../../store/oauth-records.js';
import type { UserRecord } from '../../../store/records.js';
import type { Store } from '../../../store/store.js';
import type { OAuthDeps } from '../../deps.js';
import { mintIdToken } from '../../id-token.js';
import { mintAccessToken, type MintedToken } from '../../tokens/access-token.js';
import { emitClientEvent, tokenTarget } from '../token-events.js';
import type { TokenResponse } from '../token-request.js';

/** Okta's org authorization server: refresh tokens live 90 days, with no idle window. */
const DEFAULT_LIFETIME_MS = 90 * 86_400_000;
const DEFAULT_LEEWAY_SECONDS = 30;

export interface RefreshPolicy {
  readonly rotation: 'ROTATE' | 'STATIC';
  readonly leewayMs: number;
  /** Absolute lifetime of a family. */
  readonly lifetimeMs: number;
  /** Idle window (no redemption for this long ends the token), or null for none. */
  readonly idleMs: number | null;
}

function positiveMinutes(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value * 60_000 : undefined;
}

/**
 * `settings.oauthClient.refresh_token` of the app: `rotation_type` ROTATE|STATIC and `leeway`
 * 0–60 s (Okta), plus Tessera's `lifetime_minutes` and `idle_minutes` (absent: 90 days, no
 * idle window). An app with no setting rotates with a 30-second leeway.
 */
export function refreshPolicyOf(app: AppRecord): RefreshPolicy {
  const raw = app.oauthClient['refresh_token'];
  const settings = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
  const leeway = settings['leeway'];
  return {
    rotation: settings['rotation_type'] === 'STATIC' ? 'STATIC' : 'ROTATE',
    leewayMs: (typeof leeway === 'number' && leeway >= 0 && leeway <= 60 ? leeway : DEFAULT_LEEWAY_SECONDS) * 1000,
    lifetimeMs: positiveMinutes(settings['lifetime_minutes']) ?? DEFAULT_LIFETIME_MS,
    idleMs: positiveMinutes(settings['idle_minutes']) ?? null,
  };
}

/**
 * The secret that replaces `parent` when it is rotated: the same on every node and every retry.
 * `key` is derived from the master key by the composition root (compose.ts).
 */
export function successorSecret(key: Buffer, parent: string): string {
  return createHmac('sha256', key).update(parent, 'utf8').digest('base64url');
}

export const REFRESH_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface UserGrant {
  readonly app: AppRecord;
  readonly user: UserRecord;
  readonly scopes: readonly string[];
  readonly authTime: string;
  readonly amr: readonly string[];
  readonly nonce: string | null;
  readonly dpopJkt: string | undefined;
}

export function loginOf(user: UserRecord): string {
  const login = user.profile['login'];
  return typeof login === 'string' ? login : user.id;
}

/** Mints the access token, and the ID token when `openid` was granted. */
export async function mintUserTokens(deps: OAuthDeps, grant: UserGrant): Promise<{ access: MintedToken; idToken: string | undefined }> {
  // The token endpoint has re-read the signing keys (`refreshIfStale`) before calling the grant.
  const now = deps.clock.now();
  const access = await mintAccessToken(deps.keys, deps.config.orgUrl, now, deps.config.accessTokenLifetimeSeconds, {
    clientId: grant.app.id,
    subject: loginOf(grant.user),
    userId: grant.user.id,
    scopes: grant.scopes,
    jkt: grant.dpopJkt,
  });
  const idToken = grant.scopes.includes('openid')
    ? await mintIdToken(deps.keys, deps.config.orgUrl, now, {
        userId: grant.user.id,
        clientId: grant.app.id,
        authTime: grant.authTime,
        amr: grant.amr,
        nonce: grant.nonce,
        accessToken: access.token,
      })
    : undefined;
  return { access, idToken };
}

/** Starts a refresh-token family (inside the caller's transaction); returns the secret, shown once. */
export async function startRefreshFamily(
  deps: OAuthDeps,
  tx: Store,
  context: EventContext,
  grant: UserGrant,
): Promise<{ secret: string; record: RefreshTokenRecord }> {
  const now = deps.clock.now();
  const secret = randomBytes(32).toString('base64url');
  const record: RefreshTokenRecord = {
    digest: secretDigest(secret),
    id: 'rt' + randomBase62(18),
    familyId: 'rtf' + randomBase62(17),
    clientId: grant.app.id,
    userId: grant.user.id,
    scopes: grant.scopes,
    authTime: grant.authTime,
    amr: grant.amr,
    created: isoAt(now),
    expires: isoAt(now + refreshPolicyOf(grant.app).lifetimeMs),
    rotated: null,
    successorDigest: null,
    revoked: null,
    dpopJkt: grant.dpopJkt ?? null,
    lastUsed: null,
  };
  await tx.authorization.insertRefreshToken(record);
  await emitRefreshGrant(deps, tx, context, record);
  return { secret, record };
}

export async function emitRefreshGrant(deps: OAuthDeps, tx: Store, context: EventContext, record: RefreshTokenRecord): Promise<void> {
  await emitClientEvent(deps.events, tx, context, record.clientId, {
    type: 'app.oauth2.token.grant.refresh_token',
    displayMessage: 'OAuth2 refresh token is granted',
    targets: [tokenTarget('refresh_token', record.id, record.clientId)],
    outcome: { result: 'SUCCESS' },
  });
}

/** The token response (RFC 6749 §5.1; OpenID Connect Core §3.1.3.3). */
export function tokenResponse(deps: OAuthDeps, minted: { access: MintedToken; idToken: string | undefined }, refreshToken: string | undefined): TokenResponse {
  const { access, idToken } = minted;
  return {
    body: {
      token_type: access.claims.cnf !== undefined ? 'DPoP' : 'Bearer',
      expires_in: deps.config.accessTokenLifetimeSeconds,
      access_token: access.token,
      scope: access.claims.scp.join(' '),
      ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
      ...(idToken !== undefined ? { id_token: idToken } : {}),
    },
    issued: access.claims,
  };
}
