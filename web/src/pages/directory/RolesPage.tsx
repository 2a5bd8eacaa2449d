/**
 * Who holds which admin role. Users: Okta's `GET /api/v1/iam/assignees/users` lists the users
 * with role assignments (20 a page, the cursor in `_links.next`); for each, the user and its
 * roles (`GET /api/v1/users/{id}` and `…/roles`, direct or through a group) are read, and the
 * page's holders are shown grouped by role. Groups: there is no list of groups with roles, so
 * groups are listed 25 a page and each one's roles are read when asked ("Show roles of …").
 */
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { query } from '../../api/client';
import { usePaged, useQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { DataTable, PagedTable, Pager } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Empty, Loading, PageHeader, Section } from '../../components/ui';
import { useLinkPaged } from './hooks';
import { HeldThrough } from './Roles';
import { groupPath, nameOf, roleLabel, ROLE_TYPES, userPath, type DirectoryGroup, type DirectoryRole, type DirectoryUser } from './types';

export const ASSIGNEES_PATH = '/api/v1/iam/assignees/users';
export const ASSIGNEES_PAGE_SIZE = 20;
export const ROLE_GROUPS_PAGE_SIZE = 25;

/** One entry of the assignees list (Okta `RoleAssignedUser`). */
interface Assignee {
  readonly id: string;
  readonly orn?: string;
}

interface Holder {
  readonly user: DirectoryUser;
  readonly roles: readonly DirectoryRole[];
}

type Read = { readonly id: string; readonly holder: Holder } | { readonly id: string; readonly error: unknown };

/** The users of one page and their roles, read together (two requests a user). */
function useHolders(ids: readonly string[]): { reads: readonly Read[]; loading: boolean } {
  const { api } = useSession();
  const key = ids.join(',');
  const [state, setState] = useState<{ key: string; reads: readonly Read[] }>({ key: '', reads: [] });
  useEffect(() => {
    if (key === '') return;
    let live = true;
    const wanted = key.split(',');
    void Promise.all(
      wanted.map(async (id): Promise<Read> => {
        try {
          const [user, roles] = await Promise.all([api.get<DirectoryUser>(userPath(id)), api.get<DirectoryRole[]>(`${userPath(id)}/roles`)]);
          return { id, holder: { user, roles } };
        } catch (error) {
          return { id, error };
        }
      }),
    ).then((reads) => {
      if (live) setState({ key, reads });
    });
    return () => {
      live = false;
    };
  }, [api, key]);
  return { reads: state.key === key ? state.reads : [], loading: key !== '' && state.key !== key };
}

interface Row {
  readonly user: DirectoryUser;
  readonly role: DirectoryRole;
}

function byRole(holders: readonly Holder[]): { type: string; rows: Row[] }[] {
  const groups = new Map<string, Row[]>();
  for (const { user, roles } of holders) {
    for (const role of roles) {
      const rows = groups.get(role.type) ?? [];
      rows.push({ user, role });
      groups.set(role.type, rows);
    }
  }
  const order = (type: string) => {
    const index = (ROLE_TYPES as readonly string[]).indexOf(type);
    return index < 0 ? ROLE_TYPES.length : index;
  };
  return [...groups.entries()].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b)).map(([type, rows]) => ({ type, rows }));
}

function UserHolders() {
  const { may } = useSession();
  const allowed = may('GET', ASSIGNEES_PATH);
  const assignees = useLinkPaged<Assignee>(allowed ? `${ASSIGNEES_PATH}${query({ limit: ASSIGNEES_PAGE_SIZE })}` : null);
  const { reads, loading } = useHolders(assignees.items.map((a) => a.id));
  if (!allowed) {
    return (
      <Section title="Users holding roles">
        <Empty>Your admin roles do not let you list the users who hold roles.</Empty>
      </Section>
    );
  }
  const holders = reads.flatMap((r) => ('holder' in r ? [r.holder] : []));
  const failures = reads.flatMap((r) => ('error' in r ? [r] : []));
  const grouped = byRole(holders);
  return (
    <Section title="Users holding roles">
      <p className="muted">{ASSIGNEES_PAGE_SIZE} users a page, each under every role they hold: directly, or through a group they are in.</p>
      <ErrorNotice error={assignees.error} />
      {assignees.loading || loading ? (
        <Loading what="Reading who holds roles" />
      ) : assignees.error !== undefined ? null : assignees.items.length === 0 ? (
        <Empty>No user holds an admin role. Assign one on a user&apos;s page or a group&apos;s page.</Empty>
      ) : (
        <>
          {failures.map((f) => (
            <ErrorNotice key={f.id} error={f.error} />
          ))}
          {grouped.map(({ type, rows }) => (
            <div key={type}>
              <h3>
                {roleLabel(type)} <code className="muted">{type}</code>
              </h3>
              <DataTable
                caption={`Users holding ${roleLabel(type)}`}
                rows={rows}
                rowKey={(r) => r.role.id + r.user.id}
                empty="None on this page."
                columns={[
                  { header: 'User', cell: (r) => <Link href={`/users/${encodeURIComponent(r.user.id)}`}>{nameOf(r.user)}</Link> },
                  { header: 'Login', cell: (r) => r.user.profile.login },
                  { header: 'How held', cell: (r) => <HeldThrough role={r.role} /> },
                ]}
              />
            </div>
          ))}
        </>
      )}
      <Pager paged={{ ...assignees, loading: assignees.loading || loading }} label="Users holding roles" />
    </Section>
  );
}

function GroupRoles({ group }: { group: DirectoryGroup }) {
  const [shown, setShown] = useState(false);
  const roles = useQuery<DirectoryRole[]>(shown ? `${groupPath(group.id)}/roles` : null);
  const regionId = `group-roles-${group.id}`;
  return (
    <>
      <button type="button" aria-expanded={shown} aria-controls={regionId} onClick={() => setShown((s) => !s)}>
        {shown ? 'Hide' : 'Show'} roles of {group.profile.name}
      </button>
      <div id={regionId} aria-live="polite">
        {!shown ? null : roles.loading ? (
          <Loading what="Reading its roles" />
        ) : roles.data === undefined ? (
          <ErrorNotice error={roles.error} />
        ) : roles.data.length === 0 ? (
          <span className="muted">No admin role</span>
        ) : (
          <ul className="chips">
            {roles.data.map((r) => (
              <li key={r.id}>{roleLabel(r.type)}</li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function GroupHolders() {
  const groups = usePaged<DirectoryGroup>(`/api/v1/groups${query({ limit: ROLE_GROUPS_PAGE_SIZE })}`);
  return (
    <Section title="Groups holding roles">
      <p className="muted">
        There is no list of the groups that hold roles: groups are listed {ROLE_GROUPS_PAGE_SIZE} a page, and a group&apos;s roles are read when you ask for
        them. Every member of a group holds its roles.
      </p>
      <PagedTable
        paged={groups}
        caption="Groups"
        rowKey={(g) => g.id}
        empty="There are no groups."
        columns={[
          { header: 'Group', cell: (g) => <Link href={`/groups/${encodeURIComponent(g.id)}`}>{g.profile.name}</Link> },
          { header: 'Roles', cell: (g) => <GroupRoles group={g} /> },
        ]}
      />
    </Section>
  );
}

export function RolesPage() {
  const { may } = useSession();
  const mayRead = may('GET', '/api/v1/users/:userId/roles', { userId: 'x' });
  return (
    <>
      <PageHeader title="Admin roles" description="Who may administer Tessera, and through what." />
      {mayRead ? (
        <>
          <UserHolders />
          {may('GET', '/api/v1/groups') && may('GET', '/api/v1/groups/:groupId/roles', { groupId: 'x' }) ? <GroupHolders /> : null}
        </>
      ) : (
        <Empty>Your admin roles do not let you read role assignments.</Empty>
      )}
    </>
  );
}
