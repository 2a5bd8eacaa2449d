/**
 * `Authorization: Bearer <jwt>` and `Authorization: DPoP <jwt>` + `DPoP: <proof>` on the
 * Management API. The JWT is verified (cached by hash); then, on every request and on every
 * node, the live state: revocation, the app's status and current grants, and the subject's
 * current roles. Effective rights = (token scopes still granted) ∩ (roles' permissions).
 * Every failure is a 401 (the Okta SDK refreshes its token only on a 401), never a 403.
 */
import type { Clock } from '../../clock.js';
import { permissionsOfRoles } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import { permissionsOfScopes } from '../../auth/scopes.js';
import type { BearerState } from '../../store/oauth-store.js';
import type { Store } from '../../store/store.js';
import { keepsCredentials } from '../../store/records.js';
import { DpopProofError, verifyDpopProof } from '../dpop/verify-proof.js';
import type { AccessTokenClaims } from '../tokens/access-token.js';
import { InvalidAccessToken, type AccessTokenVerifier } from '../tokens/verify-access-token.js';

export type BearerFailure = 'invalid_token' | 'revoked' | 'app_inactive' | 'subject_inactive' | 'dpop_required' | 'not_dpop_bound' | 'invalid_dpop_proof';

export class BearerRejected extends Error {
  override readonly name = 'BearerRejected';
  constructor(
    readonly reason: BearerFailure,
    readonly description: string,
  ) {
    super(description);
  }
}

/**
 * Invalid, expired, revoked, or whose app or subject is no longer active: one answer for the
 * caller, no hint which (RFC 6750 §3.1 has one invalid_token for all); the reason goes to the
 * System Log only.
 */
const INVALID = 'The access token is invalid.';

export interface BearerRequest {
  readonly scheme: 'Bearer' | 'DPoP';
  readonly token: string;
  /** accessTokenHash(token) when the caller has it already. */
  readonly tokenHash?: string | undefined;
  readonly method: string;
  /** Acceptable `htu` values for a DPoP proof: under the org URL only, never the Host header's origin. */
  readonly urls: () => readonly string[];
  readonly proof: string | undefined;
}

export class BearerAuthenticator {
  /**
   * Principals built once per read rather than once per request: the store answers the very same
   * state object for as long as it keeps the read (store/kept-reads.ts), and a new one after any
   * write, so an entry keyed by the state (and checked against the verified claims it was built
   * with) can never outlive the data it was built from. Refusals are not kept.
   */
  private readonly principals = new WeakMap<BearerState, { readonly claims: AccessTokenClaims; readonly principal: Principal }>();

  constructor(
    private readonly store: Store,
    private readonly verifier: AccessTokenVerifier,
    private readonly clock: Clock,
  ) {}

  async authenticate(request: BearerRequest): Promise<Principal> {
    let claims;
    try {
      claims = await this.verifier.verify(request.token, request.tokenHash);
    } catch (error) {
      if (error instanceof InvalidAccessToken) throw new BearerRejected('invalid_token', INVALID);
      throw error;
    }
    const jkt = claims.cnf?.jkt;
    if (jkt !== undefined && request.scheme !== 'DPoP') {
      throw new BearerRejected('dpop_required', 'The resource request must use the DPoP authentication scheme when using a DPoP bound token.');
    }
    if (jkt === undefined && request.scheme === 'DPoP') throw new BearerRejected('not_dpop_bound', 'The presented access_token is not DPoP bound.');
    if (jkt !== undefined) {
      if (request.proof === undefined) throw new BearerRejected('invalid_dpop_proof', 'The resource request requires a DPoP proof.');
      try {
        const proof = await verifyDpopProof(
          request.proof,
          { method: request.method, urls: request.urls(), nowMs: this.clock.now(), accessToken: request.token },
          this.store.replay,
        );
        if (proof.jkt !== jkt) throw new BearerRejected('invalid_dpop_proof', 'The access_token is not bound to the provided DPoP proof.');
      } catch (error) {
        if (error instanceof DpopProofError) throw new BearerRejected('invalid_dpop_proof', error.message);
        throw error;
      }
    }
    // The live state, so that a revocation, an app deactivation, a grant or role removed, a user
    // deactivated applies at once on every node: one statement (store.bearer) rather than one
    // query each, on every request (the store keeps it only while nothing has been written).
    const state = await this.store.bearer.read({ jti: claims.jti, appId: claims.cid, userId: claims.uid });
    const built = this.principals.get(state);
    if (built !== undefined && built.claims === claims) return built.principal;
    const outcome = principalOf(claims, state);
    if (outcome instanceof BearerRejected) throw outcome;
    this.principals.set(state, { claims, principal: outcome });
    return outcome;
  }
}

/** The principal of a verified token in its live state, or why it is refused. */
function principalOf(claims: AccessTokenClaims, state: BearerState): Principal | BearerRejected {
  if (state.revoked) return new BearerRejected('revoked', INVALID);
  if (state.appStatus !== 'ACTIVE') return new BearerRejected('app_inactive', INVALID);
  const granted = new Set(state.grantedScopes);
  const scopes = new Set(claims.scp.filter((s) => !s.startsWith('okta.') || granted.has(s)));
  const roles = [...state.roles];
  let subject: Principal['subject'];
  if (claims.uid !== undefined) {
    const user = state.user;
    if (user === undefined || !keepsCredentials(user.status)) return new BearerRejected('subject_inactive', INVALID);
    subject = { kind: 'user', userId: claims.uid, login: user.login };
  } else {
    subject = { kind: 'client', clientId: claims.cid };
  }
  return {
    subject,
    credential: { kind: 'access_token', tokenId: claims.jti, clientId: claims.cid, scopes, dpop: claims.cnf?.jkt !== undefined },
    roles,
    rolePermissions: permissionsOfRoles(roles),
    scopePermissions: permissionsOfScopes(scopes),
  };
}
