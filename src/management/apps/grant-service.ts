/**
 * Okta API scopes granted to an app (Okta Management API, `ApplicationGrants`): the scopes its tokens may
 * carry. "Only the Super Admin role has permission to grant scopes to an app" (Okta), checked on
 * the caller's current roles. The issuer is the org URL (the org authorization server), the
 * scope one of Tessera's `okta.*` scopes (auth/scopes.ts). A revoked grant is deleted: the
 * token endpoint reads grants live, so the next token request no longer gets the scope.
 */
import { AccessDenied } from '../../auth/access-denied.js';
import type { Principal } from '../../auth/principal.js';
import { assertMayActOn } from '../../auth/target-guard.js';
import { isOktaScope, SCOPE_PERMISSIONS } from '../../auth/scopes.js';
import { isoAt } from '../../clock.js';
import { isId, newId } from '../../crypto/random-id.js';
import { notFound, type DomainError, type ErrorCause } from '../../errors/domain-error.js';
import type { EventContext } from '../../events/event-bus.js';
import type { AppGrantRecord } from '../../store/oauth-records.js';
import { UniqueViolation } from '../../store/store.js';
import type { ManagementDeps } from '../deps.js';
import { appRef, appTarget, scopeTarget } from './app-events.js';
import { validationFailed } from './client-settings.js';
import type { GrantInput } from './grant-schemas.js';
import type { AppService } from './service.js';

const grantNotFound = (grantId: string): DomainError => notFound(`Resource not found: ${grantId} (OAuth2ScopeConsentGrant)`);
const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

function assertSuperAdmin(principal: Principal | undefined): void {
  if (principal?.roles.includes('SUPER_ADMIN') === true) return;
  throw new AccessDenied('grant.super_admin_only', 'Only a super administrator (SUPER_ADMIN) can grant or revoke Okta API scopes');
}

function creatorOf(principal: Principal | undefined): AppGrantRecord['createdBy'] {
  if (principal?.subject.kind === 'client') return { id: principal.subject.clientId, type: 'PublicClientApp' };
  return { id: principal?.subject.kind === 'user' ? principal.subject.userId : '', type: 'User' };
}

export function createGrantService(deps: Pick<ManagementDeps, 'store' | 'clock' | 'events' | 'config'>, apps: AppService) {
  const { store, clock, events, config } = deps;

  async function list(appId: string): Promise<AppGrantRecord[]> {
    const app = await apps.find(appId);
    return store.apps.listGrants(app.id);
  }

  async function get(appId: string, grantId: string): Promise<AppGrantRecord> {
    const app = await apps.find(appId);
    const grant = isId('grant', grantId) ? await store.apps.getGrant(app.id, grantId) : undefined;
    if (grant === undefined) throw grantNotFound(grantId);
    return grant;
  }

  async function create(ctx: EventContext, principal: Principal | undefined, appId: string, input: GrantInput | undefined): Promise<AppGrantRecord> {
    assertSuperAdmin(principal);
    const app = await apps.find(appId);
    const causes: ErrorCause[] = [];
    const issuer = input?.issuer;
    if (issuer === undefined || issuer === '') causes.push({ field: 'issuer', message: `The field cannot be left blank (the org URL, ${config.orgUrl})` });
    else if (withoutTrailingSlash(issuer) !== withoutTrailingSlash(config.orgUrl)) {
      causes.push({ field: 'issuer', message: `must be the org authorization server, ${config.orgUrl}: only it issues tokens with Okta API scopes` });
    }
    const scopeId = input?.scopeId;
    if (scopeId === undefined || scopeId === '') causes.push({ field: 'scopeId', message: 'The field cannot be left blank (an okta.* scope)' });
    else if (!isOktaScope(scopeId)) {
      causes.push({
        field: 'scopeId',
        message: `'${scopeId}' is not an Okta API scope Tessera knows; use one of ${Object.keys(SCOPE_PERMISSIONS).join(', ')}`,
      });
    }
    if (causes.length > 0 || scopeId === undefined) throw validationFailed(causes);
    const now = isoAt(clock.now());
    const grant: AppGrantRecord = {
      id: newId('grant'),
      appId: app.id,
      scopeId,
      issuer: config.orgUrl,
      source: 'ADMIN',
      createdBy: creatorOf(principal),
      created: now,
      lastUpdated: now,
    };
    try {
      await store.transaction(async (tx) => {
        await assertMayActOn(tx, principal, 'app.grant.add', appRef(app));
        await tx.apps.insertGrant(grant);
        await events.emit(tx, ctx, {
          type: 'app.oauth2.admin.consent.grant',
          displayMessage: 'Admin consent granted for an Okta API scope',
          targets: [appTarget(app), scopeTarget(scopeId)],
        });
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw validationFailed([{ field: 'scopeId', message: `${scopeId} is already granted to ${app.label}` }]);
      throw error;
    }
    return grant;
  }

  async function revoke(ctx: EventContext, principal: Principal | undefined, appId: string, grantId: string): Promise<void> {
    assertSuperAdmin(principal);
    const grant = await get(appId, grantId);
    const app = await apps.find(grant.appId);
    await store.transaction(async (tx) => {
      await assertMayActOn(tx, principal, 'app.grant.revoke', appRef(app));
      if (!(await tx.apps.deleteGrant(app.id, grant.id))) throw grantNotFound(grantId);
      await events.emit(tx, ctx, {
        type: 'app.oauth2.admin.consent.revoke',
        displayMessage: 'Admin consent revoked for an Okta API scope',
        targets: [appTarget(app), scopeTarget(grant.scopeId)],
      });
    });
  }

  return { list, get, create, revoke };
}

export type GrantService = ReturnType<typeof createGrantService>;
