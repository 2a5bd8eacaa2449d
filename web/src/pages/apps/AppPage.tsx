/**
 * /apps/:appId: one app, its settings (edited through a replace, as Okta's PUT wants the whole
 * app), its lifecycle (Okta deletes only an inactive app), its keys or secrets, scope grants,
 * client roles, usage and least privilege. Each section shows only when the API would answer
 * its read, each action only when the API would take it.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useAction, useQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { CheckboxField, TextField } from '../../components/Field';
import { SuggestionView, UsageView } from '../../components/Insights';
import { SecretOnce } from '../../components/SecretOnce';
import { Empty, Loading, PageHeader, Section, Status, Time } from '../../components/ui';
import { param, type PageProps } from '../../routes';
import { GrantsSection, RolesSection } from './AccessSections';
import { KeysSection, SecretsSection } from './CredentialSections';
import { actsAsItself, authMethodOf, isConsoleApp, kindOf, linesOf, replaceBody, titleOf, usesRedirects, usesSecret, type AppBody } from './model';

function UriList({ uris }: { uris: readonly string[] }) {
  if (uris.length === 0) return <span className="muted">None</span>;
  return (
    <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
      {uris.map((u) => (
        <li key={u}>
          <code>{u}</code>
        </li>
      ))}
    </ul>
  );
}

function Facts({ app }: { app: AppBody }) {
  const o = app.settings.oauthClient;
  const network = o.network;
  return (
    <dl className="facts">
      <dt>Name</dt>
      <dd>{app.label}</dd>
      <dt>Client ID</dt>
      <dd>
        <code>{app.credentials.oauthClient.client_id}</code>
      </dd>
      <dt>Kind</dt>
      <dd>{kindOf(o.application_type)}</dd>
      <dt>Status</dt>
      <dd>
        <Status value={app.status} />
      </dd>
      <dt>Client authentication</dt>
      <dd>{authMethodOf(app.credentials.oauthClient.token_endpoint_auth_method)}</dd>
      <dt>Grant types</dt>
      <dd>
        <ul className="chips">
          {o.grant_types.map((g) => (
            <li key={g}>
              <code>{g}</code>
            </li>
          ))}
        </ul>
      </dd>
      {usesRedirects(app) || o.redirect_uris.length > 0 ? (
        <>
          <dt>Sign-in redirect URIs</dt>
          <dd>
            <UriList uris={o.redirect_uris} />
          </dd>
          <dt>Sign-out redirect URIs</dt>
          <dd>
            <UriList uris={o.post_logout_redirect_uris} />
          </dd>
        </>
      ) : null}
      <dt>DPoP</dt>
      <dd>{o.dpop_bound_access_tokens ? 'Required: access tokens are bound to the client’s key' : 'Not required'}</dd>
      {o.application_type !== 'service' ? (
        <>
          <dt>PKCE</dt>
          <dd>{app.credentials.oauthClient.pkce_required ? 'Required' : 'Not required'}</dd>
        </>
      ) : null}
      {o.refresh_token !== undefined ? (
        <>
          <dt>Refresh tokens</dt>
          <dd>{o.refresh_token.rotation_type === 'ROTATE' ? `Rotate on every use (grace ${o.refresh_token.leeway} s)` : 'Reused until they expire'}</dd>
        </>
      ) : null}
      {network !== undefined ? (
        <>
          <dt>Network</dt>
          <dd>
            {network.include !== undefined ? `Only from the zones ${network.include.join(', ')}` : null}
            {network.exclude !== undefined ? `From anywhere but the zones ${network.exclude.join(', ')}` : null}
          </dd>
        </>
      ) : null}
      <dt>Created</dt>
      <dd>
        <Time iso={app.created} />
      </dd>
      <dt>Last updated</dt>
      <dd>
        <Time iso={app.lastUpdated} />
      </dd>
    </dl>
  );
}

function EditSettings({ app, onSaved, onCancel }: { app: AppBody; onSaved: (app: AppBody) => void; onCancel: () => void }) {
  const { api } = useSession();
  const o = app.settings.oauthClient;
  const [label, setLabel] = useState(app.label);
  const [redirects, setRedirects] = useState(o.redirect_uris.join('\n'));
  const [postLogout, setPostLogout] = useState(o.post_logout_redirect_uris.join('\n'));
  const [dpop, setDpop] = useState(o.dpop_bound_access_tokens);
  const save = useAction(async () => {
    const body = replaceBody(app, { label, redirectUris: linesOf(redirects), postLogoutRedirectUris: linesOf(postLogout), dpop });
    return api.put<AppBody>(`/api/v1/apps/${encodeURIComponent(app.id)}`, body);
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await save.run();
    if (saved !== undefined) onSaved(saved);
  };
  const redirectsShown = usesRedirects(app) || o.redirect_uris.length > 0;
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Edit settings">
      <ErrorNotice error={save.error} onDismiss={save.clear} />
      <TextField label="Name" value={label} onChange={setLabel} required />
      {redirectsShown ? (
        <>
          <TextField
            label="Sign-in redirect URIs"
            multiline
            value={redirects}
            onChange={setRedirects}
            hint="One per line, exactly as the app sends them. Matching is exact."
          />
          <TextField label="Sign-out redirect URIs" multiline value={postLogout} onChange={setPostLogout} hint="One per line. Optional." />
        </>
      ) : null}
      <CheckboxField
        label="Require DPoP-bound access tokens"
        checked={dpop}
        onChange={setDpop}
        hint="Access tokens are bound to a key the client holds (RFC 9449); clients that do not send DPoP proofs are refused."
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.busy}>
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function AppPage(props: PageProps) {
  const appId = param(props, 'appId');
  const { api, may } = useSession();
  const path = `/api/v1/apps/${encodeURIComponent(appId)}`;
  const mayRead = may('GET', '/api/v1/apps/:appId');
  const loaded = useQuery<AppBody>(mayRead ? path : null);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [newSecret, setNewSecret] = useState<string | undefined>(undefined);
  const [deleted, setDeleted] = useState<string | undefined>(undefined);
  const lifecycle = useAction(async (op: 'activate' | 'deactivate' | 'delete') => {
    setNotice(undefined);
    if (op === 'delete') await api.delete(path);
    else await api.post(`${path}/lifecycle/${op}`);
    return op;
  });

  if (!mayRead) {
    return (
      <>
        <PageHeader title="Application" />
        <Empty>
          Your admin roles do not let you see applications. <Link href="/">Back to the overview</Link>
        </Empty>
      </>
    );
  }
  if (deleted !== undefined) {
    return (
      <>
        <PageHeader title="Application deleted" />
        <SuccessNotice>
          {deleted} was deleted, with its keys, secrets, grants and roles. <Link href="/apps">Back to applications</Link>
        </SuccessNotice>
      </>
    );
  }
  if (loaded.data === undefined) {
    return (
      <>
        <PageHeader title="Application" description={<Link href="/apps">Back to applications</Link>} />
        {loaded.loading ? <Loading what="Reading the application" /> : <ErrorNotice error={loaded.error} />}
      </>
    );
  }

  const app = loaded.data;
  const active = app.status === 'ACTIVE';
  const method = app.credentials.oauthClient.token_endpoint_auth_method;
  const mayActivate = may('POST', '/api/v1/apps/:appId/lifecycle/activate');
  const mayDeactivate = may('POST', '/api/v1/apps/:appId/lifecycle/deactivate');
  const mayDelete = may('DELETE', '/api/v1/apps/:appId');
  const mayEdit = may('PUT', '/api/v1/apps/:appId');
  const base = `/api/v1/apps/${encodeURIComponent(app.id)}`;

  const runLifecycle = async (op: 'activate' | 'deactivate' | 'delete') => {
    const done = await lifecycle.run(op);
    if (done === 'delete') setDeleted(titleOf(app));
    else if (done !== undefined) {
      setNotice(done === 'activate' ? `${app.label} was activated.` : `${app.label} was deactivated: it can no longer get tokens.`);
      loaded.reload();
    }
  };

  return (
    <>
      <PageHeader
        title={titleOf(app)}
        description={
          <>
            {kindOf(app.settings.oauthClient.application_type)} · <Status value={app.status} /> · <Link href="/apps">Back to applications</Link>
          </>
        }
        actions={
          <>
            {!active && mayActivate ? (
              <button type="button" className="primary" disabled={lifecycle.busy} onClick={() => void runLifecycle('activate')}>
                Activate application
              </button>
            ) : null}
            {active && mayDeactivate ? (
              <ConfirmButton
                label="Deactivate application"
                question={`Deactivate ${titleOf(app)}? It can no longer get tokens, and its users can no longer sign in through it, until it is activated again.`}
                onConfirm={() => runLifecycle('deactivate')}
              />
            ) : null}
            {!active && mayDelete ? (
              <ConfirmButton
                label="Delete application"
                question={`Delete ${titleOf(app)}? Its keys, secrets, scope grants and roles go with it. This cannot be undone.`}
                onConfirm={() => runLifecycle('delete')}
              />
            ) : null}
          </>
        }
      />
      {isConsoleApp(app) ? (
        <p className="notice notice-warn">
          This is the app this console signs in with. Tessera made it and keeps it as the console needs; only a super administrator may change it.
        </p>
      ) : null}
      <ErrorNotice error={lifecycle.error} onDismiss={lifecycle.clear} />
      {notice !== undefined ? <SuccessNotice>{notice}</SuccessNotice> : null}
      {active && mayDelete ? <p className="muted">To delete this app, deactivate it first.</p> : null}
      <Section
        title="Settings"
        actions={
          mayEdit && !editing ? (
            <button
              type="button"
              onClick={() => {
                setNotice(undefined);
                setEditing(true);
              }}
            >
              Edit settings
            </button>
          ) : undefined
        }
      >
        {newSecret !== undefined ? <SecretOnce label="Client secret" value={newSecret} /> : null}
        {editing ? (
          <EditSettings
            app={app}
            onCancel={() => setEditing(false)}
            onSaved={(saved) => {
              setEditing(false);
              setNotice('The settings were saved.');
              setNewSecret(saved.credentials.oauthClient.client_secret);
              loaded.reload();
            }}
          />
        ) : (
          <Facts app={app} />
        )}
      </Section>
      {may('GET', '/api/v1/apps/:appId/credentials/jwks') && (method === 'private_key_jwt' || app.settings.oauthClient.jwks !== undefined) ? (
        <KeysSection app={app} />
      ) : null}
      {may('GET', '/api/v1/apps/:appId/credentials/secrets') && usesSecret(method) ? <SecretsSection app={app} /> : null}
      {may('GET', '/api/v1/apps/:appId/grants') ? <GrantsSection app={app} /> : null}
      {may('GET', '/oauth2/v1/clients/:clientId/roles') && actsAsItself(app) ? <RolesSection app={app} /> : null}
      {may('GET', '/api/v1/apps/:appId/usage') ? <UsageView basePath={base} /> : null}
      {may('GET', '/api/v1/apps/:appId/suggestion') ? <SuggestionView basePath={base} /> : null}
    </>
  );
}
