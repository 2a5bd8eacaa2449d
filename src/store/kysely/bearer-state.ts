/**
 * The live state behind a Bearer access token in one statement: a UNION ALL of one-column
 * lookups tagged by kind (revocation, app status, grants, user status and login, roles), portable
 * between SQLite and PostgreSQL. Each branch uses the index its own query used (primary keys,
 * `app_grants.app_id`, the role-assignment principal index, `group_members.user_id`).
 *
 * It runs on every Bearer request, so the statement is built and compiled once per shape (client
 * or user token) with placeholder values, and later calls only fill in the parameters: building
 * and compiling a five-branch query costs more than running it.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { BearerState, BearerStateRepository } from '../oauth-store.js';

interface Lookup {
  readonly jti: string;
  readonly appId: string;
  readonly userId: string | undefined;
}

type Slot = { readonly value: unknown } | { readonly from: keyof Lookup };

interface Template {
  readonly sql: string;
  readonly slots: readonly Slot[];
}

/** Stand-ins compiled into the template, recognised among its parameters and replaced per call. */
const PLACEHOLDER: Readonly<Record<keyof Lookup, string>> = { jti: '\u0000jti', appId: '\u0000appId', userId: '\u0000userId' };

/** A constant tag for a branch (inlined: constants only, never input). */
const tag = (kind: string) => sql<string>`${sql.lit(kind)}`.as('k');

function build(db: Kysely<Database>, q: Lookup) {
  const common = db
    .selectFrom('revoked_tokens')
    .select([tag('revoked'), 'jti as v'])
    .where('jti', '=', q.jti)
    .unionAll(
      db
        .selectFrom('apps')
        .select([tag('app'), 'status as v'])
        .where('id', '=', q.appId),
    )
    .unionAll(
      db
        .selectFrom('app_grants')
        .select([tag('grant'), 'scope_id as v'])
        .where('app_id', '=', q.appId),
    );
  const userId = q.userId;
  if (userId === undefined) {
    return common.unionAll(
      db
        .selectFrom('role_assignments')
        .select([tag('role'), 'role_type as v'])
        .where('principal_type', '=', 'CLIENT')
        .where('principal_id', '=', q.appId),
    );
  }
  return common
    .unionAll(
      db
        .selectFrom('users')
        .select([tag('status'), 'status as v'])
        .where('id', '=', userId),
    )
    .unionAll(
      db
        .selectFrom('users')
        .select([tag('login'), 'login as v'])
        .where('id', '=', userId),
    )
    .unionAll(
      // As RoleRepository.roleTypesOfUser: assigned to the user, or to a group the user is in.
      db
        .selectFrom('role_assignments')
        .select([tag('role'), 'role_type as v'])
        .where((eb) =>
          eb.or([
            eb.and([eb('principal_type', '=', 'USER'), eb('principal_id', '=', userId)]),
            eb.and([
              eb('principal_type', '=', 'GROUP'),
              eb('principal_id', 'in', eb.selectFrom('group_members').select('group_id').where('user_id', '=', userId)),
            ]),
          ]),
        ),
    );
}

function template(db: Kysely<Database>, forUser: boolean): Template {
  const compiled = build(db, { jti: PLACEHOLDER.jti, appId: PLACEHOLDER.appId, userId: forUser ? PLACEHOLDER.userId : undefined }).compile();
  const named = new Map(Object.entries(PLACEHOLDER).map(([key, value]) => [value, key as keyof Lookup]));
  const slots = compiled.parameters.map((value): Slot => {
    const from = typeof value === 'string' ? named.get(value) : undefined;
    return from === undefined ? { value } : { from };
  });
  return { sql: compiled.sql, slots };
}

export class KyselyBearerStateRepository implements BearerStateRepository {
  private readonly templates = new Map<boolean, Template>();

  constructor(private readonly db: Kysely<Database>) {}

  async read(query: Lookup): Promise<BearerState> {
    const forUser = query.userId !== undefined;
    let t = this.templates.get(forUser);
    if (t === undefined) {
      t = template(this.db, forUser);
      this.templates.set(forUser, t);
    }
    const parameters = t.slots.map((slot) => ('from' in slot ? query[slot.from] : slot.value));
    const { rows } = await this.db.executeQuery<{ k: string; v: unknown }>(CompiledQuery.raw(t.sql, parameters));
    const values = (kind: string): string[] => rows.filter((r) => r.k === kind).map((r) => String(r.v));
    const status = values('status')[0];
    const login = values('login')[0];
    return {
      revoked: values('revoked').length > 0,
      appStatus: values('app')[0],
      grantedScopes: values('grant'),
      user: status === undefined || login === undefined ? undefined : { status, login },
      roles: [...new Set(values('role'))],
    };
  }
}
