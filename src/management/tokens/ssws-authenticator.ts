/**
 * `Authorization: SSWS <token>`: finds the token by the digest of its secret, checks its owner
 * and its idle window, and reads the owner's roles live (Okta: "if the admin's privileges are
 * modified, the privilege level of the API token changes to match"). Malformed, unknown,
 * revoked and expired tokens all fail the same way for the caller (one answer, no
 * hint which, the same timing); the reason goes to the System Log only.
 */
import type { Clock } from '../../clock.js';
import { parseDuration } from '../../config/duration.js';
import { API_TOKEN_SHAPE, secretDigest } from '../../crypto/secret-digest.js';
import { permissionsOfRoles } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import type { EventBus, EventContext } from '../../events/event-bus.js';
import { keepsCredentials, type ApiTokenRecord, type LogTarget } from '../../store/records.js';
import type { TokenForAuthentication, Store } from '../../store/store.js';
import { tokenAdmits } from './network-check.js';
import type { TokenUsageRecorder } from './usage-recorder.js';

export type SswsFailure = 'malformed' | 'unknown_or_revoked' | 'owner_inactive' | 'owner_deactivated' | 'expired' | 'retired';

export type SswsResult =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: SswsFailure; readonly tokenId?: string }
  /** A usable token, presented from an address its network condition does not admit (its use is not recorded). */
  | { readonly ok: false; readonly reason: 'outside_network'; readonly tokenId: string; readonly principal: Principal; readonly address: string | null };

/** Okta's default window, used if a stored window cannot be read (it is validated on the way in). */
const DEFAULT_WINDOW_MS = 30 * 86_400_000;

/** A token's idle window (`P30D`…) in ms. */
export function tokenWindowMs(tokenWindow: string): number {
  return parseDuration(tokenWindow) ?? DEFAULT_WINDOW_MS;
}

export function tokenExpiresAt(lastUsedMs: number, tokenWindow: string): number {
  return lastUsedMs + tokenWindowMs(tokenWindow);
}

/** The token as a System Log target (by id, named by its name; never its secret). */
export function tokenTarget(token: Pick<ApiTokenRecord, 'id' | 'name'>): LogTarget {
  return { id: token.id, type: 'Token', alternateId: token.name, displayName: token.name, detailEntry: null };
}

/** What a usable token's read yields for every request: its principal, last use and idle window (epoch ms, ms). */
interface UsableToken {
  readonly principal: Principal;
  readonly lastUsedMs: number;
  readonly windowMs: number;
}

export class SswsAuthenticator {
  /**
   * Built once per read rather than once per request: the store answers the very same record for
   * as long as it keeps the read (store/kept-reads.ts), and a new one after any write, so an entry
   * keyed by the record can never outlive the data it was built from (and goes with the record).
   */
  private readonly usable = new WeakMap<TokenForAuthentication, UsableToken>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly usage: TokenUsageRecorder,
    private readonly events: EventBus,
  ) {}

  /** Effective last use (epoch ms): the persisted value or this node's newer memory of one. */
  lastUsed(tokenId: string, persisted: string): number {
    return Math.max(Date.parse(persisted), this.usage.lastSeen(tokenId) ?? 0);
  }

  /**
   * `context`: the event context, or a function making it (only a refusal that writes needs it);
   * `digestOfSecret`: `secretDigest(secret)` when the caller has it already.
   */
  async authenticate(secret: string, context: EventContext | (() => EventContext), digestOfSecret?: string): Promise<SswsResult> {
    const wellFormed = API_TOKEN_SHAPE.test(secret);
    // A malformed token is looked up too, so that it costs what an unknown one costs; no stored
    // digest can match it, as every stored secret has the shape. The token, its owner and the
    // owner's roles are read live (the store keeps them only while nothing has been written).
    const found = await this.store.apiTokens.findForAuthentication(digestOfSecret ?? secretDigest(secret));
    if (!wellFormed) return { ok: false, reason: 'malformed' };
    if (found === undefined) return { ok: false, reason: 'unknown_or_revoked' };
    const { token } = found;
    if (found.ownerStatus === 'DEPROVISIONED') {
      // Deactivation revokes tokens in the same transaction; this closes any gap for good.
      await this.revoke(token, 'owner_deactivated', 'API token revoked because its owner was deactivated', 'system.api_token.revoke', context);
      return { ok: false, reason: 'owner_deactivated', tokenId: token.id };
    }
    if (!keepsCredentials(found.ownerStatus)) return { ok: false, reason: 'owner_inactive', tokenId: token.id };
    const now = this.clock.now();
    const { principal, lastUsedMs, windowMs } = this.usableToken(found);
    if (now >= Math.max(lastUsedMs, this.usage.lastSeen(token.id) ?? 0) + windowMs) {
      // "Once an API token expires, it is revoked and cannot be used again" (Okta support).
      await this.revoke(token, 'expired', 'API token expired after its idle window', 'system.api_token.expire', context);
      return { ok: false, reason: 'expired', tokenId: token.id };
    }
    if (token.retiresAt !== null && now >= Date.parse(token.retiresAt)) {
      await this.revoke(token, 'rotated', 'API token retired at the end of its rotation grace period', 'system.api_token.revoke', context);
      return { ok: false, reason: 'retired', tokenId: token.id };
    }
    const contextOf = () => (typeof context === 'function' ? context() : context);
    if (!tokenAdmits(found, () => contextOf().ipAddress)) {
      return { ok: false, reason: 'outside_network', tokenId: token.id, principal, address: contextOf().ipAddress };
    }
    this.usage.record(token.id, lastUsedMs, now);
    return { ok: true, principal };
  }

  private usableToken(found: TokenForAuthentication): UsableToken {
    let usable = this.usable.get(found);
    if (usable === undefined) {
      usable = { principal: this.principalOf(found), lastUsedMs: Date.parse(found.token.lastUsed), windowMs: tokenWindowMs(found.token.tokenWindow) };
      this.usable.set(found, usable);
    }
    return usable;
  }

  private principalOf(found: TokenForAuthentication): Principal {
    const { token, ownerRoles: roles } = found;
    return {
      subject: { kind: 'user', userId: token.userId, login: found.ownerLogin },
      credential: { kind: 'ssws', tokenId: token.id },
      roles: [...roles],
      rolePermissions: permissionsOfRoles(roles),
      scopePermissions: undefined,
    };
  }

  private async revoke(
    token: ApiTokenRecord,
    reason: string,
    displayMessage: string,
    type: 'system.api_token.expire' | 'system.api_token.revoke',
    contextOrMake: EventContext | (() => EventContext),
  ): Promise<void> {
    const context = typeof contextOrMake === 'function' ? contextOrMake() : contextOrMake;
    const at = new Date(this.clock.now()).toISOString();
    await this.store.transaction(async (tx) => {
      // Only the request that actually revokes it logs it (concurrent requests race here).
      if (await tx.apiTokens.revoke(token.id, at, reason)) {
        await this.events.emit(tx, context, { type, displayMessage, targets: [tokenTarget(token)], outcome: { result: 'SUCCESS', reason } });
      }
    });
    this.usage.forget(token.id);
  }
}
