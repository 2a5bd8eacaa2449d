/**
 * The admin roles of a user or of a group (`GET/POST/DELETE /api/v1/{users|groups}/{id}/roles`).
 * A user's list includes the roles it holds through its groups (`assignmentType: GROUP`, the
 * group as `_links.assignee`); only direct assignments can be removed from the user.
 */
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { usePaged, useAction, useQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { PagedTable } from '../../components/DataTable';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/Field';
import { Section, Time } from '../../components/ui';
import { assigneeId, groupPath, roleLabel, ROLE_LABELS, ROLE_TYPES, userPath, type DirectoryGroup, type DirectoryRole, type RoleType } from './types';

/** A group's name, read on its own (as a link to its page). */
export function GroupName({ groupId }: { groupId: string }) {
  const { may } = useSession();
  const group = useQuery<DirectoryGroup>(may('GET', '/api/v1/groups/:groupId') ? groupPath(groupId) : null);
  return <Link href={`/groups/${encodeURIComponent(groupId)}`}>{group.data?.profile.name ?? groupId}</Link>;
}

/** How a role is held, in words, with a link to the group it comes through. */
export function HeldThrough({ role }: { role: DirectoryRole }) {
  if (role.assignmentType === 'USER') return <>Directly</>;
  if (role.assignmentType === 'GROUP') {
    const groupId = assigneeId(role, 'groups');
    return groupId === undefined ? (
      <>Through a group</>
    ) : (
      <>
        Through group <GroupName groupId={groupId} />
      </>
    );
  }
  return <>{role.assignmentType}</>;
}

/** `changed` counts changes made elsewhere on the page that move roles (a user joining a group): each reads the roles again. */
export function RolesSection({ kind, id, name, changed = 0 }: { kind: 'user' | 'group'; id: string; name: string; changed?: number }) {
  const { api, may } = useSession();
  const params = kind === 'user' ? { userId: id } : { groupId: id };
  const base = kind === 'user' ? `${userPath(id)}/roles` : `${groupPath(id)}/roles`;
  const pattern = kind === 'user' ? '/api/v1/users/:userId/roles' : '/api/v1/groups/:groupId/roles';
  const mayRead = may('GET', pattern, params);
  const mayAssign = may('POST', pattern, params);
  const mayRemove = may('DELETE', `${pattern}/:roleAssignmentId`, { ...params, roleAssignmentId: 'x' });
  const roles = usePaged<DirectoryRole>(mayRead ? base : null);
  const { reload } = roles;
  const seen = useRef(changed);
  useEffect(() => {
    if (seen.current === changed) return;
    seen.current = changed;
    reload();
  }, [changed, reload]);
  const [type, setType] = useState<RoleType>('READ_ONLY_ADMIN');
  const [done, setDone] = useState<string | undefined>(undefined);
  const assign = useAction(async (roleType: RoleType) => {
    await api.post<DirectoryRole>(base, { type: roleType });
    setDone(`${ROLE_LABELS[roleType]} assigned to ${name}.`);
    roles.reload();
  });
  const remove = useAction(async (role: DirectoryRole) => {
    await api.delete(`${base}/${encodeURIComponent(role.id)}`);
    setDone(`${role.label} removed from ${name}.`);
    roles.reload();
  });
  if (!mayRead) return null;
  return (
    <Section title="Admin roles">
      {kind === 'group' ? <p className="muted">Every member of this group holds the group&apos;s roles.</p> : null}
      {done !== undefined ? <SuccessNotice>{done}</SuccessNotice> : null}
      <ErrorNotice error={remove.error} onDismiss={remove.clear} />
      <PagedTable
        paged={roles}
        caption={`Admin roles of ${name}`}
        rowKey={(r) => r.id}
        empty={`${kind === 'user' ? 'This user holds no admin role' : 'This group holds no admin role'}${mayAssign ? `: assign one below to let ${kind === 'user' ? 'them' : 'its members'} administer Tessera.` : '.'}`}
        columns={[
          {
            header: 'Role',
            cell: (r) => (
              <>
                {roleLabel(r.type)} <code className="muted">{r.type}</code>
              </>
            ),
          },
          ...(kind === 'user' ? [{ header: 'How held', cell: (r: DirectoryRole) => <HeldThrough role={r} /> }] : []),
          { header: 'Assigned', cell: (r) => <Time iso={r.created} /> },
          ...(mayRemove
            ? [
                {
                  header: 'Actions',
                  cell: (r: DirectoryRole) =>
                    r.assignmentType === (kind === 'user' ? 'USER' : 'GROUP') ? (
                      <ConfirmButton
                        label={`Remove ${roleLabel(r.type)}`}
                        question={`Remove the role ${roleLabel(r.type)} from ${name}? ${kind === 'group' ? 'Its members lose it unless they hold it otherwise.' : 'They lose what it lets them do at their next request.'}`}
                        disabled={remove.busy}
                        onConfirm={() => {
                          setDone(undefined);
                          void remove.run(r);
                        }}
                      />
                    ) : (
                      <span className="muted">Remove it from the group, or the user from the group</span>
                    ),
                },
              ]
            : []),
        ]}
      />
      {mayAssign ? (
        <form
          className="toolbar"
          style={{ marginTop: '1rem' }}
          onSubmit={(e) => {
            e.preventDefault();
            setDone(undefined);
            void assign.run(type);
          }}
        >
          <SelectField label="Role to assign" value={type} onChange={setType} options={ROLE_TYPES.map((t) => ({ value: t, label: ROLE_LABELS[t] }))} />
          <button type="submit" className="primary" disabled={assign.busy}>
            {assign.busy ? 'Assigning…' : 'Assign role'}
          </button>
        </form>
      ) : null}
      <ErrorNotice error={assign.error} onDismiss={assign.clear} />
    </Section>
  );
}
