/**
 * One user: status and lifecycle (`POST /api/v1/users/{id}/lifecycle/*`, `DELETE …/sessions`,
 * `DELETE /api/v1/users/{id}` once deactivated), password (set, expire), profile (partial
 * update), groups and admin roles. Only the actions the user's status allows are offered
 * (src/management/users/lifecycle.ts), and only those the admin's roles let them call; the
 * target rules (a lower admin acting on a super admin) are the API's to apply, and its refusal is shown.
 */
import { Fragment, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { query } from '../../api/client';
import { useAction, usePaged, useQuery } from '../../api/hooks';
import type { Method } from '../../auth/access';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { PagedTable } from '../../components/DataTable';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { CheckboxField, TextField } from '../../components/Field';
import { Loading, PageHeader, Section, Status, Time } from '../../components/ui';
import type { PageProps } from '../../routes';
import { param } from '../../routes';
import { PASSWORD_HINT } from './NewUserPage';
import { Finder, useOpenFocus } from './parts';
import { RolesSection } from './Roles';
import { groupPath, nameOf, userPath, type DirectoryGroup, type DirectoryUser } from './types';

type Op = 'activate' | 'reactivate' | 'unsuspend' | 'unlock' | 'suspend' | 'deactivate';

interface LifecycleAction {
  readonly op: Op;
  readonly label: string;
  readonly done: string;
  /** Statuses it applies to (lifecycle.ts `TRANSITIONS`). */
  readonly from: readonly string[];
  /** Asked once first, in these words. */
  readonly question?: string;
  /** Tessera sends no email; said so explicitly where Okta would send one. */
  readonly noEmail?: true;
}

const LIFECYCLE: readonly LifecycleAction[] = [
  { op: 'activate', label: 'Activate', done: 'activated', from: ['STAGED', 'DEPROVISIONED'], noEmail: true },
  { op: 'reactivate', label: 'Reactivate', done: 'reactivated', from: ['PROVISIONED', 'RECOVERY'], noEmail: true },
  { op: 'unsuspend', label: 'Unsuspend', done: 'unsuspended', from: ['SUSPENDED'] },
  { op: 'unlock', label: 'Unlock', done: 'unlocked', from: ['LOCKED_OUT'] },
  {
    op: 'suspend',
    label: 'Suspend',
    done: 'suspended',
    from: ['ACTIVE'],
    question: 'Suspend this user? They are signed out everywhere, their refresh tokens are revoked, and they cannot sign in until unsuspended.',
  },
  {
    op: 'deactivate',
    label: 'Deactivate',
    done: 'deactivated',
    from: ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED'],
    question:
      'Deactivate this user? They are signed out everywhere, their refresh tokens and API tokens are revoked for good, and they cannot sign in. A deactivated user can be activated again, or deleted.',
    noEmail: true,
  },
];

function LifecycleSection({ user, reload }: { user: DirectoryUser; reload: () => void }) {
  const { api, may, user: me } = useSession();
  const [, navigate] = useLocation();
  const [done, setDone] = useState<string | undefined>(undefined);
  const [oauthTokens, setOauthTokens] = useState(false);
  const params = { userId: user.id };
  const base = userPath(user.id);
  const act = useAction(async (method: Method, path: string, message: string, after?: () => void) => {
    setDone(undefined);
    if (method === 'DELETE') await api.delete(path);
    else await api.post(path);
    setDone(message);
    (after ?? reload)();
  });
  const available = LIFECYCLE.filter((a) => a.from.includes(user.status) && may('POST', `/api/v1/users/:userId/lifecycle/${a.op}`, params));
  const mayClearSessions = user.status !== 'DEPROVISIONED' && may('DELETE', '/api/v1/users/:userId/sessions', params);
  const mayDelete = user.status === 'DEPROVISIONED' && may('DELETE', '/api/v1/users/:userId', params);
  const name = nameOf(user);
  const self = user.id === me.id;
  return (
    <Section title="Status">
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <Status value={user.status} />
        </dd>
        <dt>Created</dt>
        <dd>
          <Time iso={user.created} />
        </dd>
        <dt>Activated</dt>
        <dd>
          <Time iso={user.activated} never="Not activated" />
        </dd>
        <dt>Status changed</dt>
        <dd>
          <Time iso={user.statusChanged} />
        </dd>
        <dt>Last login</dt>
        <dd>
          <Time iso={user.lastLogin} />
        </dd>
        <dt>Last updated</dt>
        <dd>
          <Time iso={user.lastUpdated} />
        </dd>
      </dl>
      {done !== undefined ? <SuccessNotice>{done}</SuccessNotice> : null}
      <ErrorNotice error={act.error} onDismiss={act.clear} />
      {available.length > 0 || mayClearSessions || mayDelete ? (
        <div className="actions" role="group" aria-label="Lifecycle" style={{ marginTop: '1rem' }}>
          {available.map((a) => {
            const path = `${base}/lifecycle/${a.op}${a.noEmail === true ? query({ sendEmail: 'false' }) : ''}`;
            const message = `${name} ${a.done}.`;
            return a.question !== undefined ? (
              <ConfirmButton
                key={a.op}
                label={a.label}
                question={self ? `${a.question} This is you: you will be signed out too.` : a.question}
                disabled={act.busy}
                onConfirm={() => void act.run('POST', path, message)}
              />
            ) : (
              <button key={a.op} type="button" disabled={act.busy} onClick={() => void act.run('POST', path, message)}>
                {a.label}
              </button>
            );
          })}
          {mayClearSessions ? (
            <ConfirmButton
              label="Clear sessions"
              question={`End every session of ${name}? They must sign in again in every browser.`}
              disabled={act.busy}
              onConfirm={() =>
                void act.run('DELETE', `${base}/sessions${query({ oauthTokens: oauthTokens ? 'true' : undefined })}`, `Every session of ${name} ended.`)
              }
            >
              <CheckboxField
                label="Also revoke their OAuth tokens"
                checked={oauthTokens}
                onChange={setOauthTokens}
                hint="The refresh tokens apps hold for them; access tokens stop working once they expire."
              />
            </ConfirmButton>
          ) : null}
          {mayDelete ? (
            <ConfirmButton
              label="Delete"
              question={`Delete ${name} for good? Their profile, memberships and role assignments are removed; this cannot be undone.`}
              disabled={act.busy}
              onConfirm={() => void act.run('DELETE', `${base}${query({ sendEmail: 'false' })}`, `${name} deleted.`, () => navigate('/users'))}
            />
          ) : null}
        </div>
      ) : null}
    </Section>
  );
}

function PasswordSection({ user, reload }: { user: DirectoryUser; reload: () => void }) {
  const { api, may } = useSession();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState<string | undefined>(undefined);
  const params = { userId: user.id };
  const base = userPath(user.id);
  const set = useAction(async (value: string) => {
    setDone(undefined);
    await api.post<DirectoryUser>(base, { credentials: { password: { value } } });
    setPassword('');
    setDone('Password set. Tell the user through a channel you trust; Tessera sends no email.');
    reload();
  });
  const expire = useAction(async () => {
    setDone(undefined);
    await api.post<DirectoryUser>(`${base}/lifecycle/expire_password`);
    setDone('Password expired: the user must choose a new one at their next sign-in.');
    reload();
  });
  const hasPassword = user.credentials?.password !== undefined;
  const maySet = user.status !== 'DEPROVISIONED' && may('POST', '/api/v1/users/:userId', params);
  const mayExpire = user.status === 'ACTIVE' && hasPassword && may('POST', '/api/v1/users/:userId/lifecycle/expire_password', params);
  return (
    <Section title="Password">
      <dl className="facts">
        <dt>Password</dt>
        <dd>{hasPassword ? 'Set' : <span className="muted">None: the user cannot sign in with a password</span>}</dd>
        <dt>Changed</dt>
        <dd>
          <Time iso={user.passwordChanged} />
        </dd>
      </dl>
      {done !== undefined ? <SuccessNotice>{done}</SuccessNotice> : null}
      <ErrorNotice error={set.error} onDismiss={set.clear} />
      <ErrorNotice error={expire.error} onDismiss={expire.clear} />
      {maySet ? (
        <form
          className="toolbar"
          style={{ marginTop: '1rem' }}
          onSubmit={(e) => {
            e.preventDefault();
            void set.run(password);
          }}
        >
          <TextField label="New password" type="password" value={password} onChange={setPassword} autoComplete="new-password" required hint={PASSWORD_HINT} />
          <button type="submit" disabled={set.busy || password === ''}>
            {set.busy ? 'Setting…' : 'Set password'}
          </button>
        </form>
      ) : null}
      {mayExpire ? (
        <div className="actions" style={{ marginTop: '0.5rem' }}>
          <ConfirmButton
            label="Expire password"
            danger={false}
            question="Expire this user's password? They must choose a new one at their next sign-in, and their sessions stop opening until they do."
            disabled={expire.busy}
            onConfirm={() => void expire.run()}
          />
        </div>
      ) : null}
    </Section>
  );
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

const STANDARD = ['firstName', 'lastName', 'email', 'login'] as const;

function ProfileSection({ user, reload }: { user: DirectoryUser; reload: () => void }) {
  const { api, may } = useSession();
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState(false);
  const [form, setForm] = useState<Record<(typeof STANDARD)[number], string>>({ firstName: '', lastName: '', email: '', login: '' });
  const focus = useOpenFocus(editing);
  const save = useAction(async () => {
    await api.post<DirectoryUser>(userPath(user.id), {
      profile: { firstName: form.firstName.trim(), lastName: form.lastName.trim(), email: form.email.trim(), login: form.login.trim() },
    });
    setEditing(false);
    setDone(true);
    reload();
  });
  const mayEdit = user.status !== 'DEPROVISIONED' && may('POST', '/api/v1/users/:userId', { userId: user.id });
  const text = (key: string): string => {
    const value = user.profile[key];
    return typeof value === 'string' ? value : '';
  };
  const startEditing = () => {
    setForm({ firstName: text('firstName'), lastName: text('lastName'), email: text('email'), login: text('login') });
    setDone(false);
    save.clear();
    setEditing(true);
  };
  const field = (key: (typeof STANDARD)[number]) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const others = Object.entries(user.profile).filter(([key]) => !(STANDARD as readonly string[]).includes(key));
  return (
    <Section
      title="Profile"
      actions={
        mayEdit && !editing ? (
          <button type="button" ref={focus.button} onClick={startEditing}>
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
          <TextField label="First name" value={form.firstName} onChange={field('firstName')} required />
          <TextField label="Last name" value={form.lastName} onChange={field('lastName')} required />
          <TextField label="Email" type="email" value={form.email} onChange={field('email')} required />
          <TextField label="Login" value={form.login} onChange={field('login')} required hint="What the user signs in with." />
          {others.length > 0 ? <p className="muted">Other attributes are kept as they are.</p> : null}
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
          <dt>First name</dt>
          <dd>{text('firstName')}</dd>
          <dt>Last name</dt>
          <dd>{text('lastName')}</dd>
          <dt>Email</dt>
          <dd>{text('email')}</dd>
          <dt>Login</dt>
          <dd>{text('login')}</dd>
          {others.map(([key, value]) => (
            <div key={key} style={{ display: 'contents' }}>
              <dt>
                <code>{key}</code>
              </dt>
              <dd>{value === null ? <span className="muted">null</span> : showValue(value)}</dd>
            </div>
          ))}
          <dt>User id</dt>
          <dd>
            <code>{user.id}</code>
          </dd>
        </dl>
      )}
    </Section>
  );
}

export const USER_GROUPS_PAGE_SIZE = 20;

function GroupsSection({ user, onChange }: { user: DirectoryUser; onChange: () => void }) {
  const { api, may } = useSession();
  const [done, setDone] = useState<string | undefined>(undefined);
  const mayRead = may('GET', '/api/v1/users/:userId/groups', { userId: user.id });
  const groups = usePaged<DirectoryGroup>(mayRead ? `${userPath(user.id)}/groups${query({ limit: USER_GROUPS_PAGE_SIZE })}` : null);
  const memberParams = (groupId: string) => ({ groupId, userId: user.id });
  const mayAdd = may('PUT', '/api/v1/groups/:groupId/users/:userId', memberParams('x')) && may('GET', '/api/v1/groups');
  const mayRemove = may('DELETE', '/api/v1/groups/:groupId/users/:userId', memberParams('x'));
  const name = nameOf(user);
  const add = useAction(async (group: DirectoryGroup) => {
    setDone(undefined);
    await api.put(`${groupPath(group.id)}/users/${encodeURIComponent(user.id)}`, undefined);
    setDone(`${name} added to ${group.profile.name}.`);
    groups.reload();
    onChange();
  });
  const remove = useAction(async (group: DirectoryGroup) => {
    setDone(undefined);
    await api.delete(`${groupPath(group.id)}/users/${encodeURIComponent(user.id)}`);
    setDone(`${name} removed from ${group.profile.name}.`);
    groups.reload();
    onChange();
  });
  if (!mayRead) return null;
  return (
    <Section title="Groups">
      {done !== undefined ? <SuccessNotice>{done}</SuccessNotice> : null}
      <ErrorNotice error={remove.error} onDismiss={remove.clear} />
      <PagedTable
        paged={groups}
        caption={`Groups of ${name}`}
        rowKey={(g) => g.id}
        empty={mayAdd ? 'This user is in no group. Find a group below to add them to it.' : 'This user is in no group.'}
        columns={[
          { header: 'Name', cell: (g) => <Link href={`/groups/${encodeURIComponent(g.id)}`}>{g.profile.name}</Link> },
          { header: 'Description', cell: (g) => g.profile.description ?? '' },
          ...(mayRemove
            ? [
                {
                  header: 'Actions',
                  cell: (g: DirectoryGroup) => (
                    <ConfirmButton
                      label={`Remove from ${g.profile.name}`}
                      question={`Remove ${name} from ${g.profile.name}? They lose any admin role the group gives them.`}
                      disabled={remove.busy}
                      onConfirm={() => void remove.run(g)}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {mayAdd ? (
        <div style={{ marginTop: '1rem' }}>
          <Finder<DirectoryGroup>
            label="Find a group"
            hint="The start of a group's name."
            pathOf={(q, limit) => `/api/v1/groups${query({ q, limit })}`}
            rowKey={(g) => g.id}
            describe={(g) => g.profile.name}
            empty={(q) => `No group's name starts with "${q}".`}
            action={(g) => (
              <button type="button" disabled={add.busy} onClick={() => void add.run(g)}>
                Add to {g.profile.name}
              </button>
            )}
          />
          <ErrorNotice error={add.error} onDismiss={add.clear} />
        </div>
      ) : null}
    </Section>
  );
}

export function UserPage(props: PageProps) {
  const userId = param(props, 'userId');
  const user = useQuery<DirectoryUser>(userPath(userId));
  // Joining or leaving a group changes the roles held through it.
  const [membershipChanges, setMembershipChanges] = useState(0);
  if (user.data === undefined) {
    return (
      <>
        <PageHeader title="User" description={<Link href="/users">Back to users</Link>} />
        {user.loading ? <Loading what="Reading the user" /> : <ErrorNotice error={user.error} />}
      </>
    );
  }
  const u = user.data;
  return (
    <>
      <PageHeader
        title={nameOf(u)}
        description={
          <>
            {u.profile.login} · <Status value={u.status} /> · <Link href="/users">Back to users</Link>
          </>
        }
      />
      {/* Keyed by the user: nothing typed or shown for one user stays on another's page. */}
      <Fragment key={u.id}>
        <LifecycleSection user={u} reload={user.reload} />
        <ProfileSection user={u} reload={user.reload} />
        <PasswordSection user={u} reload={user.reload} />
        <GroupsSection user={u} onChange={() => setMembershipChanges((n) => n + 1)} />
        <RolesSection kind="user" id={u.id} name={nameOf(u)} changed={membershipChanges} />
      </Fragment>
    </>
  );
}
