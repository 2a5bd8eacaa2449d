/**
 * Users: creation, lookup, listing, profile updates and deletion (Okta `User` API). The status
 * machine lives in `lifecycle.ts`. Every write runs in one transaction with its events, and a
 * refused request writes nothing: input is checked before the first write, and a check that
 * needs the database (group ids, the login's uniqueness) rolls the transaction back.
 */
import type { Principal } from '../../auth/principal.js';
import { assertMayActOn } from '../../auth/target-guard.js';
import type { CallerRights } from '../../auth/target-rules.js';
import { isoAt } from '../../clock.js';
import { isId, newId } from '../../crypto/random-id.js';
import { DomainError, invalid, invalidState, notFound, type ErrorCause } from '../../errors/domain-error.js';
import { userTarget, type EventContext } from '../../events/event-bus.js';
import type { FilterNode } from '../../filter/index.js';
import { textOf, type GroupRecord, type JsonObject, type UserRecord, type UserStatus } from '../../store/records.js';
import { UniqueViolation, type Store } from '../../store/store.js';
import type { ManagementDeps } from '../deps.js';
import { groupTarget } from '../groups/log-targets.js';
import { userRef } from './target.js';
import { USER_FILTER_POLICY, USER_SEARCH_POLICY, parseUserExpression } from './filters.js';
import { createUserLifecycle, type LifecycleOperation } from './lifecycle.js';
import { cleanProfile, passwordProblems, profileProblems } from './profile.js';
import type { UserInput } from './schemas.js';

export type { LifecycleOperation } from './lifecycle.js';

const LOGIN_TAKEN: ErrorCause = { field: 'login', message: 'An object with this field already exists in the current organization' };

/** Okta's default list leaves deactivated users out; `filter` and `search` include them. */
const DEFAULT_EXCLUDED: readonly UserStatus[] = ['DEPROVISIONED'];

export interface CreateOptions {
  /** `?activate=` (Okta default true). */
  readonly activate: boolean;
  /** `?nextLogin=changePassword`: the user must change the password at first sign-in. */
  readonly nextLogin?: 'changePassword' | undefined;
}

export interface ListRequest {
  readonly q?: string | undefined;
  readonly filter?: string | undefined;
  readonly search?: string | undefined;
  readonly sortBy?: string | undefined;
  readonly sortOrder?: string | undefined;
  readonly after?: string | undefined;
  readonly limit: number;
}

export interface UserPage {
  readonly users: readonly UserRecord[];
  /** Cursor of the next page; undefined on the last page (never set on an empty page). */
  readonly next: string | undefined;
}

function passwordOf(input: UserInput): string | undefined {
  const value = input.credentials?.password?.value;
  return typeof value === 'string' ? value : undefined;
}

function validationFailed(causes: readonly ErrorCause[]): DomainError {
  const fields = [...new Set(causes.map((c) => c.field ?? ''))].join(', ');
  return invalid(fields, causes);
}

export type UserServiceDeps = Pick<ManagementDeps, 'store' | 'clock' | 'events' | 'passwordHasher'>;

export function createUserService(deps: UserServiceDeps) {
  const { store, clock, events, passwordHasher } = deps;
  const lifecycleOf = createUserLifecycle(deps);

  async function checkPassword(password: string, login: string | undefined): Promise<string> {
    const problems = passwordProblems(password, login);
    if (problems.length > 0) throw validationFailed(problems);
    return passwordHasher.hash(password);
  }

  function createdStatus(options: CreateOptions, hasPassword: boolean): UserStatus {
    // Okta's Users API, "User creation scenarios": activate=false → STAGED; with a password → ACTIVE;
    // without one → PROVISIONED (the user finishes activation through the emailed link).
    if (!options.activate) return 'STAGED';
    if (!hasPassword) return 'PROVISIONED';
    return options.nextLogin === 'changePassword' ? 'PASSWORD_EXPIRED' : 'ACTIVE';
  }

  /** The groups of `groupIds`, or a 400 naming every one that does not exist. */
  async function groupsNamed(tx: Store, groupIds: readonly string[]): Promise<GroupRecord[]> {
    const groups: GroupRecord[] = [];
    const missing: ErrorCause[] = [];
    for (const groupId of groupIds) {
      const group = isId('group', groupId) ? await tx.groups.get(groupId) : undefined;
      if (group === undefined) missing.push({ field: 'groupIds', message: `Group ${groupId} not found` });
      else groups.push(group);
    }
    if (missing.length > 0) throw invalid('groupIds', missing);
    return groups;
  }

  async function joinGroup(tx: Store, ctx: EventContext, user: UserRecord, group: GroupRecord, at: string): Promise<void> {
    if (!(await tx.groups.addMember(group.id, user.id, at))) return;
    const name = textOf(group.profile['name'], group.id);
    await events.emit(tx, ctx, {
      type: 'group.user_membership.add',
      displayMessage: 'Add user to group membership',
      targets: [userTarget(user), { id: group.id, type: 'UserGroup', alternateId: name, displayName: name, detailEntry: null }],
    });
  }

  /**
   * `groupIds` names groups: joining one is the same change as `PUT /api/v1/groups/{id}/users/{userId}`,
   * so it passes the same target rule (a group that grants admin roles needs a caller holding them).
   */
  async function create(ctx: EventContext, caller: CallerRights | undefined, input: UserInput, options: CreateOptions): Promise<UserRecord> {
    const profile = cleanProfile(input.profile ?? {});
    const problems = profileProblems(profile);
    if (problems.length > 0) throw validationFailed(problems);
    const login = textOf(profile['login']);
    const password = passwordOf(input);
    if (options.nextLogin === 'changePassword') {
      if (password === undefined) {
        throw new DomainError(
          'invalid',
          'user.next_login_needs_password',
          'To create a user and expire their password immediately, a password must be specified',
        );
      }
      if (!options.activate) {
        throw new DomainError('invalid', 'user.next_login_needs_activation', 'To create a user and expire their password immediately, "activate" must be true');
      }
    }
    const passwordHash = password === undefined ? null : await checkPassword(password, login);
    const now = isoAt(clock.now());
    const status = createdStatus(options, passwordHash !== null);
    const user: UserRecord = {
      id: newId('user'),
      status,
      profile,
      passwordHash,
      created: now,
      activated: options.activate ? now : null,
      statusChanged: options.activate ? now : null,
      lastLogin: null,
      lastUpdated: now,
      passwordChanged: passwordHash !== null ? now : null,
      version: 1,
    };
    const groupIds = [...new Set(input.groupIds ?? [])];
    try {
      await store.transaction(async (tx) => {
        const groups = await groupsNamed(tx, groupIds);
        for (const group of groups) {
          await assertMayActOn(tx, caller, 'group.membership.add', {
            kind: 'group',
            id: group.id,
            label: textOf(group.profile['name'], group.id),
            logTarget: groupTarget(group),
          });
        }
        await tx.users.insert(user);
        await events.emit(tx, ctx, { type: 'user.lifecycle.create', displayMessage: 'Create okta user', targets: [userTarget(user)] });
        if (options.activate) {
          await events.emit(tx, ctx, { type: 'user.lifecycle.activate', displayMessage: 'Activate Okta user', targets: [userTarget(user)] });
        }
        for (const group of groups) await joinGroup(tx, ctx, user, group, now);
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw validationFailed([LOGIN_TAKEN]);
      throw error;
    }
    return user;
  }

  /**
   * By id, by login, or `me` (the caller). Okta accepts a login wherever an id goes; a value
   * shaped like an id that matches no id is tried as a login too. Unknown → 404 naming it.
   */
  async function resolve(idOrLogin: string, principal: Principal | undefined): Promise<UserRecord> {
    let user: UserRecord | undefined;
    if (idOrLogin === 'me') {
      user = principal?.subject.kind === 'user' ? await store.users.get(principal.subject.userId) : undefined;
    } else {
      if (isId('user', idOrLogin)) user = await store.users.get(idOrLogin);
      user ??= await store.users.getByLogin(idOrLogin);
    }
    if (user === undefined) throw notFound(`Resource not found: ${idOrLogin} (User)`);
    return user;
  }

  /**
   * POST (partial: the given profile attributes are merged in) or PUT (replace: attributes left
   * out are removed). Only `profile` and `credentials.password.value` are applied; anything else
   * a client echoes back from a GET is ignored. A deactivated user cannot be edited (Okta E0000038).
   */
  async function update(ctx: EventContext, idOrLogin: string, input: UserInput, mode: 'partial' | 'replace', principal?: Principal): Promise<UserRecord> {
    const current = await resolve(idOrLogin, principal);
    const incoming = cleanProfile(input.profile ?? {});
    const merge = (base: JsonObject): JsonObject => (mode === 'partial' || input.profile === undefined ? { ...base, ...incoming } : incoming);
    const checkable = (user: UserRecord): JsonObject => {
      if (user.status === 'DEPROVISIONED') throw invalidState('user.status_forbids', "This operation is not allowed in the user's current status.");
      const profile = merge(user.profile);
      const problems = profileProblems(profile);
      if (problems.length > 0) throw validationFailed(problems);
      return profile;
    };
    // Checked once before hashing (so that a bad profile is reported first and cheaply), and
    // again on the locked row, whose profile may have moved on in between.
    const login = textOf(checkable(current)['login']);
    const password = passwordOf(input);
    const passwordHash = password === undefined ? undefined : await checkPassword(password, login);
    const now = isoAt(clock.now());
    try {
      return await store.transaction(async (tx) => {
        await assertMayActOn(tx, principal, 'user.profile.update', userRef(current));
        if (passwordHash !== undefined) await assertMayActOn(tx, principal, 'user.password.set', userRef(current));
        const updated = await tx.users.update(current.id, (user) => ({
          ...user,
          profile: checkable(user),
          lastUpdated: now,
          ...(passwordHash !== undefined ? { passwordHash, passwordChanged: now } : {}),
        }));
        if (updated === undefined) throw notFound(`Resource not found: ${idOrLogin} (User)`);
        await events.emit(tx, ctx, { type: 'user.account.update_profile', displayMessage: 'Update user profile for Okta', targets: [userTarget(updated)] });
        if (passwordHash !== undefined) {
          await events.emit(tx, ctx, { type: 'user.account.update_password', displayMessage: 'Update password for user', targets: [userTarget(updated)] });
        }
        return updated;
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw validationFailed([LOGIN_TAKEN]);
      throw error;
    }
  }

  async function lifecycle(ctx: EventContext, idOrLogin: string, op: LifecycleOperation, principal?: Principal): Promise<UserRecord> {
    const user = await resolve(idOrLogin, principal);
    return lifecycleOf.apply(ctx, principal, user.id, op);
  }

  /** Okta: DELETE on a user that is not deactivated deactivates it; on a deactivated user, deletes it. */
  async function remove(ctx: EventContext, idOrLogin: string, principal?: Principal): Promise<void> {
    const user = await resolve(idOrLogin, principal);
    if (user.status !== 'DEPROVISIONED') {
      await lifecycleOf.apply(ctx, principal, user.id, 'deactivate');
      return;
    }
    await store.transaction(async (tx) => {
      await assertMayActOn(tx, principal, 'user.delete', userRef(user));
      await tx.roles.deleteAllFor('USER', user.id);
      if (!(await tx.users.delete(user.id))) throw notFound(`Resource not found: ${idOrLogin} (User)`);
      await events.emit(tx, ctx, { type: 'user.lifecycle.delete.completed', displayMessage: 'Delete Okta user', targets: [userTarget(user)] });
    });
  }

  /** One page of users, by `q`, `filter` or `search` (at most one of them), after a cursor. */
  async function list(request: ListRequest): Promise<UserPage> {
    const given = [request.q, request.filter, request.search].filter((v) => v !== undefined).length;
    if (given > 1) throw new DomainError('invalid_search', 'search.filter_and_search', "Can't specify more than one of q, filter and search");
    if (request.after !== undefined && !isId('user', request.after)) {
      throw new DomainError('invalid_search', 'invalid_search', 'after: the cursor is not valid; use the next link of the previous page');
    }
    // Pages are ordered by id (the cursor); other orders are not offered yet, and saying so beats
    // returning an order the caller did not ask for.
    if (request.sortBy !== undefined && request.sortBy !== 'id') {
      throw new DomainError('invalid_search', 'invalid_search', `sortBy: only "id" is supported, not ${JSON.stringify(request.sortBy)}`);
    }
    if (request.sortOrder !== undefined && !/^asc(ending)?$/i.test(request.sortOrder)) {
      throw new DomainError('invalid_search', 'invalid_search', 'sortOrder: only ascending order is supported');
    }
    const filter: FilterNode | undefined =
      request.filter !== undefined
        ? parseUserExpression(request.filter, USER_FILTER_POLICY, 'filter')
        : request.search !== undefined
          ? parseUserExpression(request.search, USER_SEARCH_POLICY, 'search')
          : undefined;
    // Okta: `q` is not paginated (it returns the first `limit` matches and no next link).
    const paged = request.q === undefined;
    const rows = await store.users.list({
      filter,
      q: request.q,
      after: paged ? request.after : undefined,
      limit: paged ? request.limit + 1 : request.limit,
      excludeStatuses: filter === undefined ? DEFAULT_EXCLUDED : [],
    });
    const users = rows.slice(0, request.limit);
    const last = users.at(-1);
    return { users, next: paged && rows.length > request.limit && last !== undefined ? last.id : undefined };
  }

  return { create, resolve, update, lifecycle, remove, list };
}

export type UserService = ReturnType<typeof createUserService>;
