/**
 * Target rules against the store: reads what the target holds inside the caller's transaction
 * (so the check and the change see the same rows) and refuses with AccessDenied. Every service
 * that changes an existing user, group or app calls `assertMayActOn` before it writes.
 */
import type { Store } from '../store/store.js';
import type { LogTarget } from '../store/records.js';
import { AccessDenied } from './access-denied.js';
import { isFirstPartyAppName } from './first-party-apps.js';
import { decideOnTarget, TARGET_RULES, type CallerRights, type TargetFacts, type TargetOperation } from './target-rules.js';

/** The target as a service knows it: which object, and how it appears in the System Log. */
export interface TargetRef {
  readonly kind: 'user' | 'group' | 'app';
  readonly id: string;
  readonly label: string;
  readonly logTarget: LogTarget;
}

/** Whether the app is one of Tessera's own, by the name of its record (which no API changes). */
async function isFirstPartyApp(tx: Store, appId: string): Promise<boolean> {
  const app = await tx.apps.get(appId);
  return app !== undefined && isFirstPartyAppName(app.name);
}

/** What `ref` holds now: its roles (a user's include its groups'), an app's grants and client roles, and whether it is Tessera's own. */
export async function factsOf(tx: Store, ref: TargetRef): Promise<TargetFacts> {
  switch (ref.kind) {
    case 'user':
      return { kind: 'user', label: ref.label, roles: await tx.roles.roleTypesOfUser(ref.id) };
    case 'group':
      return { kind: 'group', label: ref.label, roles: (await tx.roles.listFor('GROUP', ref.id)).map((a) => a.roleType) };
    case 'app': {
      const firstParty = await isFirstPartyApp(tx, ref.id);
      const grants = await tx.apps.listGrants(ref.id);
      const roles = await tx.roles.listFor('CLIENT', ref.id);
      return { kind: 'app', label: ref.label, grantedScopes: grants.map((g) => g.scopeId), clientRoles: roles.map((r) => r.roleType), firstParty };
    }
  }
}

/**
 * Refuses (403 E0000006, nothing written) unless `caller` may perform `operation` on `ref`.
 * An unauthenticated caller (no principal) may perform no guarded operation. An open operation
 * reads nothing, unless it acts on an app: one read tells whether the app is Tessera's own.
 */
export async function assertMayActOn(tx: Store, caller: CallerRights | undefined, operation: TargetOperation, ref: TargetRef): Promise<void> {
  if (!TARGET_RULES[operation].guarded && !(ref.kind === 'app' && (await isFirstPartyApp(tx, ref.id)))) return;
  if (caller === undefined) throw new AccessDenied('target.escalation', 'The caller is not authenticated', [ref.logTarget]);
  const decision = decideOnTarget(caller, operation, await factsOf(tx, ref));
  if (!decision.allow) throw new AccessDenied('target.escalation', decision.reason, [ref.logTarget]);
}
