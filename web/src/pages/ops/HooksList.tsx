/** /hooks: the event hooks (at most 25 an org, listed at once by the server), and a new one made here. */
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { usePaged } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { PagedTable } from '../../components/DataTable';
import { PageHeader, Section, Status } from '../../components/ui';
import { HookForm } from './HookForm';
import type { EventHook } from './types';

export function HooksList() {
  const { may } = useSession();
  const [, navigate] = useLocation();
  const [creating, setCreating] = useState(false);
  const paged = usePaged<EventHook>('/api/v1/eventHooks');
  const mayCreate = may('POST', '/api/v1/eventHooks');
  return (
    <>
      <PageHeader
        title="Event hooks"
        description="Tessera sends each hook the events it subscribes to, as POST requests to its URI, as Okta does. Only super admins see and manage hooks."
        actions={
          mayCreate && !creating ? (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              New event hook
            </button>
          ) : undefined
        }
      />
      {creating ? (
        <Section title="New event hook">
          <p className="muted">A new hook is active but unverified: it receives events once it is verified (its receiver answers Tessera’s challenge).</p>
          <HookForm onSaved={(hook) => navigate(`/hooks/${encodeURIComponent(hook.id)}`)} onCancel={() => setCreating(false)} />
        </Section>
      ) : null}
      <Section title="Hooks">
        <PagedTable
          paged={paged}
          caption="Event hooks"
          rowKey={(h) => h.id}
          empty={
            mayCreate
              ? 'No event hooks yet. Create one with New event hook to have Tessera send events to your service.'
              : 'No event hooks yet. A super admin can create one.'
          }
          columns={[
            { header: 'Name', cell: (h) => <Link href={`/hooks/${encodeURIComponent(h.id)}`}>{h.name}</Link> },
            { header: 'Status', cell: (h) => <Status value={h.status} /> },
            { header: 'Verification', cell: (h) => <Status value={h.verificationStatus} /> },
            { header: 'URI', cell: (h) => <code style={{ overflowWrap: 'anywhere' }}>{h.channel.config.uri}</code> },
            { header: 'Event types', cell: (h) => h.events.items.length, className: 'num' },
          ]}
        />
      </Section>
    </>
  );
}
