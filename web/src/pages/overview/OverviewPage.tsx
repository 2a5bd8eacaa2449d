/**
 * `/`: the org's credential health from the credential-risk report (`GET /api/v1/insights/credentials`,
 * a Tessera extension): a card per flag with its count and the credentials carrying it, then every
 * credential, page by page.
 */
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { query, type Page } from '../../api/client';
import { usePaged } from '../../api/hooks';
import type { CredentialInsight } from '../../api/types';
import { useSession } from '../../auth/session';
import { PagedTable } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/Field';
import { Badge, Loading, PageHeader, Section, Time } from '../../components/ui';
import { Owner, useLogins } from '../tokens/owners';
import { FLAG_TEXT, FLAGS, isFlag, KIND_TEXT, type Flag } from './flags';

const REPORT = '/api/v1/insights/credentials';
/** A flag's count reads one page of the report's largest size; more is "200+". */
const COUNT_LIMIT = 200;
const SHOWN_PER_FLAG = 8;
const PAGE_SIZE = 25;

/** One page of a list, read once (a flag's card). */
function usePage<T>(path: string): { page: Page<T> | undefined; error: unknown; loading: boolean } {
  const { api } = useSession();
  const [state, setState] = useState<{ page: Page<T> | undefined; error: unknown; loading: boolean }>({ page: undefined, error: undefined, loading: true });
  useEffect(() => {
    let live = true;
    setState({ page: undefined, error: undefined, loading: true });
    api.page<T>(path).then(
      (page) => live && setState({ page, error: undefined, loading: false }),
      (error: unknown) => live && setState({ page: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [api, path]);
  return state;
}

export function credentialHref(c: CredentialInsight): string {
  return c.credential.type === 'API_TOKEN' ? `/tokens/${c.credential.id}` : `/apps/${c.credential.id}`;
}

export function OverviewPage() {
  const { may } = useSession();
  if (!may('GET', REPORT)) return <NotAllowed />;
  return <Report />;
}

function NotAllowed() {
  const { may } = useSession();
  return (
    <>
      <PageHeader title="Overview" />
      <p className="notice notice-warn" role="status">
        The org&apos;s credential report names every API token, so it needs the okta.apiTokens.read permission, which only a super admin holds.
      </p>
      {may('GET', '/api/v1/api-tokens') ? (
        <p>
          <Link href="/tokens">See your API tokens</Link>
        </p>
      ) : null}
    </>
  );
}

function Report() {
  const [flag, setFlag] = useState<Flag | 'ALL'>('ALL');
  const list = useRef<HTMLDivElement>(null);
  const showFlag = (f: Flag) => {
    setFlag(f);
    list.current?.focus();
    list.current?.scrollIntoView({ block: 'start' });
  };
  return (
    <>
      <PageHeader
        title="Overview"
        description="The health of the org's Management API credentials: every live API token and every app holding Okta API scopes, as of the last 30 days."
      />
      <div className="grid">
        {FLAGS.map((f) => (
          <FlagCard key={f} flag={f} onShow={() => showFlag(f)} />
        ))}
      </div>
      <div ref={list} tabIndex={-1} style={{ outline: 'none' }}>
        <AllCredentials flag={flag} onFlag={setFlag} />
      </div>
    </>
  );
}

function FlagCard({ flag, onShow }: { flag: Flag; onShow: () => void }) {
  const text = FLAG_TEXT[flag];
  const { page, error, loading } = usePage<CredentialInsight>(`${REPORT}${query({ flag, limit: COUNT_LIMIT })}`);
  const items = page?.items ?? [];
  const count = page === undefined ? undefined : page.next !== undefined ? `${COUNT_LIMIT}+` : String(items.length);
  return (
    <Section title={text.title}>
      {loading ? (
        <Loading what="Counting" />
      ) : error !== undefined ? (
        <ErrorNotice error={error} />
      ) : (
        <p className="stat">
          {count}
          <span className="visually-hidden"> {items.length === 1 && page?.next === undefined ? 'credential' : 'credentials'}</span>
        </p>
      )}
      <p className="muted">{text.explanation}</p>
      {items.length > 0 ? (
        <>
          <ul>
            {items.slice(0, SHOWN_PER_FLAG).map((c) => (
              <li key={c.credential.id}>
                <Link href={credentialHref(c)}>{c.name}</Link> <span className="muted">({KIND_TEXT[c.kind] ?? c.kind})</span>
              </li>
            ))}
          </ul>
          {items.length > SHOWN_PER_FLAG || page?.next !== undefined ? (
            <p>
              {page?.next !== undefined ? 'And more.' : `And ${items.length - SHOWN_PER_FLAG} more.`}{' '}
              <button type="button" className="link" onClick={onShow}>
                List all: {text.title}
              </button>
            </p>
          ) : null}
        </>
      ) : page !== undefined ? (
        <p>None.</p>
      ) : null}
    </Section>
  );
}

function Permissions({ items }: { items: readonly string[] }) {
  if (items.length === 0) return <span className="muted">None</span>;
  return (
    <details>
      <summary>{items.length === 1 ? '1 permission' : `${items.length} permissions`}</summary>
      <ul className="chips">
        {items.map((p) => (
          <li key={p}>
            <code>{p}</code>
          </li>
        ))}
      </ul>
    </details>
  );
}

const FILTERS: readonly { value: Flag | 'ALL'; label: string }[] = [
  { value: 'ALL', label: 'All credentials' },
  ...FLAGS.map((f) => ({ value: f, label: FLAG_TEXT[f].title })),
];

function AllCredentials({ flag, onFlag }: { flag: Flag | 'ALL'; onFlag: (flag: Flag | 'ALL') => void }) {
  const credentials = usePaged<CredentialInsight>(`${REPORT}${query({ flag: flag === 'ALL' ? undefined : flag, limit: PAGE_SIZE })}`);
  const logins = useLogins(credentials.items.filter((c) => c.owner.type === 'USER').map((c) => c.owner.id));
  return (
    <Section title="All credentials">
      <div className="toolbar">
        <SelectField label="Show" value={flag} onChange={onFlag} options={FILTERS} />
      </div>
      <PagedTable
        paged={credentials}
        caption={flag === 'ALL' ? 'All credentials' : `Credentials: ${FLAG_TEXT[flag].title}`}
        rowKey={(c) => c.credential.id}
        empty={
          flag === 'ALL' ? (
            <>
              The org has no API tokens and no apps holding Okta API scopes. Create an API token on the <Link href="/tokens">API tokens</Link> page, or grant an
              app Okta API scopes on its page; they will show here.
            </>
          ) : (
            `No credential is flagged “${FLAG_TEXT[flag].title}”. Show all credentials to see the others.`
          )
        }
        columns={[
          { header: 'Name', cell: (c) => <Link href={credentialHref(c)}>{c.name}</Link> },
          { header: 'Kind', cell: (c) => KIND_TEXT[c.kind] ?? c.kind },
          {
            header: 'Owner',
            cell: (c) => (c.owner.type === 'USER' ? <Owner userId={c.owner.id} logins={logins} /> : <span className="muted">The app itself</span>),
          },
          { header: 'Last used', cell: (c) => <Time iso={c.lastUsed?.at} /> },
          {
            header: 'Idle expiry',
            cell: (c) => (c.credential.type === 'API_TOKEN' ? <Time iso={c.expiresAt} never="None" /> : <span className="muted">Apps do not idle out</span>),
          },
          { header: 'Unused permissions', cell: (c) => <Permissions items={c.unusedPermissions} /> },
          {
            header: 'Flags',
            cell: (c) =>
              c.flags.length === 0 ? (
                <span className="muted">None</span>
              ) : (
                <ul className="chips">
                  {c.flags.map((f) => (
                    <li key={f} style={{ background: 'none', padding: 0 }}>
                      {isFlag(f) ? <Badge tone={FLAG_TEXT[f].tone}>{FLAG_TEXT[f].badge}</Badge> : <Badge>{f}</Badge>}
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </Section>
  );
}
