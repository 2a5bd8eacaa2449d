/**
 * `Authorization: SSWS <token>`: finds the token by the digest of its secret, checks its owner
 * and its idle window, and reads the owner's roles live. Malformed, unknown, revoked and
 * expired tokens all fail the same way for the caller; the reason goes to the System Log only.
 */
import type { Clock } from '../../clock.js';
import { parseDuration } from '../../config/duration.js';
import { API_TOKEN_SHAPE, secretDigest } from '../../crypto/secret-digest.js';
import { permissionsOfRoles } from '../../auth/permissions.js';
import type { Principal } from '../../auth/principal.js';
import type { EventBus, EventContext } from '../../events/event-bus.js';
import type { UserStatus } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import type { TokenUsageRecorder } from './usage-recorder.js';

export type SswsFailure = 'malformed' | 'unknown_or_revoked' | 'owner_inactive' | 'expired';

export type SswsResult = { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly reason: SswsFailure; readonly tokenId?: string };

/** Owners in these states cannot use their tokens. */
const INACTIVE_OWNER: ReadonlySet<UserStatus> = new Set(['SUSPENDED', 'DEPROVISIONED', 'STAGED', 'PROVISIONED']);

export function tokenExpiresAt(lastUsedMs: number, tokenWindow: string): number {
  return lastUsedMs + (parseDuration(tokenWindow) ?? 30 * 86_400_000);
}

export class SswsAuthenticator {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly usage: TokenUsageRecorder,
    private readonly events: EventBus,
  ) {}

  /** Effective last use: the persisted value or this node's newer memory of one. */
  lastUsed(tokenId: string, persisted: string): number {
    return Math.max(Date.parse(persisted), this.usage.lastSeen(tokenId) ?? 0);
  }

  async authenticate(secret: string, context: EventContext): Promise<SswsResult> {
    if (!API_TOKEN_SHAPE.test(secret)) return { ok: false, reason: 'malformed' };
    const found = await this.store.apiTokens.findForAuthentication(secretDigest(secret));
    if (found === undefined) return { ok: false, reason: 'unknown_or_revoked' };
    const { token } = found;
    if (INACTIVE_OWNER.has(found.ownerStatus)) return { ok: false, reason: 'owner_inactive', tokenId: token.id };
    const now = this.clock.now();
    const lastUsed = this.lastUsed(token.id, token.lastUsed);
    if (now >= tokenExpiresAt(lastUsed, token.tokenWindow)) {
      await this.expire(token.id, token.name, context);
      return { ok: false, reason: 'expired', tokenId: token.id };
    }
    const roles = await this.store.roles.roleTypesOfUser(token.userId);
    this.usage.record(token.id, Date.parse(token.lastUsed), now);
    return {
      ok: true,
      principal: {
        subject: { kind: 'user', userId: token.userId, login: found.ownerLogin },
        credential: { kind: 'ssws', tokenId: token.id },
        roles,
        rolePermissions: permissionsOfRoles(roles),
        scopePermissions: undefined,
      },
    };
  }

  /** "Once an API token expires, it is revoked and cannot be used again" (Okta support). */
  private async expire(tokenId: string, name: string, context: EventContext): Promise<void> {
    const at = new Date(this.clock.now()).toISOString();
    await this.store.transaction(async (tx) => {
      if (await tx.apiTokens.revoke(tokenId, at, 'expired')) {
        await this.events.emit(tx, context, {
          type: 'system.api_token.expire',
          displayMessage: 'API token expired after its idle window',
          targets: [{ id: tokenId, type: 'Token', alternateId: name, displayName: name, detailEntry: null }],
        });
      }
    });
    this.usage.forget(tokenId);
  }
}
