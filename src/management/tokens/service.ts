/**
 * API tokens: creation (the CLI, and the console through a Tessera extension; Okta's API has no
 * create endpoint), listing, renaming and
 * revocation, shared by `tessera token …` and /api/v1/api-tokens. A token is live while it is
 * not revoked and its idle window has not run out; anything else is "not found", as Okta lists
 * and serves only active tokens. A caller restricted to its own objects sees the others' tokens
 * as not found too (404, not 403), so that ids do not leak.
 */
import { isoAt, type Clock } from '../../clock.js';
import { parseDuration } from '../../config/duration.js';
import { AccessDenied } from '../../auth/access-denied.js';
import { isRoleType } from '../../auth/permissions.js';
import { isId, newId } from '../../crypto/random-id.js';
import { newApiTokenSecret, secretDigest } from '../../crypto/secret-digest.js';
import { invalid, notFound, type ErrorCause } from '../../errors/domain-error.js';
import { userTarget, type EventBus, type EventContext } from '../../events/event-bus.js';
import { keepsCredentials, type ApiTokenRecord, type JsonObject, type LogTarget, type UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { displayNameProblem } from '../identifiers.js';
import { conditionZoneCauses } from '../zones/condition-zones.js';
import { conditionJson, parseCondition, type NetworkCondition } from '../zones/network-condition.js';
import { NAME_MAX_LENGTH, type ApiTokenUpdate } from './schemas.js';
import { tokenExpiresAt, tokenTarget } from './ssws-authenticator.js';

/** Okta's `clientName` for tokens made in the Admin Console (Okta Management API, ApiToken example). */
export const CLIENT_NAME = 'Okta API';

/** Which tokens the caller may see: all of them, or only those it owns. */
export const DEFAULT_ROTATION_GRACE = 'PT24H';
const MAX_ROTATION_GRACE_MS = 7 * 86_400_000;

export interface RotateInput {
  readonly gracePeriod?: string | undefined;
}

export interface RotatedApiToken {
  /** The new token and its secret (shown once). */
  readonly token: ApiTokenRecord;
  readonly secret: string;
  /** The rotated token, which works until its `retiresAt`. */
  readonly previous: ApiTokenRecord;
}

export type TokenScope = { readonly kind: 'all' } | { readonly kind: 'own'; readonly userId: string | undefined };

export interface ApiTokenServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  /** The window of new tokens (`TESSERA_TOKEN_WINDOW`, default `P30D`). */
  readonly tokenWindow: string;
  /** Effective last use (epoch ms); the server adds its in-memory uses (SswsAuthenticator.lastUsed). */
  readonly lastUse?: (token: ApiTokenRecord) => number;
  /** Told when a token is revoked, so that no pending use of it is written. */
  readonly onRevoked?: (tokenId: string) => void;
}

export interface CreatedApiToken {
  readonly token: ApiTokenRecord;
  /** The secret, to be shown once; only its digest is stored. */
  readonly secret: string;
}

export interface CreateOwnInput {
  readonly name: string;
  readonly network?: ApiTokenUpdate['network'];
}

export interface TokenPage {
  readonly q?: string | undefined;
  readonly after?: string | undefined;
  readonly limit: number;
}

/** The name is printed by `tessera token list` and logged: it must be a display name (identifiers.ts). */
function nameProblem(name: string): ErrorCause | undefined {
  if (name.trim() === '') return { field: 'name', message: 'The field cannot be left blank' };
  if (name.length > NAME_MAX_LENGTH) return { field: 'name', message: `The name must be at most ${NAME_MAX_LENGTH} characters` };
  const problem = displayNameProblem(name);
  return problem === undefined ? undefined : { field: 'name', message: problem };
}

export function createApiTokenService(deps: ApiTokenServiceDeps) {
  const { store, clock, events } = deps;
  const lastUse = deps.lastUse ?? ((token: ApiTokenRecord) => Date.parse(token.lastUsed));

  /** When the token stops working: its idle expiry, or the end of its rotation grace period if sooner. */
  function expiresAtMs(token: ApiTokenRecord): number {
    const idle = tokenExpiresAt(lastUse(token), token.tokenWindow);
    return token.retiresAt === null ? idle : Math.min(idle, Date.parse(token.retiresAt));
  }

  function expiresAt(token: ApiTokenRecord): string {
    return isoAt(expiresAtMs(token));
  }

  /** Not revoked, within its idle window and not retired by a rotation (the checks the authenticator makes). */
  function isLive(token: ApiTokenRecord): boolean {
    return token.revoked === null && clock.now() < expiresAtMs(token);
  }

  function visible(scope: TokenScope, token: ApiTokenRecord): boolean {
    return scope.kind === 'all' || (scope.userId !== undefined && token.userId === scope.userId);
  }

  async function findVisible(tx: Store, scope: TokenScope, id: string): Promise<ApiTokenRecord> {
    const token = isId('apiToken', id) ? await tx.apiTokens.get(id) : undefined;
    if (token === undefined || !visible(scope, token) || !isLive(token)) throw notFound(`Resource not found: ${id} (ApiToken)`);
    return token;
  }

  async function ownerTarget(tx: Store, userId: string): Promise<LogTarget[]> {
    const owner = await tx.users.get(userId);
    return owner === undefined ? [] : [userTarget(owner)];
  }

  /**
   * A new token for the user with `login` (the CLI). Refused unless the user exists, may use
   * tokens, and holds an admin role (directly or through a group): a token carries its owner's
   * admin rights, so a user without one can own no token.
   */
  async function create(ctx: EventContext, input: { readonly login: string; readonly name: string }): Promise<CreatedApiToken> {
    const problem = nameProblem(input.name);
    if (problem !== undefined) throw invalid(`name: ${problem.message}`, [problem]);
    const user = await store.users.getByLogin(input.login);
    if (user === undefined) throw invalid(`no user has the login "${input.login}"`, [{ field: 'user', message: `no user has the login "${input.login}"` }]);
    return createFor(ctx, user, { name: input.name }, `user "${input.login}"`);
  }

  /**
   * Tessera extension `POST /api/v1/api-tokens`: a token owned by the caller, as Okta's Admin
   * Console makes them ("Create token"). The caller is a user; the route has already refused a
   * credential that holds less than the token would (an access token whose scopes do not cover
   * its user's roles).
   */
  async function createOwn(ctx: EventContext, userId: string, input: CreateOwnInput): Promise<CreatedApiToken> {
    const user = await store.users.get(userId);
    if (user === undefined) throw notFound(`Resource not found: ${userId} (User)`);
    return createFor(ctx, user, input, 'you');
  }

  async function createFor(ctx: EventContext, user: UserRecord, input: CreateOwnInput, who: string): Promise<CreatedApiToken> {
    const causes: ErrorCause[] = [];
    const problem = nameProblem(input.name);
    if (problem !== undefined) causes.push(problem);
    if (parseDuration(deps.tokenWindow) === undefined) throw invalid(`tokenWindow: "${deps.tokenWindow}" is not a duration`);
    if (!keepsCredentials(user.status)) {
      const message = `${who === 'you' ? 'you are' : `${who} is`} ${user.status}: only an active user can own an API token`;
      throw invalid(message, [{ field: 'user', message }]);
    }
    const roles = await store.roles.roleTypesOfUser(user.id);
    if (!roles.some(isRoleType)) {
      // Asked for oneself, this is a refusal of the caller (403, logged); named by an operator, a bad input.
      if (who === 'you') throw new AccessDenied('forbidden', 'You hold no admin role (directly or through a group), so you can own no API token');
      const message = `${who} is not an administrator (no admin role, directly or through a group), so it can own no API token`;
      throw invalid(message, [{ field: 'user', message }]);
    }
    const secret = newApiTokenSecret();
    const now = isoAt(clock.now());
    const token = await store.transaction(async (tx) => {
      const network = input.network === undefined ? undefined : await networkOf(tx, input.network);
      if (network !== undefined && 'causes' in network) causes.push(...network.causes);
      if (causes.length > 0) throw invalid(causes.map((c) => c.field).join(', '), causes);
      const record: ApiTokenRecord = {
        id: newId('apiToken'),
        name: input.name,
        userId: user.id,
        tokenDigest: secretDigest(secret),
        clientName: CLIENT_NAME,
        tokenWindow: deps.tokenWindow,
        network: network !== undefined && 'condition' in network ? conditionJson(network.condition) : { connection: 'ANYWHERE' },
        created: now,
        lastUpdated: now,
        // The window runs from creation until the first use (Okta: "30 days from creation or last use").
        lastUsed: now,
        revoked: null,
        revokedReason: null,
        retiresAt: null,
      };
      await tx.apiTokens.insert(record);
      await events.emit(tx, ctx, { type: 'system.api_token.create', displayMessage: 'Create API token', targets: [tokenTarget(record), userTarget(user)] });
      return record;
    });
    return { token, secret };
  }

  /** Live tokens in id order after `page.after`, and whether more follow. */
  async function list(scope: TokenScope, page: TokenPage): Promise<{ items: ApiTokenRecord[]; more: boolean }> {
    if (scope.kind === 'own' && scope.userId === undefined) return { items: [], more: false };
    const userId = scope.kind === 'own' ? scope.userId : undefined;
    const live: ApiTokenRecord[] = [];
    let cursor = page.after;
    // Tokens past their window that nobody has presented since are not revoked yet: skip them
    // and read on, so that a page is full whenever more live tokens exist.
    for (;;) {
      const rows = await store.apiTokens.list({ userId, q: page.q, after: cursor, limit: page.limit + 1 });
      live.push(...rows.filter(isLive));
      const last = rows.at(-1);
      if (live.length > page.limit || rows.length <= page.limit || last === undefined) break;
      cursor = last.id;
    }
    return { items: live.slice(0, page.limit), more: live.length > page.limit };
  }

  async function get(scope: TokenScope, id: string): Promise<ApiTokenRecord> {
    return findVisible(store, scope, id);
  }

  /** The network condition a PUT asks for, or the causes of its refusal (zones/condition-zones.ts). */
  async function networkOf(tx: Store, input: NonNullable<ApiTokenUpdate['network']>): Promise<{ condition: NetworkCondition } | { causes: ErrorCause[] }> {
    const parsed = parseCondition(input, 'network');
    if ('causes' in parsed) return parsed;
    const causes = await conditionZoneCauses(tx, parsed.condition, 'network');
    return causes.length > 0 ? { causes } : parsed;
  }

  /**
   * PUT (Okta's "Upsert an API token network condition"): renames the token and sets its network
   * condition. A body without `network` keeps the condition the token has: a rename must not
   * quietly lift a restriction. The owner cannot change.
   */
  async function update(ctx: EventContext, scope: TokenScope, id: string, input: ApiTokenUpdate): Promise<ApiTokenRecord> {
    return store.transaction(async (tx) => {
      const current = await findVisible(tx, scope, id);
      const causes: ErrorCause[] = [];
      const problem = nameProblem(input.name);
      if (problem !== undefined) causes.push(problem);
      const network = input.network === undefined ? undefined : await networkOf(tx, input.network);
      if (network !== undefined && 'causes' in network) causes.push(...network.causes);
      if (input.userId !== undefined && input.userId !== current.userId) {
        causes.push({ field: 'userId', message: 'The owner of an API token cannot be changed' });
      }
      if (causes.length > 0) throw invalid(causes.map((c) => c.field).join(', '), causes);
      const now = isoAt(clock.now());
      const networkValue: JsonObject = network !== undefined && 'condition' in network ? conditionJson(network.condition) : current.network;
      const updated = await tx.apiTokens.update(current.id, (t) => ({ ...t, name: input.name, network: networkValue, lastUpdated: now }));
      if (updated === undefined) throw notFound(`Resource not found: ${id} (ApiToken)`);
      await events.emit(tx, ctx, {
        type: 'system.api_token.update',
        displayMessage: 'Update API token',
        targets: [tokenTarget(updated), ...(await ownerTarget(tx, updated.userId))],
      });
      return updated;
    });
  }

  /** Revokes a token the caller can see; 404 when it cannot, or when it is not live. */
  async function revoke(ctx: EventContext, scope: TokenScope, id: string, reason = 'revoked'): Promise<void> {
    await store.transaction(async (tx) => {
      const token = await findVisible(tx, scope, id);
      if (!(await tx.apiTokens.revoke(token.id, isoAt(clock.now()), reason))) throw notFound(`Resource not found: ${id} (ApiToken)`);
      await events.emit(tx, ctx, {
        type: 'system.api_token.revoke',
        displayMessage: 'Revoke API token',
        targets: [tokenTarget(token), ...(await ownerTarget(tx, token.userId))],
      });
    });
    deps.onRevoked?.(id);
  }

  /**
   * A new secret for the same owner, name, window and network condition; the old secret keeps
   * working for `gracePeriod` (ISO-8601, default PT24H, at most P7D), then dies. Each is its own
   * token id, so every use, count and event names the one that was presented.
   */
  async function rotate(ctx: EventContext, scope: TokenScope, id: string, input: RotateInput): Promise<RotatedApiToken> {
    const grace = input.gracePeriod ?? DEFAULT_ROTATION_GRACE;
    const graceMs = parseDuration(grace);
    if (graceMs === undefined || graceMs <= 0 || graceMs > MAX_ROTATION_GRACE_MS) {
      const message = `gracePeriod must be an ISO-8601 duration greater than zero and at most P7D, such as PT24H; got "${grace}"`;
      throw invalid('gracePeriod', [{ field: 'gracePeriod', message }]);
    }
    const secret = newApiTokenSecret();
    const result = await store.transaction(async (tx) => {
      const current = await findVisible(tx, scope, id);
      if (current.retiresAt !== null) {
        const message = `this token was rotated already and retires at ${current.retiresAt}; rotate the token that replaced it`;
        throw invalid('apiToken', [{ field: 'apiToken', message }]);
      }
      const nowMs = clock.now();
      const now = isoAt(nowMs);
      const token: ApiTokenRecord = {
        ...current,
        id: newId('apiToken'),
        tokenDigest: secretDigest(secret),
        created: now,
        lastUpdated: now,
        lastUsed: now,
        revoked: null,
        revokedReason: null,
        retiresAt: null,
      };
      await tx.apiTokens.insert(token);
      const previous = await tx.apiTokens.update(current.id, (t) => ({ ...t, retiresAt: isoAt(nowMs + graceMs), lastUpdated: now }));
      if (previous === undefined) throw notFound(`Resource not found: ${id} (ApiToken)`);
      await events.emit(tx, ctx, {
        type: 'system.api_token.rotate',
        displayMessage: 'Rotate API token',
        targets: [tokenTarget(token), tokenTarget(previous), ...(await ownerTarget(tx, token.userId))],
      });
      return { token, previous };
    });
    return { ...result, secret };
  }

  /** Every live token, all owners (the CLI's `token list`). */
  async function listAll(): Promise<ApiTokenRecord[]> {
    const out: ApiTokenRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await list({ kind: 'all' }, { after, limit: 200 });
      out.push(...page.items);
      after = page.items.at(-1)?.id;
      if (!page.more || after === undefined) return out;
    }
  }

  return { create, createOwn, list, listAll, get, update, revoke, rotate, expiresAt, expiresAtMs };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
