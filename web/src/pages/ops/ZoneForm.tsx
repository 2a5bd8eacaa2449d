/**
 * Create or edit an IP network zone: its name, usage, gateways and proxies (one address a line).
 * The lines are checked loosely here; the server checks them strictly and its causes are shown.
 */
import { useState, type FormEvent } from 'react';
import { useAction } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Field';
import { addressesOf, textOf } from './zone-lines';
import type { NetworkZone, ZoneBody, ZoneUsage } from './types';

const USAGES: readonly { value: ZoneUsage; label: string }[] = [
  { value: 'POLICY', label: 'Policy (network conditions of tokens and apps)' },
  { value: 'BLOCKLIST', label: 'Blocklist' },
];

export function ZoneForm({ zone, onSaved, onCancel }: { zone?: NetworkZone; onSaved: (zone: NetworkZone) => void; onCancel: () => void }) {
  const { api } = useSession();
  const [name, setName] = useState(zone?.name ?? '');
  const [usage, setUsage] = useState<ZoneUsage>(zone?.usage === 'BLOCKLIST' ? 'BLOCKLIST' : 'POLICY');
  const [gateways, setGateways] = useState(textOf(zone?.gateways ?? []));
  const [proxies, setProxies] = useState(textOf(zone?.proxies ?? null));
  const [problems, setProblems] = useState<string[]>([]);
  const save = useAction(async (body: ZoneBody) =>
    zone === undefined ? api.post<NetworkZone>('/api/v1/zones', body) : api.put<NetworkZone>(`/api/v1/zones/${encodeURIComponent(zone.id)}`, body),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const g = addressesOf(gateways, 'Gateways');
    const p = addressesOf(proxies, 'Proxies');
    const found = [...g.problems, ...p.problems];
    setProblems(found);
    save.clear();
    if (found.length > 0) return;
    const saved = await save.run({ type: 'IP', name: name.trim(), usage, gateways: g.addresses, proxies: p.addresses.length > 0 ? p.addresses : null });
    if (saved !== undefined) onSaved(saved);
  };

  const creating = zone === undefined;
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={creating ? 'New network zone' : 'Edit network zone'} noValidate>
      {problems.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <strong>Check the addresses.</strong>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorNotice error={save.error} onDismiss={save.clear} />
      <TextField label="Name" value={name} onChange={setName} required hint="At most 128 characters, unique among the zones." />
      <SelectField
        label="Usage"
        value={usage}
        onChange={setUsage}
        options={USAGES}
        hint="Network conditions of API tokens and apps can name active policy zones. Blocklist zones are stored and shown but not enforced yet."
      />
      <TextField
        label="Gateways"
        multiline
        value={gateways}
        onChange={setGateways}
        hint="One a line: a CIDR block (10.0.0.0/8, 2001:db8::/32), a range (10.0.0.1-10.0.0.9) or one address. A request is in the zone when its address is in one of these."
      />
      <TextField
        label="Proxies"
        multiline
        value={proxies}
        onChange={setProxies}
        hint="One a line, as gateways. Optional: stored and shown, as Okta’s; the proxies Tessera trusts are set by TESSERA_TRUST_PROXY."
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.busy}>
          {creating ? 'Create zone' : 'Save changes'}
        </button>
        <button type="button" onClick={onCancel} disabled={save.busy}>
          Cancel
        </button>
        {save.busy ? <span role="status">Saving…</span> : null}
      </div>
    </form>
  );
}
