/**
 * One group: its profile (`PUT /api/v1/groups/{id}` replaces it whole, so custom attributes are
 * sent back as they are), deletion, members (25 a page, `GET /api/v1/groups/{id}/users`; added
 * by a user search and removed one by one) and admin roles. Only OKTA_GROUPs change through
 * the API, and BUILT_IN ones (Everyone) are never deleted (src/management/groups/service.ts).
 */
import { Fragment, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { query } from '../../api/client';
import { useAction, usePaged, useQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { PagedTable } from '../../components/DataTable';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { Loading, PageHeader, Section, Status, Time } from '../../components/ui';
import type { PageProps } from '../../routes';
import { param } from '../../routes';
import { Finder, useOpenFocus } from './parts';
import { RolesSection } from './Roles';
import { groupPath, nameOf, type DirectoryGroup, type DirectoryUser } from './types';

export const MEMBERS_PAGE_SIZE = 25;

function ProfileSection({ group, reload }: { group: DirectoryGroup; reload: () => void }) {
  const { api, may } = useSession();
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const focus = useOpenFocus(editing);
  const save = useAction(async () => {
    const { description: _old, ...rest } = group.profile;
    const text = description.trim();
    await api.put<DirectoryGroup>(groupPath(group.id), { profile: { ...rest, name: name.trim(), ...(text !== '' ? { description: text } : {}) } });
    setEditing(false);
    setDone(true);
    reload();
  });
  const mayEdit = group.type === 'OKTA_GROUP' && may('PUT', '/api/v1/groups/:groupId', { groupId: group.id });
  const others = Object.entries(group.profile).filter(([key]) => key !== 'name' && key !== 'description');
  return (
    <Section
      title="Profile"
      actions={
        mayEdit && !editing ? (
          <button
            type="button"
            ref={focus.button}
            onClick={() => {
              setName(group.profile.name);
              setDescription(group.profile.description ?? '');
              setDone(false);
              save.clear();
              setEditing(true);
            }}
          >
            Edit profile
          </button>
        ) : undefined
      }
    >
      {done ? <SuccessNotice>Profile saved.</SuccessNotice> : null}
      {editing ? (
        <form
          ref={focus.form}
          onSubmit={(e) => {
            e.preventDefault();
            void save.run();
          }}
        >
          <TextField label="Name" value={name} onChange={setName} required />
          <TextField label="Description" value={description} onChange={setDescription} hint="Leave it empty to remove it." />
          <ErrorNotice error={save.error} onDismiss={save.clear} />
          <div className="actions">
            <button type="submit" className="primary" disabled={save.busy}>
              {save.busy ? 'Saving…' : 'Save profile'}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <dl className="facts">
          <dt>Name</dt>
          <dd>{group.profile.name}</dd>
          <dt>Description</dt>
          <dd>{group.profile.description ?? <span className="muted">None</span>}</dd>
          {others.map(([key, value]) => (
            <div key={key} style={{ display: 'contents' }}>
              <dt>
                <code>{key}</code>
              </dt>
              <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
            </div>
          ))}
          <dt>Type</dt>
          <dd>
            <code>{group.type}</code>
          </dd>
          <dt>Created</dt>
          <dd>
            <Time iso={group.created} />
          </dd>
          <dt>Last updated</dt>
          <dd>
            <Time iso={group.lastUpdated} />
          </dd>
          <dt>Members changed</dt>
          <dd>
            <Time iso={group.lastMembershipUpdated} />
          </dd>
          <dt>Group id</dt>
          <dd>
            <code>{group.id}</code>
          </dd>
        </dl>
      )}
    </Section>
  );
}

function MembersSection({ group }: { group: DirectoryGroup }) {
  const { api, may } = useSession();
  const [done, setDone] = useState<string | undefined>(undefined);
  const members = usePaged<DirectoryUser>(`${groupPath(group.id)}/users${query({ limit: MEMBERS_PAGE_SIZE })}`);
  const okta = group.type === 'OKTA_GROUP';
  const params = { groupId: group.id, userId: 'x' };
  const mayAdd = okta && may('PUT', '/api/v1/groups/:groupId/users/:userId', params) && may('GET', '/api/v1/users');
  const mayRemove = okta && may('DELETE', '/api/v1/groups/:groupId/users/:userId', params);
  const memberPath = (user: DirectoryUser) => `${groupPath(group.id)}/users/${encodeURIComponent(user.id)}`;
  const add = useAction(async (user: DirectoryUser) => {
    setDone(undefined);
    await api.put(memberPath(user), undefined);
    setDone(`${user.profile.login} added to ${group.profile.name}.`);
    members.reload();
  });
  const remove = useAction(async (user: DirectoryUser) => {
    setDone(undefined);
    await api.delete(memberPath(user));
    setDone(`${user.profile.login} removed from ${group.profile.name}.`);
    members.reload();
  });
  return (
    <Section title="Members">
      {done !== undefined ? <SuccessNotice>{done}</SuccessNotice> : null}
      <ErrorNotice error={remove.error} onDismiss={remove.clear} />
      <PagedTable
        paged={members}
        caption={`Members of ${group.profile.name}`}
        rowKey={(u) => u.id}
        empty={mayAdd ? 'This group has no members. Find a user below to add them.' : 'This group has no members.'}
        columns={[
          { header: 'Name', cell: (u) => nameOf(u) },
          { header: 'Login', cell: (u) => <Link href={`/users/${encodeURIComponent(u.id)}`}>{u.profile.login}</Link> },
          { header: 'Status', cell: (u) => <Status value={u.status} /> },
          ...(mayRemove
            ? [
                {
                  header: 'Actions',
                  cell: (u: DirectoryUser) => (
                    <ConfirmButton
                      label={`Remove ${u.profile.login}`}
                      question={`Remove ${u.profile.login} from ${group.profile.name}? They lose any admin role the group gives them.`}
                      disabled={remove.busy}
                      onConfirm={() => void remove.run(u)}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {mayAdd ? (
        <div style={{ marginTop: '1rem' }}>
          <Finder<DirectoryUser>
            label="Find a user"
            hint="The start of a first name, last name or email."
            pathOf={(q, limit) => `/api/v1/users${query({ q, limit })}`}
            rowKey={(u) => u.id}
            describe={(u) => `${nameOf(u)} (${u.profile.login})`}
            empty={(q) => `No user's name or email starts with "${q}".`}
            action={(u) => (
              <button type="button" disabled={add.busy} onClick={() => void add.run(u)}>
                Add {u.profile.login}
              </button>
            )}
          />
          <ErrorNotice error={add.error} onDismiss={add.clear} />
        </div>
      ) : null}
    </Section>
  );
}

export function GroupPage(props: PageProps) {
  const groupId = param(props, 'groupId');
  const { api, may } = useSession();
  const [, navigate] = useLocation();
  const group = useQuery<DirectoryGroup>(groupPath(groupId));
  const remove = useAction(async () => {
    await api.delete(groupPath(groupId));
    navigate('/groups');
  });
  if (group.data === undefined) {
    return (
      <>
        <PageHeader title="Group" description={<Link href="/groups">Back to groups</Link>} />
        {group.loading ? <Loading what="Reading the group" /> : <ErrorNotice error={group.error} />}
      </>
    );
  }
  const g = group.data;
  const mayDelete = g.type !== 'BUILT_IN' && may('DELETE', '/api/v1/groups/:groupId', { groupId: g.id });
  return (
    <>
      <PageHeader
        title={g.profile.name}
        description={
          <>
            {g.profile.description ?? 'Group'} · <Link href="/groups">Back to groups</Link>
          </>
        }
        actions={
          mayDelete ? (
            <ConfirmButton
              label="Delete group"
              question={`Delete the group ${g.profile.name}? Its members stay, but leave it and lose any admin role it gives them; this cannot be undone.`}
              disabled={remove.busy}
              onConfirm={() => void remove.run()}
            />
          ) : undefined
        }
      />
      <ErrorNotice error={remove.error} onDismiss={remove.clear} />
      {/* Keyed by the group: nothing typed or shown for one group stays on another's page. */}
      <Fragment key={g.id}>
        <ProfileSection group={g} reload={group.reload} />
        <MembersSection group={g} />
        <RolesSection kind="group" id={g.id} name={g.profile.name} />
      </Fragment>
    </>
  );
}
