/**
 * Every start: the org row, the admin console's OIDC client (console/console-app.ts, brought up to
 * date on an upgrade or a new org URL), and the first SUPER_ADMIN when TESSERA_ADMIN_EMAIL and
 * TESSERA_ADMIN_PASSWORD are set. Idempotent: starting again creates nothing twice.
 */
import { isoAt, type Clock } from './clock.js';
import { newId, randomBase62 } from './crypto/random-id.js';
import { systemContext } from './events/event-bus.js';
import { SYSTEM_CALLER } from './auth/target-rules.js';
import type { UserService } from './management/users/service.js';
import type { EventBus } from './events/event-bus.js';
import type { Store } from './store/store.js';
import { DomainError } from './errors/domain-error.js';
import { ensureConsoleApp, type ConsoleAppResult } from './console/console-app.js';

export interface BootstrapResult {
  readonly orgCreated: boolean;
  readonly adminCreated: boolean;
  /** True when no SUPER_ADMIN exists: the operator must create one. */
  readonly needsAdmin: boolean;
  /** The admin console's app: made, restored or left as it was, and the scopes granted now. */
  readonly consoleApp: ConsoleAppResult;
}

export async function ensureOrg(store: Store, clock: Clock, tokenWindow: string): Promise<boolean> {
  const existing = await store.org.get();
  if (existing !== undefined) return false;
  await store.org.ensure({ id: '00o' + randomBase62(17), created: isoAt(clock.now()), tokenWindow });
  return true;
}

/** What first start and `admin create` work through: the node's user service (compose.ts), or the CLI's. */
export interface BootstrapDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly users: UserService;
}

/** Creates an ACTIVE user with the SUPER_ADMIN role (CLI `admin create` and first start). */
export async function createSuperAdmin(deps: BootstrapDeps, email: string, password: string) {
  const { store, clock, events, users } = deps;
  const local = email.split('@')[0] ?? email;
  const user = await users.create(
    systemContext(),
    SYSTEM_CALLER,
    { profile: { login: email, email, firstName: local, lastName: 'Admin' }, credentials: { password: { value: password } } },
    { activate: true },
  );
  const now = isoAt(clock.now());
  await store.transaction(async (tx) => {
    await tx.roles.insert({
      id: newId('roleAssignment'),
      principalType: 'USER',
      principalId: user.id,
      roleType: 'SUPER_ADMIN',
      created: now,
      lastUpdated: now,
    });
    await events.emit(tx, systemContext(), {
      type: 'user.account.privilege.grant',
      displayMessage: 'Grant user privilege',
      targets: [{ id: user.id, type: 'User', alternateId: email, displayName: email, detailEntry: null }],
    });
  });
  return user;
}

export async function bootstrap(
  deps: BootstrapDeps,
  options: { tokenWindow: string; orgUrl: string; admin: { email: string; password: string } | undefined },
): Promise<BootstrapResult> {
  const { store, clock } = deps;
  const orgCreated = await ensureOrg(store, clock, options.tokenWindow);
  const consoleApp = await ensureConsoleApp({ store, clock, events: deps.events, orgUrl: options.orgUrl });
  let adminCreated = false;
  if (options.admin !== undefined && (await store.users.getByLogin(options.admin.email)) === undefined) {
    try {
      await createSuperAdmin(deps, options.admin.email, options.admin.password);
      adminCreated = true;
    } catch (error) {
      // Another node created it at the same moment.
      if (!(error instanceof DomainError)) throw error;
    }
  }
  const needsAdmin = (await store.roles.countActiveUsersWithRole('SUPER_ADMIN')) === 0;
  return { orgCreated, adminCreated, needsAdmin, consoleApp };
}
