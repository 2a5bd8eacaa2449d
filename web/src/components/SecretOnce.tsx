/** A secret the server shows once (an API token, a client secret, a generated private key), with a copy button. */
import { useState } from 'react';

export function SecretOnce({
  label,
  value,
  multiline = false,
  why = 'Tessera keeps only a digest of it and cannot show it again.',
}: {
  label: string;
  value: string;
  multiline?: boolean;
  why?: string;
}) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = () =>
    navigator.clipboard.writeText(value).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  return (
    <div className="secret" role="group" aria-label={label}>
      <p className="notice notice-warn">
        <strong>Copy it now.</strong> {label} is shown only this once: {why}
      </p>
      {multiline ? (
        <textarea readOnly value={value} rows={8} aria-label={label} className="mono" data-secret="" />
      ) : (
        <input readOnly value={value} aria-label={label} className="mono" data-secret="" />
      )}
      <button type="button" onClick={() => void copy()}>
        Copy {label}
      </button>
      <span role="status" className="muted">
        {copied === 'yes' ? ' Copied.' : copied === 'failed' ? ' The browser refused to copy: select the text and copy it.' : ''}
      </span>
    </div>
  );
}
