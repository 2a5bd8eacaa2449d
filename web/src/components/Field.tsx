/** Labelled form controls: every input has a visible label and, when given, a hint tied to it. */
import { useId, type ReactNode } from 'react';

export function TextField({
  label,
  value,
  onChange,
  hint,
  type = 'text',
  required = false,
  placeholder,
  autoComplete = 'off',
  multiline = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'datetime-local';
  required?: boolean;
  placeholder?: string;
  autoComplete?: string;
  multiline?: boolean;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const common = { id, value, required, placeholder, autoComplete, 'aria-describedby': hint !== undefined ? hintId : undefined };
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {multiline ? (
        <textarea {...common} rows={6} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint !== undefined ? (
        <small id={hintId} className="muted">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

export function SelectField<V extends string>({
  label,
  value,
  onChange,
  options,
  hint,
}: {
  label: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly { value: V; label: string }[];
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as V)} aria-describedby={hint !== undefined ? `${id}-hint` : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint !== undefined ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

export function CheckboxField({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint !== undefined ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint !== undefined ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
    </div>
  );
}
