/**
 * Users (`GET /api/v1/users`), one page of 25 per request, never counted. The server takes one
 * of `q` (a prefix of first name, last name or email; not paged: the first 25 matches),
 * `filter` (status, id, lastUpdated, login, email, names; `eq`) and `search` (any profile
 * attribute, dates, status; paged). The form turns what was typed into the one the server takes:
 * a status alone is a `filter`, a quick search alone a `q`, and anything combined a `search`.
 * The search lives in the address, so Back returns to it.
 */
import { useEffect, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { query } from '../../api/client';
import { usePaged } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { PagedTable } from '../../components/DataTable';
import { SelectField, TextField } from '../../components/Field';
import { PageHeader, Status, Time } from '../../components/ui';
import { literal, nameOf, STATUS_LABELS, USER_STATUSES, type DirectoryUser } from './types';

export const USERS_PAGE_SIZE = 25;

/** `''`: the server's default list (deactivated users left out); `ALL`: every status. */
type StatusChoice = '' | 'ALL' | (typeof USER_STATUSES)[number];

const STATUS_OPTIONS: readonly { value: StatusChoice; label: string }[] = [
  { value: '', label: 'Any but deactivated' },
  { value: 'ALL', label: 'Any, deactivated too' },
  ...USER_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
];

function isStatusChoice(value: string): value is StatusChoice {
  return STATUS_OPTIONS.some((o) => o.value === value);
}

export interface UserSearch {
  readonly q: string;
  readonly expression: string;
  readonly status: StatusChoice;
}

/** The list request for a search: at most one of `q`, `filter` and `search`, as the server requires. */
export function listParams(s: UserSearch): Record<string, string | undefined> {
  const q = s.q.trim();
  const expression = s.expression.trim();
  const statusTerm = s.status === '' ? undefined : s.status === 'ALL' ? 'status pr' : `status eq ${literal(s.status)}`;
  if (expression === '' && statusTerm === undefined) return { q: q === '' ? undefined : q };
  if (expression === '' && q === '' && s.status !== 'ALL') return { filter: statusTerm };
  const terms: string[] = [];
  if (expression !== '') terms.push(`(${expression})`);
  if (q !== '') {
    // `q`'s own attributes, as a prefix each (`search` compares names case-sensitively, emails not).
    const v = literal(q);
    terms.push(`(profile.firstName sw ${v} or profile.lastName sw ${v} or profile.email sw ${v})`);
  }
  if (statusTerm !== undefined) terms.push(statusTerm);
  return { search: terms.length === 1 && expression !== '' ? expression : terms.join(' and ') };
}

function searchOf(text: string): UserSearch {
  const params = new URLSearchParams(text);
  const status = params.get('status') ?? '';
  return { q: params.get('q') ?? '', expression: params.get('search') ?? '', status: isStatusChoice(status) ? status : '' };
}

export function UsersPage() {
  const { may } = useSession();
  const [, navigate] = useLocation();
  const asked = searchOf(useSearch());
  const [q, setQ] = useState(asked.q);
  const [expression, setExpression] = useState(asked.expression);
  const [status, setStatus] = useState<StatusChoice>(asked.status);
  // Back and Forward change the address: the form follows it.
  useEffect(() => {
    setQ(asked.q);
    setExpression(asked.expression);
    setStatus(asked.status);
  }, [asked.q, asked.expression, asked.status]);

  const params = listParams(asked);
  const path = `/api/v1/users${query({ ...params, limit: USERS_PAGE_SIZE })}`;
  const users = usePaged<DirectoryUser>(path);
  const searching = params.q !== undefined || params.filter !== undefined || params.search !== undefined;
  const mayCreate = may('POST', '/api/v1/users');

  return (
    <>
      <PageHeader
        title="Users"
        description="The people who sign in through Tessera."
        actions={
          mayCreate ? (
            <Link href="/users/new" className="button primary">
              New user
            </Link>
          ) : undefined
        }
      />
      <form
        role="search"
        aria-label="Users"
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/users${query({ q: q.trim(), search: expression.trim(), status })}`);
        }}
      >
        <div className="toolbar">
          <TextField label="Search" type="search" value={q} onChange={setQ} hint="The start of a first name, last name or email." />
          <SelectField label="Status" value={status} onChange={setStatus} options={STATUS_OPTIONS} />
        </div>
        <TextField
          label="Expression"
          value={expression}
          onChange={setExpression}
          placeholder='profile.department eq "Engineering"'
          hint={
            <>
              Okta&apos;s <code>search</code> expression: <code>eq</code>, <code>sw</code>, <code>gt</code>, <code>ge</code>, <code>lt</code>, <code>le</code>,{' '}
              <code>pr</code>, <code>and</code>, <code>or</code>, <code>not</code> and parentheses, on <code>profile.*</code>, <code>status</code>,{' '}
              <code>id</code> and the dates (<code>created</code>, <code>lastUpdated</code>, <code>lastLogin</code>…), e.g.{' '}
              <code>lastLogin lt &quot;2025-01-01T00:00:00.000Z&quot;</code>.
            </>
          }
        />
        <div className="actions">
          <button type="submit" className="primary">
            Search
          </button>
          {searching ? (
            <button
              type="button"
              onClick={() => {
                setQ('');
                setExpression('');
                setStatus('');
                navigate('/users');
              }}
            >
              Clear
            </button>
          ) : null}
        </div>
        {searching ? (
          <p className="muted" style={{ marginBottom: 0 }}>
            Asked as{' '}
            <code>{params.q !== undefined ? `q=${params.q}` : params.filter !== undefined ? `filter=${params.filter}` : `search=${params.search ?? ''}`}</code>
            {params.q !== undefined
              ? `: a quick search shows its first ${USERS_PAGE_SIZE} matches and has no further pages; type more, or add a status, to page through.`
              : null}
          </p>
        ) : null}
      </form>
      <PagedTable
        paged={users}
        caption="Users"
        rowKey={(u) => u.id}
        empty={
          searching
            ? 'No user matches this search. Check the spelling, or clear the search.'
            : mayCreate
              ? 'There are no users yet. Add one with New user.'
              : 'There are no users yet.'
        }
        columns={[
          { header: 'Name', cell: (u) => nameOf(u) },
          { header: 'Login', cell: (u) => <Link href={`/users/${encodeURIComponent(u.id)}`}>{u.profile.login}</Link> },
          { header: 'Email', cell: (u) => u.profile.email },
          { header: 'Status', cell: (u) => <Status value={u.status} /> },
          { header: 'Created', cell: (u) => <Time iso={u.created} /> },
          { header: 'Last login', cell: (u) => <Time iso={u.lastLogin} /> },
        ]}
      />
    </>
  );
}
