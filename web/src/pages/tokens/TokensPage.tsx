/** `/tokens`: the API tokens the admin may see (`GET /api/v1/api-tokens`, paged, `q` search), and a form to make one of its own. */
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { query } from '../../api/client';
import { useAction, usePaged } from '../../api/hooks';
import type { ApiToken } from '../../api/types';
import { useSession } from '../../auth/session';
import { PagedTable } from '../../components/DataTable';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { SecretOnce } from '../../components/SecretOnce';
import { PageHeader, Section, Time } from '../../components/ui';
import { ANYWHERE_DRAFT, draftProblem, NetworkEditor, networkOf, networkSummary, type NetworkDraft } from './network';
import { Owner, useLogins } from './owners';
import type { CreatedApiToken } from './types';

const PAGE_SIZE = 25;

export function TokensPage() {
  const { may } = useSession();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const tokens = usePaged<ApiToken>(`/api/v1/api-tokens${query({ q, limit: PAGE_SIZE })}`);
  const logins = useLogins(tokens.items.map((t) => t.userId));
  const canCreate = may('POST', '/api/v1/api-tokens');

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    setQ(search.trim());
  };

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Okta-style SSWS tokens: each acts with all the admin rights of the user who owns it, and stops working when it goes unused for its window."
      />
      <Section title="Tokens">
        <form className="toolbar" role="search" aria-label="API tokens" onSubmit={submitSearch}>
          <TextField label="Search" type="search" value={search} onChange={setSearch} hint="Matches the name or the client name." />
          <button type="submit">Search</button>
          {q !== '' ? (
            <button
              type="button"
              onClick={() => {
                setSearch('');
                setQ('');
              }}
            >
              Clear search
            </button>
          ) : null}
        </form>
        <PagedTable
          paged={tokens}
          caption="API tokens"
          rowKey={(t) => t.id}
          empty={
            q !== ''
              ? `No token's name or client name matches “${q}”. Try another search, or clear it.`
              : canCreate
                ? 'There are no API tokens you may see. Create one below.'
                : 'There are no API tokens you may see. An operator can make one with tessera token create.'
          }
          columns={[
            { header: 'Name', cell: (t) => <Link href={`/tokens/${t.id}`}>{t.name}</Link> },
            { header: 'Owner', cell: (t) => <Owner userId={t.userId} logins={logins} /> },
            { header: 'Created', cell: (t) => <Time iso={t.created} /> },
            { header: 'Last used', cell: (t) => <Time iso={t.lastUsed?.at} /> },
            { header: 'Expires', cell: (t) => <Time iso={t.expiresAt} /> },
            { header: 'Network', cell: (t) => networkSummary(t.network) },
          ]}
        />
      </Section>
      {canCreate ? <CreateToken onCreated={tokens.reload} /> : null}
    </>
  );
}

function CreateToken({ onCreated }: { onCreated: () => void }) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const [network, setNetwork] = useState<NetworkDraft>(ANYWHERE_DRAFT);
  const [created, setCreated] = useState<CreatedApiToken | undefined>(undefined);
  const create = useAction(async () => {
    const body = { name: name.trim(), ...(network.allowedFrom === 'ANYWHERE' ? {} : { network: networkOf(network) }) };
    return api.post<CreatedApiToken>('/api/v1/api-tokens', body);
  });
  const problem = draftProblem(network);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(undefined);
    const answer = await create.run();
    if (answer === undefined) return;
    setCreated(answer);
    setName('');
    setNetwork(ANYWHERE_DRAFT);
    onCreated();
  };

  return (
    <Section title="Create a token">
      <p className="muted">
        The token is yours: it acts as you, with every admin role you hold, wherever its network condition allows. Prefer a service app with only the scopes an
        integration needs.
      </p>
      {created !== undefined ? (
        <>
          <SuccessNotice>
            Created the token <Link href={`/tokens/${created.id}`}>{created.name}</Link>. Its secret is below: it will not be shown again.
          </SuccessNotice>
          <SecretOnce label="API token" value={created.token} />
        </>
      ) : null}
      <ErrorNotice error={create.error} onDismiss={create.clear} />
      <form onSubmit={(e) => void submit(e)}>
        <TextField label="Name" value={name} onChange={setName} required hint="What the token is for, e.g. the integration that will use it." />
        <NetworkEditor value={network} onChange={setNetwork} />
        {problem !== undefined ? <p className="muted">{problem}</p> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy || name.trim() === '' || problem !== undefined}>
            Create token
          </button>
        </div>
      </form>
    </Section>
  );
}
