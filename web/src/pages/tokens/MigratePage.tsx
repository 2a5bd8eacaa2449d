/**
 * `/tokens/:tokenId/migrate`: the integration behind an API token moved to a service app
 * (`POST /api/v1/api-tokens/{id}/migrate`). Plan (a dry run), key (made in this browser, so that
 * the private key never leaves it, or the admin's own public key), the token's fate, then the
 * migration itself and the `@okta/okta-sdk-nodejs` configuration to copy.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useAction, useQuery } from '../../api/hooks';
import type { ApiToken } from '../../api/types';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { UncoveredTable } from '../../components/Insights';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { SecretOnce } from '../../components/SecretOnce';
import { Badge, Loading, PageHeader, Section, Time } from '../../components/ui';
import { generateSigningKey, KeyInputError, parsePublicKey, type GeneratedKey, type PublicJwk } from '../../crypto/keys';
import { param, type PageProps } from '../../routes';
import { tokenPath } from './paths';
import type { MigrateInput, MigrationAnswer, SdkConfig } from './types';

type Step = 'plan' | 'key' | 'fate' | 'migrate';
const STEPS: readonly { step: Step; label: string }[] = [
  { step: 'plan', label: '1. Plan' },
  { step: 'key', label: '2. Key' },
  { step: 'fate', label: "3. Token's fate" },
  { step: 'migrate', label: '4. Migrate' },
];

type KeyMode = 'generate' | 'paste';
type Fate = 'never' | 'now' | 'after';

const MIGRATE_ROUTE = '/api/v1/api-tokens/:apiTokenId/migrate';

export function MigratePage(props: PageProps) {
  const tokenId = param(props, 'tokenId');
  const { may } = useSession();
  const allowed = may('POST', MIGRATE_ROUTE, { apiTokenId: tokenId });
  const token = useQuery<ApiToken>(allowed ? tokenPath(tokenId) : null);
  const back = (
    <p>
      <Link href={`/tokens/${tokenId}`}>Back to the token</Link>
    </p>
  );
  if (!allowed) {
    return (
      <>
        <PageHeader title="Migrate to a service app" />
        <p className="notice notice-warn" role="status">
          Migrating a token makes an app, which needs the okta.apps.manage permission in your admin roles and in this sign-in&apos;s scopes. You do not hold it.
        </p>
        {back}
      </>
    );
  }
  if (token.data === undefined) {
    return (
      <>
        <PageHeader title="Migrate to a service app" />
        {token.loading ? <Loading what="Reading the token" /> : <ErrorNotice error={token.error} />}
        {back}
      </>
    );
  }
  return <Wizard token={token.data} />;
}

function Chips({ items, empty }: { items: readonly string[]; empty: string }) {
  if (items.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ul className="chips">
      {items.map((i) => (
        <li key={i}>
          <code>{i}</code>
        </li>
      ))}
    </ul>
  );
}

function Radio({ name, value, checked, onChange, children }: { name: string; value: string; checked: boolean; onChange: () => void; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field field-check">
      <input id={id} type="radio" name={name} value={value} checked={checked} onChange={onChange} />
      <label htmlFor={id}>{children}</label>
    </div>
  );
}

function Wizard({ token }: { token: ApiToken }) {
  const { api } = useSession();
  const [step, setStep] = useState<Step>('plan');
  const [label, setLabel] = useState('');
  const [plan, setPlan] = useState<MigrationAnswer | undefined>(undefined);
  const [keyMode, setKeyMode] = useState<KeyMode>('generate');
  const [generated, setGenerated] = useState<GeneratedKey | undefined>(undefined);
  const [pasted, setPasted] = useState('');
  const [pastedKey, setPastedKey] = useState<PublicJwk | undefined>(undefined);
  const [keyError, setKeyError] = useState<string | undefined>(undefined);
  const [fate, setFate] = useState<Fate>('never');
  const [after, setAfter] = useState('P7D');
  const [result, setResult] = useState<MigrationAnswer | undefined>(undefined);
  const stepBox = useRef<HTMLDivElement>(null);
  const shownStep = useRef(step);
  const fateName = useId();
  const keyName = useId();

  // Keyboard and screen-reader users land on the step they moved to.
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    stepBox.current?.focus();
  }, [step]);

  const path = `${tokenPath(token.id)}/migrate`;
  const labelInput = label.trim() === '' ? {} : { label: label.trim() };
  const dryRun = useAction(() => api.post<MigrationAnswer>(path, { dryRun: true, ...labelInput } satisfies MigrateInput));
  const generate = useAction(() => generateSigningKey());
  const publicKey = keyMode === 'generate' ? generated?.publicJwk : pastedKey;
  const revokeToken = fate === 'never' ? 'never' : fate === 'now' ? 'now' : after.trim();
  const migrate = useAction(async () => {
    if (publicKey === undefined) throw new Error('Choose a key first.');
    return api.post<MigrationAnswer>(path, { publicKey: { ...publicKey }, ...labelInput, revokeToken } satisfies MigrateInput);
  });

  const runPlan = async (event: FormEvent) => {
    event.preventDefault();
    setPlan(await dryRun.run());
  };
  const runGenerate = async () => {
    const key = await generate.run();
    if (key !== undefined) setGenerated(key);
  };
  const checkPasted = async () => {
    setKeyError(undefined);
    setPastedKey(undefined);
    try {
      setPastedKey(await parsePublicKey(pasted));
    } catch (error) {
      setKeyError(error instanceof KeyInputError ? error.message : `The key could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const runMigrate = async () => {
    const answer = await migrate.run();
    if (answer !== undefined) setResult(answer);
  };

  const current = STEPS.findIndex((s) => s.step === step);
  const fateWords =
    fate === 'never'
      ? 'kept: it keeps working until you revoke it or it goes unused for its window'
      : fate === 'now'
        ? 'revoked now: whatever still uses it is refused at once'
        : `revoked after ${after.trim()}: it keeps working until then`;

  return (
    <>
      <PageHeader
        title="Migrate to a service app"
        description={
          <>
            From the API token <Link href={`/tokens/${token.id}`}>{token.name}</Link>: an API Services app that signs in with a private key and holds only what
            the token used in the last 30 days.
          </>
        }
      />
      <ol className="steps" aria-label="Migration steps">
        {STEPS.map((s, i) => (
          <li key={s.step} aria-current={s.step === step ? 'step' : undefined}>
            {s.label}
            {i < current ? <span className="visually-hidden"> (done)</span> : null}
          </li>
        ))}
      </ol>
      <div ref={stepBox} tabIndex={-1} style={{ outline: 'none' }}>
        {step === 'plan' ? (
          <Section title="Plan">
            <p className="muted">A dry run: nothing is written. It shows what the migration would make from the token&apos;s usage.</p>
            <form onSubmit={(e) => void runPlan(e)}>
              <TextField
                label="Label"
                value={label}
                onChange={(value) => {
                  setLabel(value);
                  setPlan(undefined);
                }}
                placeholder={`${token.name} (service app)`}
                hint={`The new app's name; empty for “${token.name} (service app)”.`}
              />
              <button type="submit" className={plan === undefined ? 'primary' : undefined} disabled={dryRun.busy}>
                Plan the migration
              </button>
            </form>
            <ErrorNotice error={dryRun.error} onDismiss={dryRun.clear} />
            {dryRun.busy ? <Loading what="Planning" /> : null}
            {plan !== undefined ? <PlanView plan={plan} /> : null}
            <div className="actions" style={{ marginTop: '1rem' }}>
              <button type="button" className="primary" disabled={plan === undefined} onClick={() => setStep('key')}>
                Continue
              </button>
            </div>
          </Section>
        ) : null}

        {step === 'key' ? (
          <Section title="Key">
            <p className="muted">The app signs its token requests with a private key (private_key_jwt); Tessera keeps only the public key.</p>
            <fieldset className="field">
              <legend>Signing key</legend>
              <Radio name={keyName} value="generate" checked={keyMode === 'generate'} onChange={() => setKeyMode('generate')}>
                Generate a key pair in this browser
              </Radio>
              <Radio name={keyName} value="paste" checked={keyMode === 'paste'} onChange={() => setKeyMode('paste')}>
                Use my own public key
              </Radio>
            </fieldset>
            {keyMode === 'generate' ? (
              <>
                <ErrorNotice error={generate.error} onDismiss={generate.clear} />
                {generated === undefined ? (
                  <button type="button" disabled={generate.busy} onClick={() => void runGenerate()}>
                    Generate key pair
                  </button>
                ) : (
                  <>
                    <p>
                      An RSA 2048 key (RS256), key id <code>{generated.publicJwk.kid}</code>. Only its public half will be sent to Tessera.
                    </p>
                    <SecretOnce label="Private key (PEM)" value={generated.privatePem} multiline why="It was made in this browser and never sent to Tessera." />
                    <SecretOnce
                      label="Private key (JWK)"
                      value={JSON.stringify(generated.privateJwk, null, 2)}
                      multiline
                      why="It was made in this browser and never sent to Tessera."
                    />
                  </>
                )}
              </>
            ) : (
              <>
                <TextField
                  label="Public key"
                  value={pasted}
                  onChange={(value) => {
                    setPasted(value);
                    setPastedKey(undefined);
                    setKeyError(undefined);
                  }}
                  multiline
                  hint="A public JWK (JSON, kty RSA or EC) or a PEM block (-----BEGIN PUBLIC KEY-----). Never paste the private key."
                />
                <button type="button" disabled={pasted.trim() === ''} onClick={() => void checkPasted()}>
                  Check key
                </button>
                {keyError !== undefined ? (
                  <div className="notice notice-error" role="alert" style={{ marginTop: '0.75rem' }}>
                    <strong>This key cannot be used.</strong> {keyError}
                  </div>
                ) : null}
                {pastedKey !== undefined ? (
                  <SuccessNotice>
                    A {pastedKey.kty} public key{pastedKey.alg !== undefined ? ` (${pastedKey.alg})` : ''}, key id <code>{pastedKey.kid}</code>.
                  </SuccessNotice>
                ) : null}
              </>
            )}
            <div className="actions" style={{ marginTop: '1rem' }}>
              <button type="button" onClick={() => setStep('plan')}>
                Back
              </button>
              <button type="button" className="primary" disabled={publicKey === undefined} onClick={() => setStep('fate')}>
                Continue
              </button>
            </div>
          </Section>
        ) : null}

        {step === 'fate' ? (
          <Section title="Token's fate">
            <fieldset className="field">
              <legend>After the migration, the API token is</legend>
              <Radio name={fateName} value="never" checked={fate === 'never'} onChange={() => setFate('never')}>
                Kept (revoke it yourself later)
              </Radio>
              <Radio name={fateName} value="after" checked={fate === 'after'} onChange={() => setFate('after')}>
                Revoked after a grace period
              </Radio>
              <Radio name={fateName} value="now" checked={fate === 'now'} onChange={() => setFate('now')}>
                Revoked now
              </Radio>
            </fieldset>
            {fate === 'after' ? (
              <TextField
                label="Revoke after"
                value={after}
                onChange={setAfter}
                required
                hint="An ISO-8601 duration, such as PT24H or P7D: time to put the new configuration in place."
              />
            ) : null}
            <div className="actions" style={{ marginTop: '1rem' }}>
              <button type="button" onClick={() => setStep('key')}>
                Back
              </button>
              <button type="button" className="primary" disabled={fate === 'after' && after.trim() === ''} onClick={() => setStep('migrate')}>
                Continue
              </button>
            </div>
          </Section>
        ) : null}

        {step === 'migrate' ? (
          <Section title="Migrate">
            {result === undefined ? (
              <>
                <dl className="facts">
                  <dt>App</dt>
                  <dd>{plan?.plan.label ?? (label.trim() || `${token.name} (service app)`)}</dd>
                  <dt>Scopes</dt>
                  <dd>
                    <Chips items={plan?.plan.scopes ?? []} empty="As planned" />
                  </dd>
                  <dt>Roles</dt>
                  <dd>
                    <Chips items={plan?.plan.roles ?? []} empty="No role" />
                  </dd>
                  <dt>Key</dt>
                  <dd>
                    {keyMode === 'generate' ? 'Generated in this browser' : 'Your public key'}, key id <code>{publicKey?.kid ?? ''}</code>
                  </dd>
                  <dt>API token</dt>
                  <dd>{fateWords}</dd>
                </dl>
                <ErrorNotice error={migrate.error} onDismiss={migrate.clear} />
                <div className="actions" style={{ marginTop: '1rem' }}>
                  <button type="button" onClick={() => setStep('fate')}>
                    Back
                  </button>
                  {fate === 'never' ? (
                    <button type="button" className="primary" disabled={migrate.busy || publicKey === undefined} onClick={() => void runMigrate()}>
                      Migrate
                    </button>
                  ) : (
                    <ConfirmButton
                      label="Migrate"
                      confirmLabel="Migrate and revoke the token"
                      disabled={migrate.busy || publicKey === undefined}
                      question={`Make the service app and have the API token “${token.name}” ${fateWords}? This cannot be undone.`}
                      onConfirm={() => void runMigrate()}
                    />
                  )}
                </div>
                {migrate.busy ? <Loading what="Migrating" /> : null}
              </>
            ) : (
              <Done result={result} generated={keyMode === 'generate' ? generated : undefined} />
            )}
          </Section>
        ) : null}
      </div>
    </>
  );
}

function PlanView({ plan }: { plan: MigrationAnswer }) {
  const p = plan.plan;
  const s = plan.suggestion;
  return (
    <div style={{ marginTop: '1rem' }}>
      <h3>What the migration would make</h3>
      <dl className="facts">
        <dt>App label</dt>
        <dd>{p.label}</dd>
        <dt>Scopes granted</dt>
        <dd>
          <Chips items={p.scopes} empty="No scope" />
        </dd>
        <dt>Roles assigned</dt>
        <dd>
          <Chips items={p.roles} empty="No role" />
        </dd>
        <dt>Based on</dt>
        <dd>
          {s.basedOn.requests} requests between <Time iso={s.basedOn.since} /> and <Time iso={s.basedOn.until} />
        </dd>
        <dt>Permissions left behind</dt>
        <dd>
          <Chips items={s.unusedPermissions} empty="None: the token used every permission it holds" />
        </dd>
      </dl>
      {s.uncovered.length > 0 ? (
        <>
          <h3>
            Requests the app could not make <Badge tone="warn">{s.uncovered.length}</Badge>
          </h3>
          <p className="muted">No role a service app can hold covers these: whatever made them needs another way after the migration.</p>
          <UncoveredTable caption="Requests no service app could make" rows={s.uncovered} />
        </>
      ) : null}
    </div>
  );
}

function Done({ result, generated }: { result: MigrationAnswer; generated: GeneratedKey | undefined }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const app = result.app;
  const base: SdkConfig = result.sdkConfig ?? {
    orgUrl: location.origin,
    authorizationMode: 'PrivateKey',
    clientId: app?.id ?? '',
    scopes: result.plan.scopes,
    keyId: result.keyId ?? '',
    privateKey: '<the private key of the public key you gave>',
  };
  // The key made in this browser is the one the app's public key belongs to.
  const config: SdkConfig = generated !== undefined ? { ...base, privateKey: generated.privatePem } : base;
  const text = JSON.stringify(config, null, 2);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  const revoked = result.plan.revokeToken;
  return (
    <>
      <SuccessNotice>
        Made the service app {app !== undefined ? <Link href={`/apps/${app.id}`}>{app.label}</Link> : <strong>{result.plan.label}</strong>}
        {revoked.mode === 'NOW' ? (
          ', and revoked the API token.'
        ) : revoked.mode === 'AFTER' ? (
          <>
            ; the API token retires at <Time iso={revoked.at} />.
          </>
        ) : (
          '. The API token still works.'
        )}
      </SuccessNotice>
      <h3>@okta/okta-sdk-nodejs configuration</h3>
      {generated !== undefined ? (
        <p className="notice notice-warn">
          <strong>Copy it now.</strong> It holds the private key made in this browser, which was never sent to Tessera and will not be shown again.
        </p>
      ) : (
        <p className="muted">Put the private key of the public key you gave in place of privateKey.</p>
      )}
      <pre className="json" tabIndex={0} role="region" aria-label="SDK configuration">
        {text}
      </pre>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy configuration
        </button>
        <span role="status" className="muted">
          {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'The browser refused to copy: select the text and copy it.' : ''}
        </span>
        {app !== undefined ? <Link href={`/apps/${app.id}`}>Open the app</Link> : null}
        <Link href={`/tokens/${result.token.id}`}>Back to the token</Link>
      </div>
    </>
  );
}
