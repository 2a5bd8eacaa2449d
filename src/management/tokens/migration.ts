/**
 * One-step migration of an API token to a service app (a Tessera extension): from what the token
 * did (the least-privilege suggestion), an API Services app (`client_credentials` with
 * `private_key_jwt`) granted exactly the suggested `okta.*` scopes and holding the suggested roles
 * as client roles, with the caller's public key or a generated RSA key pair whose private key is
 * returned once and never stored; optionally the token's revocation, now or after a grace period.
 *
 * The whole migration is one transaction: the services are built over it, so the app, its key,
 * its grants, its roles and the token's fate commit together or not at all, each with its own
 * System Log event, under the usual rules (only a super admin grants scopes; nobody assigns a
 * role above their own).
 */
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose';
import { holds, type Principal } from '../../auth/principal.js';
import { isoAt, type Clock } from '../../clock.js';
import type { Config } from '../../config/config.js';
import { parseDuration } from '../../config/duration.js';
import { invalid, type ErrorCause } from '../../errors/domain-error.js';
import type { EventBus, EventContext } from '../../events/event-bus.js';
import type { AppKeyRecord, AppRecord } from '../../store/oauth-records.js';
import type { Store } from '../../store/store.js';
import { APP_FIELDS } from '../apps/app-input.js';
import { appTarget } from '../apps/app-events.js';
import { createClientRoleService } from '../apps/client-role-service.js';
import { createGrantService } from '../apps/grant-service.js';
import { createAppService } from '../apps/service.js';
import type { InsightsService, SuggestionReport, Window } from '../insights/service.js';
import { createApiTokenService, type TokenScope } from './service.js';
import { tokenTarget } from './ssws-authenticator.js';

export interface MigrationInput {
  readonly dryRun?: boolean | undefined;
  readonly publicKey?: Record<string, unknown> | undefined;
  readonly label?: string | undefined;
  /** `never` (default), `now`, or an ISO-8601 duration after which the token retires. */
  readonly revokeToken?: string | undefined;
}

export interface MigrationPlan {
  readonly label: string;
  readonly scopes: string[];
  readonly roles: string[];
  readonly key: 'GENERATED_RSA_2048' | 'GIVEN';
  readonly revokeToken: { readonly mode: 'NEVER' | 'NOW' | 'AFTER'; readonly at: string | null };
}

export interface MigrationResult {
  readonly dryRun: boolean;
  readonly token: { readonly id: string; readonly name: string };
  readonly plan: MigrationPlan;
  readonly suggestion: SuggestionReport;
  /** The app made (absent on a dry run). */
  readonly app?: { readonly record: AppRecord; readonly keys: readonly AppKeyRecord[] };
  readonly keyId?: string;
  /** The generated private key, in this answer only (absent when a public key was given). */
  readonly privateKey?: { readonly jwk: JWK; readonly pem: string };
}

export interface MigrationDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly config: Config;
  readonly insights: InsightsService;
  readonly lastUse: (token: { readonly id: string; readonly lastUsed: string }) => number;
}

const MAX_LABEL = 100;

function revocationOf(value: string | undefined, now: number, causes: ErrorCause[]): MigrationPlan['revokeToken'] {
  if (value === undefined || value === 'never') return { mode: 'NEVER', at: null };
  if (value === 'now') return { mode: 'NOW', at: isoAt(now) };
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) {
    causes.push({ field: 'revokeToken', message: `must be "never", "now" or an ISO-8601 duration such as P7D; got "${value.slice(0, 40)}"` });
    return { mode: 'NEVER', at: null };
  }
  return { mode: 'AFTER', at: isoAt(now + ms) };
}

/** A generated RS256 key pair: the public JWK for the app, the private one (JWK and PKCS#8 PEM) for the caller only. */
async function generatedKey(): Promise<{ publicJwk: JWK; privateKey: { jwk: JWK; pem: string }; kid: string }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' },
    privateKey: { jwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }, pem: await exportPKCS8(privateKey) },
    kid,
  };
}

export function createTokenMigration(deps: MigrationDeps) {
  const { store, clock, events, config, insights } = deps;

  /** Own tokens only, unless the caller may read every token. */
  function tokenScopeOf(principal: Principal | undefined): TokenScope {
    if (principal !== undefined && holds(principal, 'okta.apiTokens.read')) return { kind: 'all' };
    return { kind: 'own', userId: principal?.subject.kind === 'user' ? principal.subject.userId : undefined };
  }

  return async function migrate(
    ctx: EventContext,
    principal: Principal | undefined,
    tokenId: string,
    input: MigrationInput,
    window: Window,
  ): Promise<MigrationResult> {
    const scope = tokenScopeOf(principal);
    const suggestion = await insights.tokenSuggestion(scope, tokenId, window);
    const tokens = createApiTokenService({ store, clock, events, tokenWindow: config.tokenWindow, lastUse: deps.lastUse });
    const token = await tokens.get(scope, tokenId);
    const causes: ErrorCause[] = [];
    const label = input.label ?? `${token.name} (service app)`.slice(0, MAX_LABEL);
    if (label.trim() === '' || label.length > MAX_LABEL) causes.push({ field: 'label', message: `must be 1 to ${MAX_LABEL} characters` });
    const revokeToken = revocationOf(input.revokeToken, clock.now(), causes);
    if (suggestion.suggested.scopes.length === 0) {
      causes.push({ field: 'apiToken', message: 'the token made no allowed request in the window: there is nothing to migrate (see its usage)' });
    }
    if (causes.length > 0) throw invalid(causes.map((c) => c.field).join(', '), causes);
    const plan: MigrationPlan = {
      label,
      scopes: [...suggestion.suggested.scopes],
      roles: [...suggestion.suggested.roles],
      key: input.publicKey === undefined ? 'GENERATED_RSA_2048' : 'GIVEN',
      revokeToken,
    };
    if (input.dryRun === true) return { dryRun: true, token: { id: token.id, name: token.name }, plan, suggestion };

    const generated = input.publicKey === undefined ? await generatedKey() : undefined;
    const publicJwk = generated?.publicJwk ?? input.publicKey;
    const made = await store.transaction(async (tx) => {
      // Every service over the one transaction: all of it commits, or nothing does.
      const txDeps = { store: tx, clock, events, config };
      const apps = createAppService(txDeps);
      const view = await apps.create(
        ctx,
        {
          label,
          applicationType: 'service',
          authMethod: 'private_key_jwt',
          grantTypes: ['client_credentials'],
          responseTypes: ['token'],
          jwks: { keys: [publicJwk] },
        },
        { names: { ...APP_FIELDS, jwks: 'publicKey' }, activate: true },
      );
      const grants = createGrantService(txDeps, apps);
      for (const scopeId of plan.scopes) await grants.create(ctx, principal, view.app.id, { issuer: config.orgUrl, scopeId });
      const roles = createClientRoleService(txDeps, apps);
      for (const type of plan.roles) await roles.assign(ctx, principal, view.app.id, { type });
      const txTokens = createApiTokenService({ store: tx, clock, events, tokenWindow: config.tokenWindow, lastUse: deps.lastUse });
      if (revokeToken.mode === 'NOW') await txTokens.revoke(ctx, scope, token.id, 'migrated');
      if (revokeToken.mode === 'AFTER' && revokeToken.at !== null) {
        const at = revokeToken.at;
        await tx.apiTokens.update(token.id, (t) => ({
          ...t,
          retiresAt: t.retiresAt !== null && t.retiresAt < at ? t.retiresAt : at,
          lastUpdated: isoAt(clock.now()),
        }));
      }
      await events.emit(tx, ctx, {
        type: 'system.api_token.migrate',
        displayMessage: 'Migrate API token to a service app',
        targets: [tokenTarget(token), appTarget(view.app)],
      });
      return view;
    });
    const keyId = made.keys[0]?.kid;
    return {
      dryRun: false,
      token: { id: token.id, name: token.name },
      plan,
      suggestion,
      app: { record: made.app, keys: made.keys },
      ...(keyId !== undefined ? { keyId } : {}),
      ...(generated !== undefined ? { privateKey: generated.privateKey } : {}),
    };
  };
}

export type TokenMigration = ReturnType<typeof createTokenMigration>;

export interface SdkConfig {
  readonly orgUrl: string;
  readonly authorizationMode: 'PrivateKey';
  readonly clientId: string;
  readonly scopes: string[];
  readonly keyId: string;
  readonly privateKey: string;
}

/** The `@okta/okta-sdk-nodejs` configuration of a migrated integration (PrivateKey mode), or undefined for a dry run. */
export function sdkConfigOf(result: MigrationResult, orgUrl: string): SdkConfig | undefined {
  if (result.app === undefined) return undefined;
  return {
    orgUrl,
    authorizationMode: 'PrivateKey',
    clientId: result.app.record.id,
    scopes: result.plan.scopes,
    keyId: result.keyId ?? '',
    // The generated key, or a placeholder for the caller's own private key.
    privateKey: result.privateKey?.pem ?? '<the private key of the public key you gave>',
  };
}
