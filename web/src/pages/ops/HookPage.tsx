/**
 * /hooks/:hookId: one event hook: what it subscribes to and where it sends, Verify (the
 * receiver's answer to Tessera's challenge, or the reason it failed), activate or deactivate,
 * edit, delete (the server deletes only an inactive hook), and its deliveries (Tessera's
 * extension), newest first, each with every attempt made.
 */
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { query } from '../../api/client';
import { useAction, usePaged, useQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { PagedTable } from '../../components/DataTable';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { Loading, PageHeader, Section, Status, Time } from '../../components/ui';
import { param, type PageProps } from '../../routes';
import { HookForm } from './HookForm';
import { Chips, DeliveryStatus, Instant } from './parts';
import type { Delivery, EventHook } from './types';

const DELIVERY_PAGE_SIZE = 20;

function Facts({ hook }: { hook: EventHook }) {
  const config = hook.channel.config;
  return (
    <dl className="facts">
      <dt>Name</dt>
      <dd>{hook.name}</dd>
      <dt>ID</dt>
      <dd>
        <code>{hook.id}</code>
      </dd>
      <dt>Status</dt>
      <dd>
        <Status value={hook.status} />
      </dd>
      <dt>Verification</dt>
      <dd>
        <Status value={hook.verificationStatus} />
      </dd>
      <dt>URI</dt>
      <dd>
        <code style={{ overflowWrap: 'anywhere' }}>{config.uri}</code> <span className="muted">({config.method})</span>
      </dd>
      {hook.description !== null ? (
        <>
          <dt>Description</dt>
          <dd>{hook.description}</dd>
        </>
      ) : null}
      <dt>Event types</dt>
      <dd>
        <Chips items={hook.events.items} empty="None" />
      </dd>
      <dt>Auth header</dt>
      <dd>
        {config.authScheme === null ? (
          <span className="muted">None</span>
        ) : (
          <>
            <code>{config.authScheme.key}</code> <span className="muted">with a secret value: write-only, stored encrypted, never shown</span>
          </>
        )}
      </dd>
      <dt>Other headers</dt>
      <dd>
        {config.headers.length === 0 ? (
          <span className="muted">None</span>
        ) : (
          <ul style={{ margin: 0, paddingLeft: '1rem' }}>
            {config.headers.map((h) => (
              <li key={h.key}>
                <code>
                  {h.key}: {h.value}
                </code>
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>Created</dt>
      <dd>
        <Time iso={hook.created} /> <span className="muted">by</span>{' '}
        {hook.createdBy.startsWith('00u') ? (
          <Link href={`/users/${encodeURIComponent(hook.createdBy)}`}>
            <code>{hook.createdBy}</code>
          </Link>
        ) : (
          <code>{hook.createdBy}</code>
        )}
      </dd>
      <dt>Last updated</dt>
      <dd>
        <Time iso={hook.lastUpdated} />
      </dd>
    </dl>
  );
}

function Attempts({ delivery }: { delivery: Delivery }) {
  if (delivery.attempts.length === 0) return <span className="muted">None yet</span>;
  const count = delivery.attempts.length;
  return (
    <details>
      <summary>
        {count} {count === 1 ? 'attempt' : 'attempts'}
      </summary>
      <ol style={{ margin: '0.25rem 0 0', paddingLeft: '1.25rem' }}>
        {delivery.attempts.map((a) => (
          <li key={a.attempt}>
            <DeliveryStatus value={a.outcome} /> <Instant iso={a.started} />, {a.durationMs} ms
            {a.statusCode !== null ? `, HTTP ${a.statusCode}` : ', no HTTP answer'}
            {a.error !== null ? <div className="muted">{a.error}</div> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

function lastStatusCode(delivery: Delivery): number | null {
  return delivery.attempts.at(-1)?.statusCode ?? null;
}

function Deliveries({ hookPath }: { hookPath: string }) {
  const paged = usePaged<Delivery>(`${hookPath}/deliveries${query({ limit: DELIVERY_PAGE_SIZE })}`);
  return (
    <Section
      title="Deliveries"
      actions={
        <button type="button" onClick={paged.reload} disabled={paged.loading}>
          Refresh deliveries
        </button>
      }
    >
      <p className="muted">Newest first: each batch of events sent to the hook, with every attempt. Deliveries are kept for 7 days by default.</p>
      <PagedTable
        paged={paged}
        caption="Deliveries"
        rowKey={(d) => d.id}
        empty="No deliveries yet. An active, verified hook receives the events it subscribes to within seconds of their being logged."
        columns={[
          { header: 'Time', cell: (d) => <Instant iso={d.created} /> },
          {
            header: 'Events',
            cell: (d) => (
              <>
                <Chips items={[...new Set(d.events.map((e) => e.eventType))]} empty="None" />
                <span className="muted">
                  {d.events.length} {d.events.length === 1 ? 'event' : 'events'}
                </span>
              </>
            ),
          },
          {
            header: 'Status',
            cell: (d) => (
              <>
                <DeliveryStatus value={d.status} />
                {d.status === 'PENDING' && d.nextAttemptAt !== null ? (
                  <div className="muted">
                    Next attempt <Instant iso={d.nextAttemptAt} />
                  </div>
                ) : null}
              </>
            ),
          },
          { header: 'Attempts', cell: (d) => <Attempts delivery={d} /> },
          { header: 'HTTP status', cell: (d) => lastStatusCode(d) ?? <span className="muted">None</span>, className: 'num' },
          { header: 'Error', cell: (d) => d.lastError ?? <span className="muted">None</span> },
        ]}
      />
    </Section>
  );
}

type Step = 'verify' | 'activate' | 'deactivate';

export function HookPage(props: PageProps) {
  const hookId = param(props, 'hookId');
  const path = `/api/v1/eventHooks/${encodeURIComponent(hookId)}`;
  const { api, may } = useSession();
  const [, navigate] = useLocation();
  const loaded = useQuery<EventHook>(path);
  const [changed, setChanged] = useState<EventHook | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);
  const hook = changed ?? loaded.data;

  const lifecycle = useAction(async (step: Step) => api.post<EventHook>(`${path}/lifecycle/${step}`));
  const remove = useAction(async () => {
    await api.delete(path);
    return true;
  });

  if (hook === undefined) {
    return (
      <>
        <PageHeader title="Event hook" description={<Link href="/hooks">All event hooks</Link>} />
        {loaded.loading ? <Loading what="Reading the hook" /> : <ErrorNotice error={loaded.error} />}
      </>
    );
  }

  const active = hook.status === 'ACTIVE';
  const toggleStep = active ? 'deactivate' : 'activate';
  const mayVerify = may('POST', '/api/v1/eventHooks/:eventHookId/lifecycle/verify');
  const mayToggle = may('POST', `/api/v1/eventHooks/:eventHookId/lifecycle/${toggleStep}`);
  const mayEdit = may('PUT', '/api/v1/eventHooks/:eventHookId');
  const mayDelete = may('DELETE', '/api/v1/eventHooks/:eventHookId');
  const mayDeliveries = may('GET', '/api/v1/eventHooks/:eventHookId/deliveries');

  const run = async (step: Step) => {
    setDone(undefined);
    remove.clear();
    const updated = await lifecycle.run(step);
    if (updated === undefined) return;
    setChanged(updated);
    setDone(
      step === 'verify'
        ? `Verified: the receiver at ${updated.channel.config.uri} answered the challenge.`
        : updated.status === 'ACTIVE'
          ? 'The hook is active.'
          : 'The hook is inactive: it receives no events until it is activated again.',
    );
  };

  const runDelete = async () => {
    setDone(undefined);
    lifecycle.clear();
    if ((await remove.run()) === true) navigate('/hooks');
  };

  return (
    <>
      <PageHeader
        title={hook.name}
        description={
          <>
            <Link href="/hooks">All event hooks</Link> · Event hook
          </>
        }
        actions={
          <>
            {mayVerify ? (
              <button
                type="button"
                className={hook.verificationStatus === 'VERIFIED' ? undefined : 'primary'}
                onClick={() => void run('verify')}
                disabled={lifecycle.busy}
              >
                Verify
              </button>
            ) : null}
            {mayToggle ? (
              <button type="button" onClick={() => void run(toggleStep)} disabled={lifecycle.busy}>
                {active ? 'Deactivate' : 'Activate'}
              </button>
            ) : null}
            {mayEdit && !editing ? (
              <button type="button" onClick={() => setEditing(true)}>
                Edit
              </button>
            ) : null}
            {mayDelete ? (
              <ConfirmButton
                label="Delete"
                confirmLabel="Delete event hook"
                question={
                  <>
                    Delete the event hook <strong>{hook.name}</strong>? This cannot be undone.
                    {active ? ' Tessera deletes only inactive hooks: deactivate it first.' : ''}
                  </>
                }
                onConfirm={runDelete}
                disabled={remove.busy}
              />
            ) : null}
          </>
        }
      />
      {lifecycle.busy ? <p role="status">Working…</p> : null}
      <ErrorNotice error={lifecycle.error} onDismiss={lifecycle.clear} />
      <ErrorNotice error={remove.error} onDismiss={remove.clear} />
      {done !== undefined ? <SuccessNotice>{done}</SuccessNotice> : null}
      {!active || hook.verificationStatus !== 'VERIFIED' ? (
        <p className="notice notice-warn">
          {!active
            ? 'This hook is inactive: it receives no events. Activate it to resume with the events logged from then on.'
            : 'This hook is not verified: it receives no events until it is. Verify sends GET to its URI with a challenge its receiver must echo back.'}
        </p>
      ) : null}
      {editing ? (
        <Section title="Edit event hook">
          <HookForm
            hook={hook}
            onSaved={(saved) => {
              setChanged(saved);
              setEditing(false);
              setDone(saved.verificationStatus === 'VERIFIED' ? 'The hook is saved.' : 'The hook is saved. Verify it again before it receives events.');
            }}
            onCancel={() => setEditing(false)}
          />
        </Section>
      ) : null}
      <Section title="Hook">
        <Facts hook={hook} />
        {mayDelete && active ? <p className="muted">Only an inactive hook can be deleted.</p> : null}
      </Section>
      {mayDeliveries ? <Deliveries hookPath={path} /> : null}
    </>
  );
}
