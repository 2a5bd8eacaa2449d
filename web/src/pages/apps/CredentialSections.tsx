/**
 * An app's public keys (`…/credentials/jwks`) and client secrets (`…/credentials/secrets`), with
 * the server's lifecycle rules (key-service.ts, secret-service.ts): only an inactive key or secret
 * can be deleted, the last active key of a private_key_jwt app and the last active secret cannot
 * be deactivated, at most 50 keys and two secrets. What a rule forbids is not offered; what the
 * API refuses anyway (a target rule) is shown in its words.
 */
import { useState, type FormEvent } from 'react';
import { usePaged, useAction } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { PagedTable } from '../../components/DataTable';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { SecretOnce } from '../../components/SecretOnce';
import { Section, Status, Time } from '../../components/ui';
import { KeyInputError, type GeneratedKey } from '../../crypto/keys';
import type { AppBody, AppKey, ClientSecret } from './model';
import { KeyChoice, NEW_KEY_CHOICE, PrivateKeyOnce, resolveKey, type KeyChoiceValue, type ResolvedKey } from './parts';

const MAX_KEYS = 50;
const MAX_SECRETS = 2;

function useWork() {
  return useAction((work: () => Promise<void>) => work());
}

const keyName = (key: AppKey): string => key.kid ?? key.id;

export function KeysSection({ app }: { app: AppBody }) {
  const { api, may } = useSession();
  const base = `/api/v1/apps/${encodeURIComponent(app.id)}/credentials/jwks`;
  const paged = usePaged<AppKey>(base);
  const work = useWork();
  const [choice, setChoice] = useState<KeyChoiceValue>(NEW_KEY_CHOICE);
  const [keyError, setKeyError] = useState<string | undefined>(undefined);
  const [added, setAdded] = useState<{ kid: string; generated: GeneratedKey | undefined } | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [preparing, setPreparing] = useState(false);

  const mayAdd = may('POST', '/api/v1/apps/:appId/credentials/jwks');
  const mayActivate = may('POST', '/api/v1/apps/:appId/credentials/jwks/:keyId/lifecycle/activate');
  const mayDeactivate = may('POST', '/api/v1/apps/:appId/credentials/jwks/:keyId/lifecycle/deactivate');
  const mayDelete = may('DELETE', '/api/v1/apps/:appId/credentials/jwks/:keyId');
  const signsWithKey = app.credentials.oauthClient.token_endpoint_auth_method === 'private_key_jwt';
  const active = paged.items.filter((k) => k.status === 'ACTIVE').length;

  const change = (message: string, call: () => Promise<unknown>) =>
    void work.run(async () => {
      setDone(undefined);
      setAdded(undefined);
      await call();
      setDone(message);
      paged.reload();
    });

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setKeyError(undefined);
    setDone(undefined);
    setAdded(undefined);
    setPreparing(true);
    let resolved: ResolvedKey;
    try {
      resolved = await resolveKey(choice);
    } catch (error) {
      if (error instanceof KeyInputError) setKeyError(error.message);
      // Anything else (WebCrypto unavailable, say) is shown as the API's refusals are.
      else
        await work.run(() => {
          throw error;
        });
      return;
    } finally {
      setPreparing(false);
    }
    const { publicJwk, generated } = resolved;
    await work.run(async () => {
      await api.post<AppKey>(base, publicJwk);
      setAdded({ kid: publicJwk.kid, generated });
      setChoice(NEW_KEY_CHOICE);
      paged.reload();
    });
  };

  const actions = (key: AppKey) => {
    const name = keyName(key);
    const path = `${base}/${encodeURIComponent(key.id)}`;
    if (key.status === 'ACTIVE') {
      if (!mayDeactivate) return null;
      if (signsWithKey && active <= 1) return <span className="muted">The only active key</span>;
      return (
        <ConfirmButton
          label="Deactivate key"
          question={`Deactivate the key ${name}? Tokens requested with assertions signed by it will be refused until it is activated again.`}
          onConfirm={() => change(`The key ${name} was deactivated.`, () => api.post(`${path}/lifecycle/deactivate`))}
        />
      );
    }
    return (
      <div className="actions">
        {mayActivate ? (
          <button type="button" disabled={work.busy} onClick={() => change(`The key ${name} was activated.`, () => api.post(`${path}/lifecycle/activate`))}>
            Activate key
          </button>
        ) : null}
        {mayDelete ? (
          <ConfirmButton
            label="Delete key"
            question={`Delete the key ${name}? This cannot be undone.`}
            onConfirm={() => change(`The key ${name} was deleted.`, () => api.delete(path))}
          />
        ) : null}
      </div>
    );
  };

  return (
    <Section title="Public keys">
      <p className="muted">
        {signsWithKey
          ? 'The app proves itself by signing a JWT with a private key; Tessera checks it with these public keys. To replace a key without downtime: add the new one, move the app to it, then deactivate and delete the old one.'
          : 'Public keys registered on this app.'}
      </p>
      <ErrorNotice error={work.error} onDismiss={work.clear} />
      {done !== undefined ? <SuccessNotice>{done}</SuccessNotice> : null}
      <PagedTable
        paged={paged}
        caption="Public keys"
        rowKey={(k) => k.id}
        empty={mayAdd ? 'This app has no public keys. Add one below.' : 'This app has no public keys.'}
        columns={[
          { header: 'Key ID', cell: (k) => (k.kid === null ? <span className="muted">No kid</span> : <code>{k.kid}</code>) },
          { header: 'Type', cell: (k) => `${k.kty}${k.alg !== undefined ? ` · ${k.alg}` : ''}${k.crv !== undefined ? ` · ${k.crv}` : ''}` },
          { header: 'Status', cell: (k) => <Status value={k.status} /> },
          { header: 'Added', cell: (k) => <Time iso={k.created} /> },
          ...(mayActivate || mayDeactivate || mayDelete ? [{ header: 'Actions', cell: actions }] : []),
        ]}
      />
      {(mayDeactivate || mayDelete) && paged.items.length > 0 ? (
        <p className="muted">
          An active key can’t be deleted: deactivate it first.
          {signsWithKey ? ' The only active key can’t be deactivated: add another first.' : ''}
        </p>
      ) : null}
      {added !== undefined ? (
        <>
          <SuccessNotice>
            The key <code>{added.kid}</code> was added and is active.
          </SuccessNotice>
          {added.generated !== undefined ? <PrivateKeyOnce generated={added.generated} /> : null}
        </>
      ) : null}
      {mayAdd && paged.items.length < MAX_KEYS ? (
        <form onSubmit={(e) => void add(e)} aria-label="Add a public key">
          <h3>Add a key</h3>
          {keyError !== undefined ? (
            <div className="notice notice-error" role="alert">
              <strong>The public key can’t be used.</strong> {keyError}
            </div>
          ) : null}
          <KeyChoice value={choice} onChange={setChoice} />
          <button type="submit" className="primary" disabled={work.busy || preparing}>
            {choice.source === 'generate' ? 'Generate and add key' : 'Add key'}
          </button>
        </form>
      ) : mayAdd ? (
        <p className="muted">This app holds {MAX_KEYS} keys, the most it may: delete an inactive one to add another.</p>
      ) : null}
    </Section>
  );
}

const secretName = (secret: ClientSecret): string => secret.secret_hash;

export function SecretsSection({ app }: { app: AppBody }) {
  const { api, may } = useSession();
  const base = `/api/v1/apps/${encodeURIComponent(app.id)}/credentials/secrets`;
  const paged = usePaged<ClientSecret>(base);
  const work = useWork();
  const [created, setCreated] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);

  const mayCreate = may('POST', '/api/v1/apps/:appId/credentials/secrets');
  const mayActivate = may('POST', '/api/v1/apps/:appId/credentials/secrets/:secretId/lifecycle/activate');
  const mayDeactivate = may('POST', '/api/v1/apps/:appId/credentials/secrets/:secretId/lifecycle/deactivate');
  const mayDelete = may('DELETE', '/api/v1/apps/:appId/credentials/secrets/:secretId');
  const active = paged.items.filter((s) => s.status === 'ACTIVE').length;

  const change = (message: string, call: () => Promise<unknown>) =>
    void work.run(async () => {
      setDone(undefined);
      setCreated(undefined);
      await call();
      setDone(message);
      paged.reload();
    });

  const create = () =>
    void work.run(async () => {
      setDone(undefined);
      const answer = await api.post<ClientSecret>(base, {});
      setCreated(answer?.client_secret);
      paged.reload();
    });

  const actions = (secret: ClientSecret) => {
    const name = secretName(secret);
    const path = `${base}/${encodeURIComponent(secret.id)}`;
    if (secret.status === 'ACTIVE') {
      if (!mayDeactivate) return null;
      if (active <= 1) return <span className="muted">The only active secret</span>;
      return (
        <ConfirmButton
          label="Deactivate secret"
          question={`Deactivate the client secret ${name}? The app can no longer authenticate with it until it is activated again.`}
          onConfirm={() => change(`The client secret ${name} was deactivated.`, () => api.post(`${path}/lifecycle/deactivate`))}
        />
      );
    }
    return (
      <div className="actions">
        {mayActivate ? (
          <button
            type="button"
            disabled={work.busy}
            onClick={() => change(`The client secret ${name} was activated.`, () => api.post(`${path}/lifecycle/activate`))}
          >
            Activate secret
          </button>
        ) : null}
        {mayDelete ? (
          <ConfirmButton
            label="Delete secret"
            question={`Delete the client secret ${name}? This cannot be undone.`}
            onConfirm={() => change(`The client secret ${name} was deleted.`, () => api.delete(path))}
          />
        ) : null}
      </div>
    );
  };

  return (
    <Section
      title="Client secrets"
      actions={
        mayCreate && paged.items.length < MAX_SECRETS && !paged.loading ? (
          <button type="button" className="primary" disabled={work.busy} onClick={create}>
            New client secret
          </button>
        ) : undefined
      }
    >
      <p className="muted">
        Tessera keeps only a digest of each secret and shows it once, when it is made. To replace a secret without downtime: make a new one, move the app to it,
        then deactivate and delete the old one. At most two.
      </p>
      <ErrorNotice error={work.error} onDismiss={work.clear} />
      {done !== undefined ? <SuccessNotice>{done}</SuccessNotice> : null}
      {created !== undefined ? <SecretOnce label="Client secret" value={created} /> : null}
      <PagedTable
        paged={paged}
        caption="Client secrets"
        rowKey={(s) => s.id}
        empty={mayCreate ? 'This app has no client secret: it cannot authenticate. Make one with “New client secret”.' : 'This app has no client secret.'}
        columns={[
          { header: 'Secret hash', cell: (s) => <code>{s.secret_hash}</code> },
          { header: 'Status', cell: (s) => <Status value={s.status} /> },
          { header: 'Created', cell: (s) => <Time iso={s.created} /> },
          ...(mayActivate || mayDeactivate || mayDelete ? [{ header: 'Actions', cell: actions }] : []),
        ]}
      />
      {mayCreate && paged.items.length >= MAX_SECRETS ? (
        <p className="muted">This app holds two secrets, the most it may: delete an inactive one to make another.</p>
      ) : null}
      {(mayDeactivate || mayDelete) && paged.items.length > 0 ? (
        <p className="muted">An active secret can’t be deleted: deactivate it first. The only active secret can’t be deactivated.</p>
      ) : null}
    </Section>
  );
}
