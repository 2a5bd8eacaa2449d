/**
 * /zones/:zoneId: one IP network zone, its addresses, its edit (a whole-zone PUT), activate or
 * deactivate, and delete. The server refuses to delete an active zone, and to deactivate, delete
 * or make a blocklist of a zone a network condition names: its refusal is shown in its words.
 */
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useAction, useQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { Loading, PageHeader, Section, Status, Time } from '../../components/ui';
import { param, type PageProps } from '../../routes';
import { ZoneForm } from './ZoneForm';
import type { NetworkZone } from './types';

function Addresses({ title, addresses, empty }: { title: string; addresses: readonly { type: string; value: string }[]; empty: string }) {
  return (
    <Section title={title}>
      <DataTable
        caption={title}
        rows={addresses}
        rowKey={(a) => `${a.type} ${a.value}`}
        empty={empty}
        columns={[
          { header: 'Address', cell: (a) => <code>{a.value}</code> },
          { header: 'Form', cell: (a) => (a.type === 'CIDR' ? 'CIDR block' : a.value.includes('-') ? 'Range' : 'One address') },
        ]}
      />
    </Section>
  );
}

export function ZonePage(props: PageProps) {
  const zoneId = param(props, 'zoneId');
  const path = `/api/v1/zones/${encodeURIComponent(zoneId)}`;
  const { api, may } = useSession();
  const [, navigate] = useLocation();
  const loaded = useQuery<NetworkZone>(path);
  const [changed, setChanged] = useState<NetworkZone | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);
  const zone = changed ?? loaded.data;

  const lifecycle = useAction(async (step: 'activate' | 'deactivate') => api.post<NetworkZone>(`${path}/lifecycle/${step}`));
  const remove = useAction(async () => {
    await api.delete(path);
    return true;
  });

  if (zone === undefined) {
    return (
      <>
        <PageHeader title="Network zone" description={<Link href="/zones">All network zones</Link>} />
        {loaded.loading ? <Loading what="Reading the zone" /> : <ErrorNotice error={loaded.error} />}
      </>
    );
  }

  const active = zone.status === 'ACTIVE';
  const step = active ? 'deactivate' : 'activate';
  const mayStep = may('POST', `/api/v1/zones/:zoneId/lifecycle/${step}`);
  const mayEdit = may('PUT', '/api/v1/zones/:zoneId');
  const mayDelete = may('DELETE', '/api/v1/zones/:zoneId');

  const runStep = async () => {
    setDone(undefined);
    remove.clear();
    const updated = await lifecycle.run(step);
    if (updated !== undefined) {
      setChanged(updated);
      setDone(updated.status === 'ACTIVE' ? 'The zone is active.' : 'The zone is inactive.');
    }
  };

  const runDelete = async () => {
    setDone(undefined);
    lifecycle.clear();
    if ((await remove.run()) === true) navigate('/zones');
  };

  return (
    <>
      <PageHeader
        title={zone.name}
        description={
          <>
            <Link href="/zones">All network zones</Link> · IP network zone
          </>
        }
        actions={
          <>
            {mayEdit && !editing ? (
              <button type="button" onClick={() => setEditing(true)}>
                Edit
              </button>
            ) : null}
            {mayStep ? (
              <button type="button" onClick={() => void runStep()} disabled={lifecycle.busy}>
                {active ? 'Deactivate' : 'Activate'}
              </button>
            ) : null}
            {mayDelete ? (
              <ConfirmButton
                label="Delete"
                confirmLabel="Delete zone"
                question={
                  <>
                    Delete the network zone <strong>{zone.name}</strong>? This cannot be undone.
                    {active ? ' Tessera deletes only inactive zones: deactivate it first.' : ''}
                  </>
                }
                onConfirm={runDelete}
                disabled={remove.busy}
              />
            ) : null}
          </>
        }
      />
      <ErrorNotice error={lifecycle.error} onDismiss={lifecycle.clear} />
      <ErrorNotice error={remove.error} onDismiss={remove.clear} />
      {done !== undefined ? <SuccessNotice>{done}</SuccessNotice> : null}
      {editing ? (
        <Section title="Edit zone">
          <ZoneForm
            zone={zone}
            onSaved={(saved) => {
              setChanged(saved);
              setEditing(false);
              setDone('The zone is saved.');
            }}
            onCancel={() => setEditing(false)}
          />
        </Section>
      ) : null}
      <Section title="Zone">
        <dl className="facts">
          <dt>Name</dt>
          <dd>{zone.name}</dd>
          <dt>ID</dt>
          <dd>
            <code>{zone.id}</code>
          </dd>
          <dt>Status</dt>
          <dd>
            <Status value={zone.status} />
          </dd>
          <dt>Usage</dt>
          <dd>{zone.usage === 'BLOCKLIST' ? 'BLOCKLIST (stored, not enforced yet)' : zone.usage}</dd>
          <dt>Type</dt>
          <dd>{zone.type}</dd>
          <dt>Created</dt>
          <dd>
            <Time iso={zone.created} />
          </dd>
          <dt>Last updated</dt>
          <dd>
            <Time iso={zone.lastUpdated} />
          </dd>
        </dl>
        {mayDelete && active ? <p className="muted">Only an inactive zone can be deleted, and only when no network condition names it.</p> : null}
      </Section>
      <Addresses title="Gateways" addresses={zone.gateways} empty="No gateways: the zone holds no client address." />
      <Addresses title="Proxies" addresses={zone.proxies ?? []} empty="No proxies." />
    </>
  );
}
