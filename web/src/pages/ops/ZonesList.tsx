/** /zones: the IP network zones, a page at a time, by usage; a new zone made here opens on its own page. */
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { query } from '../../api/client';
import { usePaged } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { PagedTable } from '../../components/DataTable';
import { SelectField } from '../../components/Field';
import { PageHeader, Section, Status, Time } from '../../components/ui';
import { ZoneForm } from './ZoneForm';
import type { NetworkZone } from './types';

const PAGE_SIZE = 25;

type UsageFilter = '' | 'POLICY' | 'BLOCKLIST';

export function ZonesList() {
  const { may } = useSession();
  const [, navigate] = useLocation();
  const [creating, setCreating] = useState(false);
  const [usage, setUsage] = useState<UsageFilter>('');
  const paged = usePaged<NetworkZone>(`/api/v1/zones${query({ limit: PAGE_SIZE, filter: usage === '' ? undefined : `usage eq "${usage}"` })}`);
  const mayCreate = may('POST', '/api/v1/zones');
  return (
    <>
      <PageHeader
        title="Network zones"
        description="IP zones: the addresses the network condition of an API token or app allows or refuses."
        actions={
          mayCreate && !creating ? (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              New zone
            </button>
          ) : undefined
        }
      />
      {creating ? (
        <Section title="New zone">
          <ZoneForm onSaved={(zone) => navigate(`/zones/${encodeURIComponent(zone.id)}`)} onCancel={() => setCreating(false)} />
        </Section>
      ) : null}
      <Section title="Zones">
        <div className="toolbar">
          <SelectField
            label="Filter by usage"
            value={usage}
            onChange={setUsage}
            options={[
              { value: '', label: 'All usages' },
              { value: 'POLICY', label: 'POLICY' },
              { value: 'BLOCKLIST', label: 'BLOCKLIST' },
            ]}
          />
        </div>
        <PagedTable
          paged={paged}
          caption="Network zones"
          rowKey={(z) => z.id}
          empty={
            usage === ''
              ? mayCreate
                ? 'No network zones yet. Create one with New zone, then name it in the network condition of an API token or app.'
                : 'No network zones yet. An administrator who manages zones can create one.'
              : `No ${usage} zones. Choose All usages to see every zone.`
          }
          columns={[
            { header: 'Name', cell: (z) => <Link href={`/zones/${encodeURIComponent(z.id)}`}>{z.name}</Link> },
            { header: 'Status', cell: (z) => <Status value={z.status} /> },
            { header: 'Usage', cell: (z) => z.usage },
            { header: 'Gateways', cell: (z) => z.gateways.length, className: 'num' },
            { header: 'Proxies', cell: (z) => z.proxies?.length ?? 0, className: 'num' },
            { header: 'Last updated', cell: (z) => <Time iso={z.lastUpdated} /> },
          ]}
        />
      </Section>
    </>
  );
}
