/**
 * /apps/new: a service app (client credentials with a key made in this browser or pasted) or a
 * web or single-page app (authorization code), then its scope grants and client roles. These are
 * separate calls: each one's outcome is shown, and once the app exists a later refusal says
 * which part failed and leads to the app.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useSession } from '../../auth/session';
import { ErrorNotice, messageOf, SuccessNotice } from '../../components/ErrorNotice';
import { CheckboxField, TextField } from '../../components/Field';
import { SecretOnce } from '../../components/SecretOnce';
import { Badge, Empty, PageHeader, Section } from '../../components/ui';
import { KeyInputError, type GeneratedKey, type PublicJwk } from '../../crypto/keys';
import { kindOf, linesOf, titleOf, type AppBody } from './model';
import { KeyChoice, NEW_KEY_CHOICE, PrivateKeyOnce, RadioGroup, resolveKey, ScopePicker, type KeyChoiceValue } from './parts';
import { ALL_SCOPES, roleChoices, roleLabel } from './rights';

type Kind = 'service' | 'web' | 'browser';

type StepState = 'waiting' | 'running' | 'done' | 'failed';

interface Step {
  readonly id: string;
  readonly label: string;
  readonly state: StepState;
  readonly error?: unknown;
}

interface Draft {
  readonly kind: Kind;
  readonly label: string;
  readonly key: KeyChoiceValue;
  readonly redirectUris: string;
  readonly postLogoutRedirectUris: string;
  readonly refreshTokens: boolean;
  readonly dpop: boolean;
  readonly scopes: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
}

const START: Draft = {
  kind: 'service',
  label: '',
  key: NEW_KEY_CHOICE,
  redirectUris: '',
  postLogoutRedirectUris: '',
  refreshTokens: false,
  dpop: false,
  scopes: new Set(),
  roles: new Set(),
};

interface Outcome {
  readonly app: AppBody;
  readonly generated: GeneratedKey | undefined;
  readonly secret: string | undefined;
}

/** Okta's `OpenIdConnectApplication` for the kind chosen. */
function bodyOf(draft: Draft, publicJwk: PublicJwk | undefined): unknown {
  const common = { name: 'oidc_client', label: draft.label.trim(), signOnMode: 'OPENID_CONNECT' };
  if (draft.kind === 'service') {
    return {
      ...common,
      credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt', autoKeyRotation: true } },
      settings: {
        oauthClient: {
          application_type: 'service',
          grant_types: ['client_credentials'],
          response_types: ['token'],
          dpop_bound_access_tokens: draft.dpop,
          jwks: { keys: publicJwk !== undefined ? [publicJwk] : [] },
        },
      },
    };
  }
  const grants = draft.refreshTokens ? ['authorization_code', 'refresh_token'] : ['authorization_code'];
  return {
    ...common,
    credentials: {
      oauthClient:
        draft.kind === 'web'
          ? { token_endpoint_auth_method: 'client_secret_basic', autoKeyRotation: true }
          : { token_endpoint_auth_method: 'none', pkce_required: true, autoKeyRotation: true },
    },
    settings: {
      oauthClient: {
        application_type: draft.kind,
        grant_types: grants,
        response_types: ['code'],
        redirect_uris: linesOf(draft.redirectUris),
        post_logout_redirect_uris: linesOf(draft.postLogoutRedirectUris),
        dpop_bound_access_tokens: draft.dpop,
      },
    },
  };
}

function StepList({ steps }: { steps: readonly Step[] }) {
  const tones = { waiting: 'neutral', running: 'neutral', done: 'good', failed: 'bad' } as const;
  const words = { waiting: 'Waiting', running: 'Working…', done: 'Done', failed: 'Failed' } as const;
  return (
    <ol aria-label="Progress" style={{ paddingLeft: '1.25rem' }}>
      {steps.map((step) => (
        <li key={step.id} style={{ marginBottom: '0.5rem' }}>
          {step.label} <Badge tone={tones[step.state]}>{words[step.state]}</Badge>
          {step.state === 'failed' ? <ErrorNotice error={step.error} /> : null}
        </li>
      ))}
    </ol>
  );
}

export function NewApp() {
  const { api, may, roles, issuer } = useSession();
  const [draft, setDraft] = useState<Draft>(START);
  const [formError, setFormError] = useState<unknown>(undefined);
  const [steps, setSteps] = useState<readonly Step[]>([]);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);

  const mayCreate = may('POST', '/api/v1/apps');
  const mayGrant = may('POST', '/api/v1/apps/:appId/grants');
  const mayAssign = may('POST', '/oauth2/v1/clients/:clientId/roles');
  const assignable = roleChoices(roles).filter((r) => r.allowed);
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  if (!mayCreate) {
    return (
      <>
        <PageHeader title="New application" />
        <Empty>
          Your admin roles do not let you create applications. An administrator with the Application Administrator role (or above) can create one.{' '}
          <Link href="/apps">Back to applications</Link>
        </Empty>
      </>
    );
  }

  const update = (id: string, change: Partial<Step>) => setSteps((all) => all.map((s) => (s.id === id ? { ...s, ...change } : s)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    const scopes = mayGrant ? [...draft.scopes] : [];
    const roleTypes = mayAssign && draft.kind === 'service' ? [...draft.roles] : [];
    const plan: Step[] = [
      ...(draft.kind === 'service' && draft.key.source === 'generate'
        ? [{ id: 'key', label: 'Generate a key pair in this browser', state: 'waiting' as const }]
        : []),
      { id: 'app', label: `Create the ${kindOf(draft.kind).toLowerCase()} “${draft.label.trim()}”`, state: 'waiting' },
      ...scopes.map((scope) => ({ id: `scope:${scope}`, label: `Grant the scope ${scope}`, state: 'waiting' as const })),
      ...roleTypes.map((type) => ({ id: `role:${type}`, label: `Assign the role ${roleLabel(type)}`, state: 'waiting' as const })),
    ];
    setSteps(plan);
    setRunning(true);
    try {
      let publicJwk: PublicJwk | undefined;
      let generated: GeneratedKey | undefined;
      if (draft.kind === 'service') {
        if (draft.key.source === 'generate') update('key', { state: 'running' });
        try {
          const resolved = await resolveKey(draft.key);
          publicJwk = resolved.publicJwk;
          generated = resolved.generated;
          if (draft.key.source === 'generate') update('key', { state: 'done' });
        } catch (error) {
          setSteps([]);
          setFormError(error);
          return;
        }
      }
      update('app', { state: 'running' });
      let app: AppBody | undefined;
      try {
        app = await api.post<AppBody>('/api/v1/apps', bodyOf(draft, publicJwk));
      } catch (error) {
        // Nothing was made: the form stays, with the API's answer.
        setSteps([]);
        setFormError(error);
        return;
      }
      if (app === undefined) {
        setSteps([]);
        setFormError(new Error('The server answered without the new app.'));
        return;
      }
      update('app', { state: 'done' });
      const created = app;
      const clientId = created.credentials.oauthClient.client_id;
      for (const scope of scopes) {
        const id = `scope:${scope}`;
        update(id, { state: 'running' });
        try {
          await api.post(`/api/v1/apps/${encodeURIComponent(created.id)}/grants`, { scopeId: scope, issuer });
          update(id, { state: 'done' });
        } catch (error) {
          update(id, { state: 'failed', error });
        }
      }
      for (const type of roleTypes) {
        const id = `role:${type}`;
        update(id, { state: 'running' });
        try {
          await api.post(`/oauth2/v1/clients/${encodeURIComponent(clientId)}/roles`, { type });
          update(id, { state: 'done' });
        } catch (error) {
          update(id, { state: 'failed', error });
        }
      }
      setOutcome({ app: created, generated, secret: created.credentials.oauthClient.client_secret });
    } finally {
      setRunning(false);
    }
  };

  if (outcome !== undefined) {
    const failed = steps.filter((s) => s.state === 'failed');
    const href = `/apps/${encodeURIComponent(outcome.app.id)}`;
    return (
      <>
        <PageHeader title="New application" />
        {failed.length === 0 ? (
          <SuccessNotice>
            {titleOf(outcome.app)} was created. <Link href={href}>Open {titleOf(outcome.app)}</Link>
          </SuccessNotice>
        ) : (
          <div className="notice notice-warn" role="alert">
            <strong>
              {titleOf(outcome.app)} exists, but {failed.length === 1 ? 'one part' : `${failed.length} parts`} failed:
            </strong>{' '}
            {failed.map((s) => `${s.label} (${messageOf(s.error).summary})`).join('; ')}. <Link href={href}>Open {titleOf(outcome.app)}</Link> to try again.
          </div>
        )}
        <Section title="Progress">
          <StepList steps={steps} />
        </Section>
        <Section title="Credentials">
          <dl className="facts">
            <dt>Client ID</dt>
            <dd>
              <code>{outcome.app.credentials.oauthClient.client_id}</code>
            </dd>
            <dt>Kind</dt>
            <dd>{kindOf(outcome.app.settings.oauthClient.application_type)}</dd>
          </dl>
          {outcome.generated !== undefined ? <PrivateKeyOnce generated={outcome.generated} /> : null}
          {outcome.secret !== undefined ? <SecretOnce label="Client secret" value={outcome.secret} /> : null}
          {outcome.generated === undefined && outcome.secret === undefined ? (
            <p className="muted">
              {outcome.app.settings.oauthClient.application_type === 'service'
                ? 'The app signs its token requests with the private key that belongs to the public key you pasted.'
                : 'A single-page app is a public client: it holds no secret and proves itself with PKCE.'}
            </p>
          ) : null}
        </Section>
        <p>
          <Link href="/apps">Back to applications</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <PageHeader title="New application" description={<Link href="/apps">Back to applications</Link>} />
      <form onSubmit={(e) => void submit(e)} aria-label="New application">
        {formError instanceof KeyInputError ? (
          <div className="notice notice-error" role="alert">
            <strong>The public key can’t be used.</strong> {formError.message}
          </div>
        ) : (
          <ErrorNotice error={formError} onDismiss={() => setFormError(undefined)} />
        )}
        <Section title="Kind">
          <RadioGroup<Kind>
            legend="Kind of application"
            value={draft.kind}
            onChange={(kind) => set({ kind })}
            options={[
              {
                value: 'service',
                label: 'Service app',
                hint: 'API Services: a program that calls the API as itself, with client credentials and a private key (private_key_jwt).',
              },
              {
                value: 'web',
                label: 'Web app',
                hint: 'Signs users in with the authorization code flow; its server holds a client secret (client_secret_basic).',
              },
              {
                value: 'browser',
                label: 'Single-page app',
                hint: 'Signs users in from the browser with the authorization code flow and PKCE; a public client without a secret.',
              },
            ]}
          />
        </Section>
        <Section title="Settings">
          <TextField
            label="Name"
            value={draft.label}
            onChange={(label) => set({ label })}
            required
            hint="Shown to admins, on the consent page and in the System Log."
          />
          {draft.kind === 'service' ? (
            <KeyChoice value={draft.key} onChange={(key) => set({ key })} />
          ) : (
            <>
              <TextField
                label="Sign-in redirect URIs"
                multiline
                required
                value={draft.redirectUris}
                onChange={(redirectUris) => set({ redirectUris })}
                hint="One per line, exactly as the app sends them, e.g. https://app.example.com/callback."
              />
              <TextField
                label="Sign-out redirect URIs"
                multiline
                value={draft.postLogoutRedirectUris}
                onChange={(postLogoutRedirectUris) => set({ postLogoutRedirectUris })}
                hint="One per line: where users may return after signing out. Optional."
              />
              <CheckboxField
                label="Allow refresh tokens"
                checked={draft.refreshTokens}
                onChange={(refreshTokens) => set({ refreshTokens })}
                hint={draft.kind === 'browser' ? 'Refresh tokens of a single-page app rotate on every use.' : 'Adds the refresh_token grant type.'}
              />
            </>
          )}
          <CheckboxField
            label="Require DPoP-bound access tokens"
            checked={draft.dpop}
            onChange={(dpop) => set({ dpop })}
            hint="Access tokens are bound to a key the client holds (RFC 9449): a stolen token is useless without it."
          />
        </Section>
        {mayGrant ? (
          <Section title="Okta API scopes">
            <p className="muted">The scopes this app’s access tokens may carry. Grant only what it needs; you can change them later.</p>
            <ScopePicker legend="Scopes to grant" scopes={ALL_SCOPES} selected={draft.scopes} onChange={(scopes) => set({ scopes })} />
          </Section>
        ) : null}
        {mayAssign && draft.kind === 'service' && assignable.length > 0 ? (
          <Section title="Admin roles">
            <p className="muted">
              What the app may do when it acts as itself: its tokens carry the scopes granted above, and the roles below decide what those scopes reach. Only
              roles you hold all the permissions of are offered.
            </p>
            <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
              <legend className="visually-hidden">Roles to assign</legend>
              {assignable.map((r) => (
                <CheckboxField
                  key={r.type}
                  label={r.label}
                  checked={draft.roles.has(r.type)}
                  onChange={(checked) => {
                    const next = new Set(draft.roles);
                    if (checked) next.add(r.type);
                    else next.delete(r.type);
                    set({ roles: next });
                  }}
                />
              ))}
            </fieldset>
          </Section>
        ) : null}
        {steps.length > 0 ? (
          <Section title="Progress">
            <StepList steps={steps} />
          </Section>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={running}>
            {running ? 'Creating…' : 'Create application'}
          </button>
          <Link href="/apps">Cancel</Link>
        </div>
      </form>
    </>
  );
}
