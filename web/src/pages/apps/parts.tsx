/**
 * Controls the app pages share: a labelled group of radio buttons, the scope picker, the choice
 * of a public key (made in this browser, or pasted) and the private key shown once.
 */
import { useId, type ReactNode } from 'react';
import { TextField } from '../../components/Field';
import { SecretOnce } from '../../components/SecretOnce';
import { generateSigningKey, parsePublicKey, type GeneratedKey, type PublicJwk } from '../../crypto/keys';
import { SCOPE_PERMISSIONS, type OktaScope } from '../../../../src/auth/scopes';

const FIELDSET = { border: 'none', padding: 0, margin: '0 0 1rem', minWidth: 0 } as const;
const LEGEND = { fontWeight: 600, padding: 0, marginBottom: '0.35rem' } as const;

export function RadioGroup<V extends string>({
  legend,
  value,
  onChange,
  options,
}: {
  legend: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly { value: V; label: string; hint?: ReactNode }[];
}) {
  const name = useId();
  return (
    <fieldset style={FIELDSET}>
      <legend style={LEGEND}>{legend}</legend>
      {options.map((o) => {
        const id = `${name}-${o.value}`;
        return (
          <div className="field field-check" key={o.value}>
            <input
              type="radio"
              id={id}
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              aria-describedby={o.hint !== undefined ? `${id}-hint` : undefined}
            />
            <label htmlFor={id}>{o.label}</label>
            {o.hint !== undefined ? (
              <small id={`${id}-hint`} className="muted">
                {o.hint}
              </small>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/** Checkboxes of `okta.*` scopes, each with the permissions it opens. */
export function ScopePicker({
  legend,
  scopes,
  selected,
  onChange,
}: {
  legend: string;
  scopes: readonly OktaScope[];
  selected: ReadonlySet<string>;
  onChange: (selected: ReadonlySet<string>) => void;
}) {
  const name = useId();
  return (
    <fieldset style={FIELDSET}>
      <legend style={LEGEND}>{legend}</legend>
      <ul
        style={{
          listStyle: 'none',
          padding: 0,
          margin: 0,
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(19rem, 1fr))',
          gap: '0.5rem 1.25rem',
        }}
      >
        {scopes.map((scope) => {
          const id = `${name}-${scope}`;
          return (
            <li key={scope} style={{ display: 'flex', gap: '0.5rem', alignItems: 'flex-start' }}>
              <input
                type="checkbox"
                id={id}
                checked={selected.has(scope)}
                aria-describedby={`${id}-hint`}
                style={{ marginTop: '0.25rem' }}
                onChange={(e) => {
                  const next = new Set(selected);
                  if (e.target.checked) next.add(scope);
                  else next.delete(scope);
                  onChange(next);
                }}
              />
              <span>
                <label htmlFor={id}>{scope}</label>
                <br />
                <small id={`${id}-hint`} className="muted">
                  Opens {SCOPE_PERMISSIONS[scope].join(', ')}
                </small>
              </span>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

export type KeySource = 'generate' | 'paste';

export interface KeyChoiceValue {
  readonly source: KeySource;
  readonly pasted: string;
}

export const NEW_KEY_CHOICE: KeyChoiceValue = { source: 'generate', pasted: '' };

/** Where the public key comes from: a key pair made here (the private half shown once), or a key the admin pastes. */
export function KeyChoice({ value, onChange }: { value: KeyChoiceValue; onChange: (value: KeyChoiceValue) => void }) {
  return (
    <>
      <RadioGroup<KeySource>
        legend="Public key"
        value={value.source}
        onChange={(source) => onChange({ ...value, source })}
        options={[
          {
            value: 'generate',
            label: 'Generate a key pair in this browser',
            hint: 'An RS256 key made with WebCrypto. Only the public key is sent to Tessera; the private key is shown to you once.',
          },
          { value: 'paste', label: 'Paste a public key', hint: 'A JWK (JSON) or a PEM public key (-----BEGIN PUBLIC KEY-----). Never paste a private key.' },
        ]}
      />
      {value.source === 'paste' ? (
        <TextField label="Public key (JWK or PEM)" multiline value={value.pasted} onChange={(pasted) => onChange({ ...value, pasted })} required />
      ) : null}
    </>
  );
}

export interface ResolvedKey {
  readonly publicJwk: PublicJwk;
  /** Only for a key made here: the private half, to show once. */
  readonly generated: GeneratedKey | undefined;
}

/** The public key to send; throws `KeyInputError` (its message is for the admin) when the pasted text is not one. */
export async function resolveKey(choice: KeyChoiceValue): Promise<ResolvedKey> {
  if (choice.source === 'paste') return { publicJwk: await parsePublicKey(choice.pasted), generated: undefined };
  const generated = await generateSigningKey();
  return { publicJwk: generated.publicJwk, generated };
}

const MADE_HERE = 'It was made in this browser and never sent to Tessera.';

/** The private half of a key made here, as PEM and as JWK, shown this once. */
export function PrivateKeyOnce({ generated }: { generated: GeneratedKey }) {
  return (
    <div>
      <p>
        Key ID (<code>kid</code>): <code>{generated.publicJwk.kid}</code>
      </p>
      <SecretOnce label="Private key PEM" value={generated.privatePem} multiline why={MADE_HERE} />
      <SecretOnce label="Private key JWK" value={JSON.stringify(generated.privateJwk, null, 2)} multiline why={MADE_HERE} />
    </div>
  );
}
