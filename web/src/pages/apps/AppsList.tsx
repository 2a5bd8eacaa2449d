/** /apps: the OIDC apps, a page at a time, by name prefix and status. */
import { useState } from 'react';
import { Link } from 'wouter';
import { query } from '../../api/client';
import { usePaged } from '../../api/hooks';
import { PagedTable } from '../../components/DataTable';
import { SelectField, TextField } from '../../components/Field';
import { PageHeader, Status, Time } from '../../components/ui';
import { useSession } from '../../auth/session';
import { kindOf, titleOf, type AppBody } from './model';

const PAGE_SIZE = 25;

type StatusFilter = '' | 'ACTIVE' | 'INACTIVE';

export function AppsList() {
  const { may } = useSession();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const paged = usePaged<AppBody>(
    `/api/v1/apps${query({ q: q === '' ? undefined : q, filter: status === '' ? undefined : `status eq "${status}"`, limit: PAGE_SIZE })}`,
  );
  const searching = q !== '' || status !== '';
  return (
    <>
      <PageHeader
        title="Applications"
        description="OpenID Connect apps: service apps that call the API with their own key, and web and single-page apps that sign users in."
        actions={
          may('POST', '/api/v1/apps') ? (
            <Link href="/apps/new" className="button primary">
              New application
            </Link>
          ) : undefined
        }
      />
      <form
        className="toolbar"
        role="search"
        aria-label="Search applications"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(typed.trim());
        }}
      >
        <TextField label="Name starts with" type="search" value={typed} onChange={setTyped} />
        <SelectField<StatusFilter>
          label="Status"
          value={status}
          onChange={setStatus}
          options={[
            { value: '', label: 'Any status' },
            { value: 'ACTIVE', label: 'Active' },
            { value: 'INACTIVE', label: 'Inactive' },
          ]}
        />
        <button type="submit">Search</button>
        {searching ? (
          <button
            type="button"
            onClick={() => {
              setTyped('');
              setQ('');
              setStatus('');
            }}
          >
            Clear search
          </button>
        ) : null}
      </form>
      <PagedTable
        paged={paged}
        caption="Applications"
        rowKey={(app) => app.id}
        empty={
          searching ? (
            'No application matches this search. Try another name or status, or clear the search.'
          ) : may('POST', '/api/v1/apps') ? (
            <>
              There are no applications yet. <Link href="/apps/new">Create the first application</Link>.
            </>
          ) : (
            'There are no applications yet. An administrator who manages apps can create one.'
          )
        }
        columns={[
          {
            header: 'Name',
            cell: (app) => <Link href={`/apps/${encodeURIComponent(app.id)}`}>{titleOf(app)}</Link>,
          },
          { header: 'Kind', cell: (app) => kindOf(app.settings.oauthClient.application_type) },
          { header: 'Client ID', cell: (app) => <code>{app.credentials.oauthClient.client_id}</code> },
          { header: 'Status', cell: (app) => <Status value={app.status} /> },
          { header: 'Created', cell: (app) => <Time iso={app.created} /> },
        ]}
      />
    </>
  );
}
