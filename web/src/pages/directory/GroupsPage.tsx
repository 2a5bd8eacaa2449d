/**
 * Groups (`GET /api/v1/groups`), 25 a page through the cursor; `q` (a case-insensitive prefix of
 * the name) is not paged by the server and shows its first 25 matches. No member counts: they
 * would be counted on every page (`expand=stats`). New groups: `POST /api/v1/groups`.
 */
import { useEffect, useState, type RefObject } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { query } from '../../api/client';
import { useAction, usePaged } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { PagedTable } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { PageHeader, Section, Time } from '../../components/ui';
import { useOpenFocus } from './parts';
import { type DirectoryGroup } from './types';

export const GROUPS_PAGE_SIZE = 25;

function NewGroupForm({ onCancel, formRef }: { onCancel: () => void; formRef: RefObject<HTMLFormElement | null> }) {
  const { api } = useSession();
  const [, navigate] = useLocation();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useAction(async () => {
    const group = await api.post<DirectoryGroup>('/api/v1/groups', {
      profile: { name: name.trim(), ...(description.trim() !== '' ? { description: description.trim() } : {}) },
    });
    if (group !== undefined) navigate(`/groups/${encodeURIComponent(group.id)}`);
  });
  return (
    <Section title="New group">
      <form
        ref={formRef}
        onSubmit={(e) => {
          e.preventDefault();
          void create.run();
        }}
      >
        <TextField label="Name" value={name} onChange={setName} required hint="Unique in the org, at most 255 characters." />
        <TextField label="Description" value={description} onChange={setDescription} hint="Optional, at most 1024 characters." />
        <ErrorNotice error={create.error} onDismiss={create.clear} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy}>
            {create.busy ? 'Creating…' : 'Create group'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Section>
  );
}

export function GroupsPage() {
  const { may } = useSession();
  const [, navigate] = useLocation();
  const asked = new URLSearchParams(useSearch()).get('q') ?? '';
  const [q, setQ] = useState(asked);
  useEffect(() => setQ(asked), [asked]);
  const [creating, setCreating] = useState(false);
  const focus = useOpenFocus(creating);
  const groups = usePaged<DirectoryGroup>(`/api/v1/groups${query({ q: asked.trim(), limit: GROUPS_PAGE_SIZE })}`);
  const mayCreate = may('POST', '/api/v1/groups');
  const searching = asked.trim() !== '';
  return (
    <>
      <PageHeader
        title="Groups"
        description="Groups gather users; the admin roles a group holds, its members hold."
        actions={
          mayCreate && !creating ? (
            <button type="button" className="primary" ref={focus.button} onClick={() => setCreating(true)}>
              New group
            </button>
          ) : undefined
        }
      />
      {creating ? <NewGroupForm formRef={focus.form} onCancel={() => setCreating(false)} /> : null}
      <form
        role="search"
        aria-label="Groups"
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/groups${query({ q: q.trim() })}`);
        }}
      >
        <div className="toolbar">
          <TextField label="Search" type="search" value={q} onChange={setQ} hint="The start of a group's name." />
          <div className="actions">
            <button type="submit" className="primary">
              Search
            </button>
            {searching ? (
              <button
                type="button"
                onClick={() => {
                  setQ('');
                  navigate('/groups');
                }}
              >
                Clear
              </button>
            ) : null}
          </div>
        </div>
        {searching ? (
          <p className="muted" style={{ marginBottom: 0 }}>
            A search shows its first {GROUPS_PAGE_SIZE} matches and has no further pages: type more of the name to narrow it.
          </p>
        ) : null}
      </form>
      <PagedTable
        paged={groups}
        caption="Groups"
        rowKey={(g) => g.id}
        empty={
          searching
            ? "No group's name starts with this. Check the spelling, or clear the search."
            : mayCreate
              ? 'There are no groups yet. Make one with New group.'
              : 'There are no groups yet.'
        }
        columns={[
          { header: 'Name', cell: (g) => <Link href={`/groups/${encodeURIComponent(g.id)}`}>{g.profile.name}</Link> },
          { header: 'Description', cell: (g) => g.profile.description ?? '' },
          { header: 'Type', cell: (g) => <code>{g.type}</code> },
          { header: 'Created', cell: (g) => <Time iso={g.created} /> },
          { header: 'Members changed', cell: (g) => <Time iso={g.lastMembershipUpdated} /> },
        ]}
      />
    </>
  );
}
