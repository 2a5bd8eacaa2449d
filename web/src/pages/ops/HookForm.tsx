/**
 * Create or edit an event hook: its name, where it POSTs (https, or plain http to this machine
 * only: the server enforces it), the event types it subscribes to (the server's own list of
 * eligible types), its auth header and other headers. The auth header's value is write-only:
 * the server never returns it, and a replace that leaves it out keeps the stored one.
 */
import { useId, useState, type FormEvent } from 'react';
import { HOOK_EVENT_TYPES } from '../../../../src/management/event-hooks/eligible-event-types';
import { useAction } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import type { EventHook, EventHookBody } from './types';

interface EventGroup {
  readonly title: string;
  readonly types: readonly string[];
}

const ELIGIBLE = Object.keys(HOOK_EVENT_TYPES) as (keyof typeof HOOK_EVENT_TYPES)[];

const GROUPS: readonly EventGroup[] = (() => {
  const of = (test: (t: string) => boolean) => ELIGIBLE.filter(test);
  const groups: EventGroup[] = [
    { title: 'Users', types: of((t) => t.startsWith('user.')) },
    { title: 'Groups', types: of((t) => t.startsWith('group.')) },
    { title: 'Applications', types: of((t) => t.startsWith('application.') || t.startsWith('app.')) },
    { title: 'API tokens', types: of((t) => t.startsWith('system.api_token.')) },
  ];
  const placed = new Set(groups.flatMap((g) => g.types));
  const rest = ELIGIBLE.filter((t) => !placed.has(t));
  return rest.length > 0 ? [...groups, { title: 'Other', types: rest }] : groups;
})();

const isTessera = (type: string): boolean => (HOOK_EVENT_TYPES as Readonly<Record<string, string>>)[type] === 'tessera';

function EventTypePicker({ selected, onChange }: { selected: ReadonlySet<string>; onChange: (next: ReadonlySet<string>) => void }) {
  const id = useId();
  const toggle = (type: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(type);
    else next.delete(type);
    onChange(next);
  };
  return (
    <fieldset
      style={{ border: '1px solid var(--line)', borderRadius: 6, padding: '0.5rem 1rem 0.75rem', margin: '0 0 0.85rem' }}
      aria-describedby={`${id}-hint`}
    >
      <legend style={{ fontWeight: 600 }}>Event types</legend>
      <p id={`${id}-hint`} className="muted" style={{ margin: '0 0 0.5rem' }}>
        The events Tessera sends to the hook ({selected.size} chosen). Types marked Tessera are Tessera’s extensions; the others are Okta’s hook-eligible
        events.
      </p>
      <div className="actions">
        <button type="button" onClick={() => onChange(new Set(ELIGIBLE))}>
          Select all event types
        </button>
        <button type="button" onClick={() => onChange(new Set())}>
          Clear event types
        </button>
      </div>
      {GROUPS.map((group, g) => (
        <fieldset key={group.title} style={{ border: 'none', padding: 0, margin: '0.75rem 0 0' }}>
          <legend style={{ fontWeight: 600, padding: 0 }}>{group.title}</legend>
          <ul
            style={{
              listStyle: 'none',
              padding: 0,
              margin: '0.25rem 0 0',
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(21rem, 1fr))',
              gap: '0.25rem 1rem',
            }}
          >
            {group.types.map((type, i) => {
              const boxId = `${id}-${g}-${i}`;
              return (
                <li key={type} style={{ display: 'flex', gap: '0.4rem', alignItems: 'center' }}>
                  <input id={boxId} type="checkbox" checked={selected.has(type)} onChange={(e) => toggle(type, e.target.checked)} />
                  <label htmlFor={boxId} className="mono" style={{ fontWeight: 400 }}>
                    {type}
                  </label>
                  {isTessera(type) ? <span className="badge badge-neutral">Tessera</span> : null}
                </li>
              );
            })}
          </ul>
        </fieldset>
      ))}
    </fieldset>
  );
}

/** `Name: value` lines → headers, or a problem per line without a colon. */
function headersOf(text: string): { headers: { key: string; value: string }[]; problems: string[] } {
  const headers: { key: string; value: string }[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const colon = raw.indexOf(':');
    if (colon <= 0) problems.push(`Other headers, line ${index + 1}: write it as Name: value.`);
    else headers.push({ key: raw.slice(0, colon).trim(), value: raw.slice(colon + 1).trim() });
  });
  return { headers, problems };
}

export function HookForm({ hook, onSaved, onCancel }: { hook?: EventHook; onSaved: (hook: EventHook) => void; onCancel: () => void }) {
  const { api } = useSession();
  const config = hook?.channel.config;
  const [name, setName] = useState(hook?.name ?? '');
  const [description, setDescription] = useState(hook?.description ?? '');
  const [uri, setUri] = useState(config?.uri ?? '');
  const [events, setEvents] = useState<ReadonlySet<string>>(new Set(hook?.events.items ?? []));
  const [authKey, setAuthKey] = useState(config?.authScheme?.key ?? '');
  const [authValue, setAuthValue] = useState('');
  const [headers, setHeaders] = useState((config?.headers ?? []).map((h) => `${h.key}: ${h.value}`).join('\n'));
  const [problems, setProblems] = useState<string[]>([]);
  const save = useAction(async (body: EventHookBody) =>
    hook === undefined ? api.post<EventHook>('/api/v1/eventHooks', body) : api.put<EventHook>(`/api/v1/eventHooks/${encodeURIComponent(hook.id)}`, body),
  );
  const creating = hook === undefined;
  const storedKey = config?.authScheme?.key;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = headersOf(headers);
    setProblems(parsed.problems);
    save.clear();
    if (parsed.problems.length > 0) return;
    const key = authKey.trim();
    const authScheme: EventHookBody['channel']['config']['authScheme'] =
      key === '' && authValue === '' ? null : { type: 'HEADER', key, ...(authValue !== '' ? { value: authValue } : {}) };
    const body: EventHookBody = {
      name: name.trim(),
      description: description.trim() === '' ? null : description.trim(),
      // In the order of the server's list, whatever the order they were ticked in.
      events: { type: 'EVENT_TYPE', items: ELIGIBLE.filter((t) => events.has(t)) },
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: uri.trim(), headers: parsed.headers, authScheme } },
    };
    const saved = await save.run(body);
    if (saved !== undefined) {
      setAuthValue('');
      onSaved(saved);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={creating ? 'New event hook' : 'Edit event hook'} noValidate>
      {problems.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <strong>Check the headers.</strong>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorNotice error={save.error} onDismiss={save.clear} />
      <TextField label="Name" value={name} onChange={setName} required hint="Unique among the hooks, at most 255 characters." />
      <TextField label="Description" value={description} onChange={setDescription} hint="Optional." />
      <TextField
        label="URI"
        type="url"
        value={uri}
        onChange={setUri}
        required
        placeholder="https://example.com/okta-events"
        hint="Where Tessera POSTs the events: an https URL, or plain http only to this machine (127.0.0.1, ::1, localhost)."
      />
      <EventTypePicker selected={events} onChange={setEvents} />
      <TextField
        label="Auth header key"
        value={authKey}
        onChange={setAuthKey}
        placeholder="Authorization"
        hint="Sent with every call, with the value below, so your service can tell the calls are Tessera’s. Empty: no auth header."
      />
      <TextField
        label="Auth header value"
        type="password"
        autoComplete="new-password"
        value={authValue}
        onChange={setAuthValue}
        hint={
          creating || storedKey === undefined
            ? 'Write-only: Tessera stores it encrypted and never shows it again, not even here.'
            : `Write-only: the current value of ${storedKey} is stored encrypted and never shown. Leave this empty to keep it; type a new one to replace it.`
        }
      />
      <TextField
        label="Other headers"
        multiline
        value={headers}
        onChange={setHeaders}
        placeholder="X-Source: tessera"
        hint="Optional, one a line as Name: value. These are not secret: they are shown back. Changing the URI or any header requires verifying the hook again."
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.busy}>
          {creating ? 'Create event hook' : 'Save changes'}
        </button>
        <button type="button" onClick={onCancel} disabled={save.busy}>
          Cancel
        </button>
        {save.busy ? <span role="status">Saving…</span> : null}
      </div>
    </form>
  );
}
