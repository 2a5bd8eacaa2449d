/**
 * The admin console's OIDC client (`tessera_admin_console`, "Tessera Admin Console"): a public
 * browser client (authorization code with PKCE, rotating refresh tokens, no client secret)
 * redirecting to `<TESSERA_ORG_URL>/admin/callback`, granted every `okta.*` scope Tessera knows.
 * A token it obtains carries those scopes, but the access decision bounds them by the signed-in
 * user's own roles (scopes ∩ roles), so an administrator's console can do exactly what the
 * administrator may, and a user without an admin role gets a token that opens nothing.
 *
 * `ensureConsoleApp` runs at every start (bootstrap.ts), in one transaction with its System Log
 * events, under the lock of the app's name: nodes starting together create it once, and a second
 * start creates nothing twice. On an existing app it restores what the console depends on (the
 * redirect URIs of the current org URL, the grant and response types, PKCE, refresh-token
 * rotation) and adds the grants of scopes it lacks (a scope new in this version, or one a super
 * admin revoked); its label, status, token lifetimes, DPoP and network condition stay as a super
 * admin left them. The Apps API's own validation (client-settings.ts) checks the settings, so the
 * record has the shape of every other app.
 */
import { CONSOLE_APP_LABEL, CONSOLE_APP_NAME } from '../auth/first-party-apps.js';
import { OKTA_SCOPES } from '../auth/scopes.js';
import { isoAt, type Clock } from '../clock.js';
import { newId } from '../crypto/random-id.js';
import { SYSTEM_ACTOR, systemContext, type EventBus } from '../events/event-bus.js';
import { APP_FIELDS } from '../management/apps/app-input.js';
import { appTarget, scopeTarget } from '../management/apps/app-events.js';
import { checkClient, oauthClientJson, type ClientDraft, type ClientInput } from '../management/apps/client-settings.js';
import { OIDC_SCOPES } from '../oauth/authorize/check-scope.js';
import type { AppRecord } from '../store/oauth-records.js';
import type { JsonObject, JsonValue } from '../store/records.js';
import type { Store } from '../store/store.js';

export { CONSOLE_APP_LABEL, CONSOLE_APP_NAME } from '../auth/first-party-apps.js';

/** Where the console's sign-in comes back to, under the org URL. */
export const CONSOLE_CALLBACK_PATH = '/admin/callback';
/** Where the console's sign-out comes back to. */
export const CONSOLE_HOME_PATH = '/admin/';

/** What the console asks for at /authorize: the OpenID Connect scopes, `offline_access`, every `okta.*` scope. */
export const CONSOLE_SCOPES: readonly string[] = [...OIDC_SCOPES, ...OKTA_SCOPES];

export interface ConsoleAppDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  /** `TESSERA_ORG_URL`, normalised without a trailing slash (config.ts). */
  readonly orgUrl: string;
}

export interface ConsoleAppResult {
  readonly app: AppRecord;
  /** The app was made by this call. */
  readonly created: boolean;
  /** Settings the console depends on were restored (the org URL changed, say). */
  readonly updated: boolean;
  /** Scopes granted by this call. */
  readonly grantsAdded: readonly string[];
}

/** The settings the console depends on, as the Apps API would take them. */
function consoleClientInput(orgUrl: string): ClientInput {
  return {
    label: CONSOLE_APP_LABEL,
    applicationType: 'browser',
    authMethod: 'none',
    grantTypes: ['authorization_code', 'refresh_token'],
    responseTypes: ['code'],
    redirectUris: [orgUrl + CONSOLE_CALLBACK_PATH],
    postLogoutRedirectUris: [orgUrl + CONSOLE_HOME_PATH],
    refreshToken: { rotation_type: 'ROTATE', leeway: 30 },
    pkceRequired: true,
  };
}

function newConsoleApp(draft: ClientDraft, now: string): AppRecord {
  return {
    id: newId('app'),
    name: CONSOLE_APP_NAME,
    label: draft.label,
    status: 'ACTIVE',
    signOnMode: 'OPENID_CONNECT',
    tokenEndpointAuthMethod: draft.authMethod,
    applicationType: draft.applicationType,
    oauthClient: oauthClientJson(draft),
    created: now,
    lastUpdated: now,
    autoKeyRotation: draft.autoKeyRotation,
    pkceRequired: draft.pkceRequired,
  };
}

function objectOf(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/** `current` with the settings the console depends on restored; the rest as it was. */
function restored(current: AppRecord, draft: ClientDraft): AppRecord {
  return {
    ...current,
    tokenEndpointAuthMethod: draft.authMethod,
    pkceRequired: draft.pkceRequired,
    oauthClient: {
      ...current.oauthClient,
      grant_types: draft.grantTypes,
      response_types: draft.responseTypes,
      redirect_uris: draft.redirectUris,
      post_logout_redirect_uris: draft.postLogoutRedirectUris,
      refresh_token: { ...objectOf(draft.refreshToken), ...objectOf(current.oauthClient['refresh_token']), rotation_type: 'ROTATE' },
    },
  };
}

/** Creates the console's app, or brings an existing one up to date; see the module comment. */
export async function ensureConsoleApp(deps: ConsoleAppDeps): Promise<ConsoleAppResult> {
  const { store, clock, events, orgUrl } = deps;
  const draft = await checkClient(consoleClientInput(orgUrl), APP_FIELDS);
  const ctx = systemContext();
  return store.transaction(async (tx) => {
    await tx.apps.lockName(CONSOLE_APP_NAME);
    const now = isoAt(clock.now());
    const found = await tx.apps.getByName(CONSOLE_APP_NAME);
    const current = found === undefined ? undefined : await tx.apps.getForUpdate(found.id);
    let app: AppRecord;
    let updated = false;
    if (current === undefined) {
      app = newConsoleApp(draft, now);
      await tx.apps.insert(app);
      await events.emit(
        tx,
        ctx,
        { type: 'application.lifecycle.create', displayMessage: 'Add application', targets: [appTarget(app)] },
        { type: 'application.lifecycle.activate', displayMessage: 'Activate application', targets: [appTarget(app)] },
      );
    } else {
      const next = restored(current, draft);
      updated = JSON.stringify(next) !== JSON.stringify(current);
      app = current;
      if (updated) {
        app = (await tx.apps.update(current.id, () => ({ ...next, lastUpdated: now }))) ?? next;
        await events.emit(tx, ctx, { type: 'application.lifecycle.update', displayMessage: 'Update application', targets: [appTarget(app)] });
      }
    }
    const granted = new Set(await tx.apps.listGrantedScopes(app.id));
    const grantsAdded = OKTA_SCOPES.filter((scope) => !granted.has(scope));
    for (const scopeId of grantsAdded) {
      await tx.apps.insertGrant({
        id: newId('grant'),
        appId: app.id,
        scopeId,
        issuer: orgUrl,
        source: 'ADMIN',
        createdBy: { id: SYSTEM_ACTOR.id, type: SYSTEM_ACTOR.type },
        created: now,
        lastUpdated: now,
      });
      await events.emit(tx, ctx, {
        type: 'app.oauth2.admin.consent.grant',
        displayMessage: 'Admin consent granted for an Okta API scope',
        targets: [appTarget(app), scopeTarget(scopeId)],
      });
    }
    return { app, created: current === undefined, updated, grantsAdded };
  });
}

/** The console's app as it stands, or undefined when there is none (before the first start, or deleted by a super admin). */
export function findConsoleApp(store: Store): Promise<AppRecord | undefined> {
  return store.apps.getByName(CONSOLE_APP_NAME);
}
