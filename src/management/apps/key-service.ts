/**
 * An app's public keys (Okta Management API, `ApplicationSSOPublicKeys`: add, list, get, activate, deactivate,
 * delete). Okta's rules: at most 50 keys, a unique `kid` on each once there are several, only
 * inactive keys can be deleted, and the last active key of a `private_key_jwt` app cannot be
 * deactivated. Each change locks the app row, so two concurrent changes cannot together break
 * a rule that each alone keeps.
 */
import type { Principal } from '../../auth/principal.js';
import { isoAt } from '../../clock.js';
import { isId } from '../../crypto/random-id.js';
import { notFound, type DomainError } from '../../errors/domain-error.js';
import type { EventContext } from '../../events/event-bus.js';
import type { EventType } from '../../events/event-types.js';
import type { AppKeyRecord, AppRecord, AppStatus } from '../../store/oauth-records.js';
import type { Store } from '../../store/store.js';
import type { ManagementDeps } from '../deps.js';
import { appTarget, keyTarget } from './app-events.js';
import { changeCredentials } from './credential-change.js';
import { validationFailed } from './client-settings.js';
import { checkPublicJwk, jwkThumbprint, keySetProblems } from './jwk.js';
import { activeCount, newKeyRecord } from './key-plan.js';
import type { AppService } from './service.js';

/** Okta names the object `JsonWebKey` in these errors (Okta Management API, `ErrorDeleteActiveJsonWebKey`, …). */
const FIELD = 'JsonWebKey';
const keyNotFound = (keyId: string): DomainError => notFound(`Resource not found: ${keyId} (JsonWebKey)`);

export function createKeyService(deps: Pick<ManagementDeps, 'store' | 'clock' | 'events'>, apps: AppService) {
  const { store, clock, events } = deps;

  async function list(appId: string): Promise<readonly AppKeyRecord[]> {
    const app = await apps.find(appId);
    return store.apps.listKeys(app.id);
  }

  async function get(appId: string, keyId: string): Promise<AppKeyRecord> {
    const app = await apps.find(appId);
    const key = isId('appKey', keyId) ? await store.apps.getKey(app.id, keyId) : undefined;
    if (key === undefined) throw keyNotFound(keyId);
    return key;
  }

  /** Runs `work` on the locked app and the key, inside one transaction, once the caller may change the app's credentials. */
  async function withKey<T>(
    principal: Principal | undefined,
    appId: string,
    keyId: string,
    work: (tx: Store, app: AppRecord, key: AppKeyRecord) => Promise<T>,
  ): Promise<T> {
    const found = await apps.find(appId);
    return changeCredentials(store, principal, appId, found, async (tx, app) => {
      const key = isId('appKey', keyId) ? await tx.apps.getKey(app.id, keyId) : undefined;
      if (key === undefined) throw keyNotFound(keyId);
      return work(tx, app, key);
    });
  }

  const emit = (tx: Store, ctx: EventContext, type: EventType, message: string, app: AppRecord, key: AppKeyRecord) =>
    events.emit(tx, ctx, { type, displayMessage: message, targets: [appTarget(app), keyTarget(key)] });

  async function add(ctx: EventContext, principal: Principal | undefined, appId: string, body: Record<string, unknown>): Promise<AppKeyRecord> {
    const found = await apps.find(appId);
    const { status: given, ...jwk } = body;
    const status: AppStatus = given === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE';
    const check = await checkPublicJwk(jwk, FIELD);
    if (!check.ok) throw validationFailed(check.causes);
    const thumbprint = await jwkThumbprint(check.jwk);
    return changeCredentials(store, principal, appId, found, async (tx, app) => {
      const keys = await tx.apps.listKeys(app.id);
      const problems = keySetProblems([...keys.map((k) => k.kid), check.kid], FIELD);
      const duplicate = await Promise.all(keys.map(async (k) => (await jwkThumbprint(k.jwk)) === thumbprint));
      if (duplicate.includes(true)) problems.push({ field: FIELD, message: 'This public key is already registered on the app' });
      if (problems.length > 0) throw validationFailed(problems);
      const key = newKeyRecord(app.id, { jwk: check.jwk, kid: check.kid, thumbprint }, status, isoAt(clock.now()));
      await tx.apps.insertKey(key);
      await emit(tx, ctx, 'app.oauth2.credentials.lifecycle.create', 'Add OAuth 2.0 client public key', app, key);
      return key;
    });
  }

  async function setStatus(ctx: EventContext, principal: Principal | undefined, appId: string, keyId: string, status: AppStatus): Promise<AppKeyRecord> {
    return withKey(principal, appId, keyId, async (tx, app, key) => {
      if (key.status === status) return key;
      if (status === 'INACTIVE' && app.tokenEndpointAuthMethod === 'private_key_jwt' && activeCount(await tx.apps.listKeys(app.id)) <= 1) {
        throw validationFailed([
          { field: FIELD, message: "Can't deactivate the only active JSON Web Key when the value for `token_endpoint_auth_method` is `private_key_jwt`." },
        ]);
      }
      const now = isoAt(clock.now());
      const next = await tx.apps.updateKey(app.id, key.id, (k) => ({ ...k, status, lastUpdated: now }));
      if (next === undefined) throw keyNotFound(keyId);
      if (status === 'ACTIVE') await emit(tx, ctx, 'app.oauth2.credentials.lifecycle.activate', 'Activate OAuth 2.0 client public key', app, next);
      else await emit(tx, ctx, 'app.oauth2.credentials.lifecycle.deactivate', 'Deactivate OAuth 2.0 client public key', app, next);
      return next;
    });
  }

  async function remove(ctx: EventContext, principal: Principal | undefined, appId: string, keyId: string): Promise<void> {
    await withKey(principal, appId, keyId, async (tx, app, key) => {
      if (key.status === 'ACTIVE') {
        throw validationFailed([{ field: FIELD, message: "You can't delete an active JSON Web key. Deactivate the key before deleting it." }]);
      }
      if (!(await tx.apps.deleteKey(app.id, key.id))) throw keyNotFound(keyId);
      await emit(tx, ctx, 'app.oauth2.credentials.lifecycle.delete', 'Delete OAuth 2.0 client public key', app, key);
    });
  }

  return { list, get, add, setStatus, remove };
}

export type KeyService = ReturnType<typeof createKeyService>;
