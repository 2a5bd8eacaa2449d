/**
 * `/tokens/:tokenId`: one API token — its facts, rename, network condition (both one PUT, Okta's
 * upsert), rotation with a grace period, revocation, its usage and least-privilege suggestion,
 * and the way to a service app.
 */
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useAction, useQuery } from '../../api/hooks';
import type { ApiToken } from '../../api/types';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Field';
import { SuggestionView, UsageView } from '../../components/Insights';
import { SecretOnce } from '../../components/SecretOnce';
import { Loading, PageHeader, Section, Time } from '../../components/ui';
import { param, type PageProps } from '../../routes';
import { mayOnToken } from './access';
import { draftOf, draftProblem, NetworkEditor, networkOf, networkSummary, type NetworkDraft } from './network';
import { Owner, useLogins, type Logins } from './owners';
import { tokenPath } from './paths';
import type { RotatedApiToken } from './types';

const DAY_MS = 86_400_000;
type WindowDays = '7' | '30' | '90';
const WINDOWS: readonly { value: WindowDays; label: string }[] = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
];
const sinceOf = (days: WindowDays) => new Date(Date.now() - Number(days) * DAY_MS).toISOString();

export function TokenPage(props: PageProps) {
  const tokenId = param(props, 'tokenId');
  const token = useQuery<ApiToken>(tokenPath(tokenId));
  const logins = useLogins(token.data === undefined ? [] : [token.data.userId]);
  if (token.data === undefined) {
    return (
      <>
        <PageHeader title="API token" />
        {token.loading ? <Loading what="Reading the token" /> : <ErrorNotice error={token.error} />}
        <p>
          <Link href="/tokens">Back to API tokens</Link>
        </p>
      </>
    );
  }
  return <TokenView token={token.data} reload={token.reload} logins={logins} />;
}

function TokenView({ token: t, reload, logins }: { token: ApiToken; reload: () => void; logins: Logins }) {
  const session = useSession();
  const { api, may } = session;
  const [, navigate] = useLocation();
  const [days, setDays] = useState<WindowDays>('30');
  const [since, setSince] = useState(() => sinceOf('30'));
  const canChange = mayOnToken(session, 'PUT', '/api/v1/api-tokens/:apiTokenId', t);
  const canRevoke = mayOnToken(session, 'DELETE', '/api/v1/api-tokens/:apiTokenId', t);
  const canRotate = mayOnToken(session, 'POST', '/api/v1/api-tokens/:apiTokenId/lifecycle/rotate', t);
  const canMigrate = may('POST', '/api/v1/api-tokens/:apiTokenId/migrate', { apiTokenId: t.id });
  const canReadUsage = may('GET', '/api/v1/api-tokens/:apiTokenId/usage', { apiTokenId: t.id });
  const canReadSuggestion = may('GET', '/api/v1/api-tokens/:apiTokenId/suggestion', { apiTokenId: t.id });
  const revoke = useAction(async () => {
    await api.delete(tokenPath(t.id));
    navigate('/tokens');
  });
  const base = `/api/v1/api-tokens/${t.id}`;

  return (
    <>
      <PageHeader
        title={t.name}
        description={
          <>
            API token owned by <Owner userId={t.userId} logins={logins} />
          </>
        }
        actions={
          <>
            {canMigrate ? (
              <Link href={`/tokens/${t.id}/migrate`} className="button">
                Migrate to a service app
              </Link>
            ) : null}
            {canRevoke ? (
              <ConfirmButton
                label="Revoke"
                confirmLabel="Revoke token"
                disabled={revoke.busy}
                question={`Revoke the API token “${t.name}”? Whatever uses it is refused from now on. This cannot be undone.`}
                onConfirm={() => void revoke.run()}
              />
            ) : null}
          </>
        }
      />
      <ErrorNotice error={revoke.error} onDismiss={revoke.clear} />
      <Section title="Details">
        <dl className="facts">
          <dt>Name</dt>
          <dd>{t.name}</dd>
          <dt>ID</dt>
          <dd className="mono">{t.id}</dd>
          <dt>Owner</dt>
          <dd>
            <Owner userId={t.userId} logins={logins} />
          </dd>
          <dt>Client</dt>
          <dd>{t.clientName}</dd>
          <dt>Created</dt>
          <dd>
            <Time iso={t.created} />
          </dd>
          <dt>Last updated</dt>
          <dd>
            <Time iso={t.lastUpdated} />
          </dd>
          <dt>Last used</dt>
          <dd>
            {t.lastUsed === null || t.lastUsed === undefined ? (
              <span className="muted">Never</span>
            ) : (
              <>
                <Time iso={t.lastUsed.at} /> from {t.lastUsed.ipAddress ?? 'an unknown address'}
                {t.lastUsed.userAgent !== null ? <span className="muted"> · {t.lastUsed.userAgent}</span> : null}
              </>
            )}
          </dd>
          <dt>Expires</dt>
          <dd>
            <Time iso={t.expiresAt} /> <span className="muted">unless it is used before: each use moves it {t.tokenWindow} ahead</span>
          </dd>
          <dt>Network</dt>
          <dd>
            {networkSummary(t.network)}
            {draftOf(t.network).zoneIds.length > 0 ? (
              <ul className="chips">
                {draftOf(t.network).zoneIds.map((id) => (
                  <li key={id}>
                    <code>{id}</code>
                  </li>
                ))}
              </ul>
            ) : null}
          </dd>
        </dl>
      </Section>
      {canChange ? (
        <>
          <RenameForm token={t} onSaved={reload} />
          <NetworkForm token={t} onSaved={reload} />
        </>
      ) : null}
      {canRotate ? <RotateForm token={t} onRotated={reload} /> : null}
      {canReadUsage ? (
        <>
          <div className="toolbar">
            <SelectField
              label="Usage window"
              value={days}
              onChange={(value) => {
                setDays(value);
                setSince(sinceOf(value));
              }}
              options={WINDOWS}
            />
          </div>
          <UsageView basePath={base} since={since} />
        </>
      ) : null}
      {canReadSuggestion ? <SuggestionView basePath={base} /> : null}
    </>
  );
}

/** Okta's PUT is an upsert of name and network: a rename sends the network back as it is. */
function bodyOf(token: ApiToken, change: { name?: string; network?: ReturnType<typeof networkOf> }) {
  const network = change.network ?? token.network;
  return { name: change.name ?? token.name, ...(network !== undefined ? { network } : {}) };
}

function RenameForm({ token, onSaved }: { token: ApiToken; onSaved: () => void }) {
  const { api } = useSession();
  const [name, setName] = useState(token.name);
  const [saved, setSaved] = useState(false);
  const rename = useAction((next: string) => api.put<ApiToken>(tokenPath(token.id), bodyOf(token, { name: next })));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if ((await rename.run(name.trim())) === undefined) return;
    setSaved(true);
    onSaved();
  };
  return (
    <Section title="Rename">
      {saved ? <SuccessNotice>Renamed.</SuccessNotice> : null}
      <ErrorNotice error={rename.error} onDismiss={rename.clear} />
      <form onSubmit={(e) => void submit(e)}>
        <TextField label="Name" value={name} onChange={setName} required />
        <button type="submit" className="primary" disabled={rename.busy || name.trim() === '' || name.trim() === token.name}>
          Rename
        </button>
      </form>
    </Section>
  );
}

function NetworkForm({ token, onSaved }: { token: ApiToken; onSaved: () => void }) {
  const { api } = useSession();
  const [draft, setDraft] = useState<NetworkDraft>(() => draftOf(token.network));
  const [saved, setSaved] = useState(false);
  const save = useAction((next: NetworkDraft) => api.put<ApiToken>(tokenPath(token.id), bodyOf(token, { network: networkOf(next) })));
  const problem = draftProblem(draft);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if ((await save.run(draft)) === undefined) return;
    setSaved(true);
    onSaved();
  };
  return (
    <Section title="Network condition">
      <p className="muted">Where requests made with this token may come from. A request from anywhere else is refused and logged.</p>
      {saved ? <SuccessNotice>Saved the network condition.</SuccessNotice> : null}
      <ErrorNotice error={save.error} onDismiss={save.clear} />
      <form onSubmit={(e) => void submit(e)}>
        <NetworkEditor value={draft} onChange={setDraft} />
        {problem !== undefined ? <p className="muted">{problem}</p> : null}
        <button type="submit" className="primary" disabled={save.busy || problem !== undefined}>
          Save network condition
        </button>
      </form>
    </Section>
  );
}

function RotateForm({ token, onRotated }: { token: ApiToken; onRotated: () => void }) {
  const { api } = useSession();
  const [grace, setGrace] = useState('PT24H');
  const [rotated, setRotated] = useState<RotatedApiToken | undefined>(undefined);
  const rotate = useAction((gracePeriod: string) => api.post<RotatedApiToken>(`${tokenPath(token.id)}/lifecycle/rotate`, { gracePeriod }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await rotate.run(grace.trim());
    if (answer === undefined) return;
    setRotated(answer);
    onRotated();
  };
  return (
    <Section title="Rotate">
      {rotated !== undefined ? (
        <>
          <SuccessNotice>
            Rotated: a new token, <Link href={`/tokens/${rotated.id}`}>{rotated.name}</Link>, replaces this one, which keeps working until{' '}
            <Time iso={rotated.rotatedFrom.retiresAt} /> and then stops. Put the new secret where the old one is used before then.
          </SuccessNotice>
          <SecretOnce label="API token" value={rotated.token} />
          <p>
            <Link href={`/tokens/${rotated.id}`}>Open the new token</Link>
          </p>
        </>
      ) : (
        <>
          <p className="muted">
            A new secret now, with the same owner, name, window and network condition. The old secret keeps working for the grace period, so that whatever uses
            it can change over.
          </p>
          <ErrorNotice error={rotate.error} onDismiss={rotate.clear} />
          <form onSubmit={(e) => void submit(e)}>
            <TextField
              label="Grace period"
              value={grace}
              onChange={setGrace}
              required
              hint="How long the old secret keeps working: an ISO-8601 duration, at most P7D, such as PT1H, PT24H or P7D."
            />
            <button type="submit" className="primary" disabled={rotate.busy || grace.trim() === ''}>
              Rotate
            </button>
          </form>
        </>
      )}
    </Section>
  );
}
