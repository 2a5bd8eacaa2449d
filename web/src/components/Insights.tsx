/**
 * A credential's usage (`GET …/usage`) and least-privilege suggestion (`GET …/suggestion`), the
 * same for API tokens and apps: the console's centre.
 */
import { query } from '../api/client';
import { useQuery } from '../api/hooks';
import type { SuggestionReport, UsageReport } from '../api/types';
import { DailyChart } from './DailyChart';
import { DataTable } from './DataTable';
import { ErrorNotice } from './ErrorNotice';
import { Badge, Empty, Loading, Section, Time } from './ui';

export function UsageView({ basePath, since }: { basePath: string; since?: string }) {
  const usage = useQuery<UsageReport>(`${basePath}/usage${query({ since })}`);
  if (usage.loading) return <Loading what="Reading usage" />;
  if (usage.data === undefined) return <ErrorNotice error={usage.error} />;
  const u = usage.data;
  return (
    <Section title="Usage">
      <dl className="facts">
        <dt>Last used</dt>
        <dd>
          {u.lastUsed === null ? (
            <span className="muted">Never</span>
          ) : (
            <>
              <Time iso={u.lastUsed.at} /> from {u.lastUsed.ipAddress ?? 'an unknown address'}
              {u.lastUsed.userAgent !== null ? <span className="muted"> · {u.lastUsed.userAgent}</span> : null}
            </>
          )}
        </dd>
        <dt>Window</dt>
        <dd>
          <Time iso={u.window.since} /> – <Time iso={u.window.until} />
        </dd>
        <dt>Requests</dt>
        <dd>
          {u.totals.requests} ({u.totals.refused} refused)
        </dd>
      </dl>
      {u.totals.requests === 0 ? (
        <Empty>No requests in this window. Counts reach the database within a minute of a request.</Empty>
      ) : (
        <>
          <DailyChart daily={u.daily} label="Requests per day" since={u.window.since} until={u.window.until} />
          <h3>By permission</h3>
          <DataTable
            caption="Requests by permission"
            rows={u.byPermission}
            rowKey={(r) => r.permission}
            empty="None"
            columns={[
              { header: 'Permission', cell: (r) => <code>{r.permission}</code> },
              { header: 'Requests', cell: (r) => r.requests, className: 'num' },
              { header: 'Last', cell: (r) => <Time iso={r.lastAt} /> },
            ]}
          />
          <h3>By endpoint</h3>
          <DataTable
            caption="Requests by endpoint"
            rows={u.byEndpoint}
            rowKey={(r) => `${r.method} ${r.route}`}
            empty="None"
            columns={[
              {
                header: 'Endpoint',
                cell: (r) => (
                  <code>
                    {r.method} {r.route}
                  </code>
                ),
              },
              { header: 'Requests', cell: (r) => r.requests, className: 'num' },
              { header: 'Refused', cell: (r) => r.refused, className: 'num' },
              { header: 'Last', cell: (r) => <Time iso={r.lastAt} /> },
            ]}
          />
        </>
      )}
    </Section>
  );
}

function List({ items, empty }: { items: readonly string[]; empty: string }) {
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

/** The requests a suggestion could not cover, each with why. */
export function UncoveredTable({ caption, rows }: { caption: string; rows: SuggestionReport['uncovered'] }) {
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(r) => `${r.method} ${r.route}`}
      empty="None"
      columns={[
        {
          header: 'Endpoint',
          cell: (r) => (
            <code>
              {r.method} {r.route}
            </code>
          ),
        },
        { header: 'Requests', cell: (r) => r.requests, className: 'num' },
        { header: 'Why', cell: (r) => r.reason },
      ]}
    />
  );
}

export function SuggestionView({ basePath }: { basePath: string }) {
  const suggestion = useQuery<SuggestionReport>(`${basePath}/suggestion`);
  if (suggestion.loading) return <Loading what="Working out the least privilege" />;
  if (suggestion.data === undefined) return <ErrorNotice error={suggestion.error} />;
  const s = suggestion.data;
  return (
    <Section title="Least privilege">
      <p className="muted">
        From {s.basedOn.requests} requests between <Time iso={s.basedOn.since} /> and <Time iso={s.basedOn.until} />.
      </p>
      <div className="compare">
        <div>
          <h3>Holds now</h3>
          <p>Roles</p>
          <List items={s.holds.roles} empty="No roles" />
          {s.holds.scopes !== undefined ? (
            <>
              <p>Scopes</p>
              <List items={s.holds.scopes} empty="No scopes" />
            </>
          ) : null}
        </div>
        <div>
          <h3>Would need</h3>
          <p>Roles</p>
          <List items={s.suggested.roles} empty="No role: nothing was used" />
          <p>Scopes</p>
          <List items={s.suggested.scopes} empty="No scope" />
        </div>
      </div>
      <h3>Permissions never used</h3>
      <List items={s.unusedPermissions} empty="Every permission held was used." />
      {s.uncovered.length > 0 ? (
        <>
          <h3>
            Not covered <Badge tone="warn">{s.uncovered.length}</Badge>
          </h3>
          <UncoveredTable caption="Requests no standard role set covers" rows={s.uncovered} />
        </>
      ) : null}
    </Section>
  );
}
