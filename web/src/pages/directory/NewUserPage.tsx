/**
 * A new user (`POST /api/v1/users?activate=true|false`): the four attributes of Okta's default
 * profile, an optional password, and groups to join (`groupIds`, at most 20). With a password
 * and "Activate now" the user is ACTIVE; without a password PROVISIONED; not activated STAGED.
 */
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { query } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CheckboxField, TextField } from '../../components/Field';
import { Empty, PageHeader, Section } from '../../components/ui';
import { Finder } from './parts';
import { type DirectoryGroup, type DirectoryUser } from './types';

/** Okta: at most 20 groups at creation (E0000093 beyond). */
const MAX_GROUPS = 20;

export const PASSWORD_HINT = 'At least 8 characters, with a lowercase letter, an uppercase letter and a number, and not the login.';

export function NewUserPage() {
  const { api, may } = useSession();
  const [, navigate] = useLocation();
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [login, setLogin] = useState<string | undefined>(undefined);
  const [password, setPassword] = useState('');
  const [activate, setActivate] = useState(true);
  const [groups, setGroups] = useState<readonly DirectoryGroup[]>([]);
  const create = useAction(async () => {
    const body = {
      profile: { firstName: firstName.trim(), lastName: lastName.trim(), email: email.trim(), login: (login ?? email).trim() },
      ...(password !== '' ? { credentials: { password: { value: password } } } : {}),
      ...(groups.length > 0 ? { groupIds: groups.map((g) => g.id) } : {}),
    };
    const user = await api.post<DirectoryUser>(`/api/v1/users${query({ activate: activate ? 'true' : 'false' })}`, body);
    if (user !== undefined) navigate(`/users/${encodeURIComponent(user.id)}`);
  });

  if (!may('POST', '/api/v1/users')) {
    return (
      <>
        <PageHeader title="New user" />
        <Empty>
          Your admin roles do not let you create users. <Link href="/users">Back to users</Link>
        </Empty>
      </>
    );
  }
  const mayPickGroups = may('GET', '/api/v1/groups');
  return (
    <>
      <PageHeader title="New user" description={<Link href="/users">Back to users</Link>} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create.run();
        }}
      >
        <Section title="Profile">
          <TextField label="First name" value={firstName} onChange={setFirstName} required autoComplete="off" />
          <TextField label="Last name" value={lastName} onChange={setLastName} required autoComplete="off" />
          <TextField label="Email" type="email" value={email} onChange={setEmail} required autoComplete="off" />
          <TextField
            label="Login"
            value={login ?? email}
            onChange={setLogin}
            required
            autoComplete="off"
            hint="What the user signs in with; the email unless you change it."
          />
        </Section>
        <Section title="Sign-in">
          <TextField
            label="Password"
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            hint={`Optional. ${PASSWORD_HINT} Without one, the user is created without a way to sign in until a password is set.`}
          />
          <CheckboxField
            label="Activate now"
            checked={activate}
            onChange={setActivate}
            hint="Unchecked, the user is created STAGED and can be activated later."
          />
        </Section>
        {mayPickGroups ? (
          <Section title="Groups">
            {groups.length === 0 ? (
              <p className="muted">No groups chosen: the user joins none. Find groups below to add the user to them.</p>
            ) : (
              <ul className="chips" aria-label="Chosen groups">
                {groups.map((g) => (
                  <li key={g.id}>
                    {g.profile.name}{' '}
                    <button type="button" className="link" onClick={() => setGroups((gs) => gs.filter((x) => x.id !== g.id))}>
                      Remove {g.profile.name}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <Finder<DirectoryGroup>
              label="Find a group"
              hint="The start of a group's name."
              pathOf={(q, limit) => `/api/v1/groups${query({ q, limit })}`}
              rowKey={(g) => g.id}
              describe={(g) => g.profile.name}
              empty={(q) => `No group's name starts with "${q}".`}
              action={(g) =>
                groups.some((x) => x.id === g.id) ? (
                  <span className="muted">Chosen</span>
                ) : (
                  <button type="button" disabled={groups.length >= MAX_GROUPS} onClick={() => setGroups((gs) => [...gs, g])}>
                    Choose {g.profile.name}
                  </button>
                )
              }
            />
          </Section>
        ) : null}
        <ErrorNotice error={create.error} onDismiss={create.clear} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy}>
            {create.busy ? 'Creating…' : 'Create user'}
          </button>
          <Link href="/users">Cancel</Link>
        </div>
      </form>
    </>
  );
}
