/**
 * What an app's tokens may reach: its Okta API scope grants (`/api/v1/apps/{id}/grants`; only a
 * super admin grants or revokes, grant-service.ts) and its admin roles as a client
 * (`/oauth2/v1/clients/{clientId}/roles`; no role the admin does not wholly hold, grant-rules.ts).
 */
import { useState, type FormEvent } from 'react';
import { useAction, usePaged } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { PagedTable } from '../../components/DataTable';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/Field';
import { Section, Time } from '../../components/ui';
import type { AppBody, ClientRole, ScopeGrant } from './model';
import { ScopePicker } from './parts';
import { ALL_SCOPES, mayRemoveRole, roleChoices, roleLabel } from './rights';

export function GrantsSection({ app }: { app: AppBody }) {
  const { api, may, issuer } = useSession();
  const base = `/api/v1/apps/${encodeURIComponent(app.id)}/grants`;
  const paged = usePaged<ScopeGrant>(base);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [failures, setFailures] = useState<readonly { scope: string; error: unknown }[]>([]);
  const [done, setDone] = useState<string | undefined>(undefined);
  const work = useAction((call: () => Promise<void>) => call());

  const mayGrant = may('POST', '/api/v1/apps/:appId/grants');
  const mayRevoke = may('DELETE', '/api/v1/apps/:appId/grants/:grantId');
  const granted = new Set(paged.items.map((g) => g.scopeId));
  const open = ALL_SCOPES.filter((s) => !granted.has(s));

  const grant = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    setFailures([]);
    const scopes = [...picked];
    void work.run(async () => {
      const failed: { scope: string; error: unknown }[] = [];
      const ok: string[] = [];
      for (const scope of scopes) {
        try {
          await api.post(base, { scopeId: scope, issuer });
          ok.push(scope);
        } catch (error) {
          failed.push({ scope, error });
        }
      }
      setFailures(failed);
      setPicked(new Set(failed.map((f) => f.scope)));
      if (ok.length > 0) setDone(`Granted ${ok.join(', ')}.`);
      paged.reload();
    });
  };

  const revoke = (g: ScopeGrant) =>
    void work.run(async () => {
      setDone(undefined);
      setFailures([]);
      await api.delete(`${base}/${encodeURIComponent(g.id)}`);
      setDone(`Revoked ${g.scopeId}. The app’s next token request no longer gets it.`);
      paged.reload();
    });

  return (
    <Section title="Okta API scopes">
      <p className="muted">The scopes this app’s access tokens may carry. Only a super administrator grants or revokes them.</p>
      <ErrorNotice error={work.error} onDismiss={work.clear} />
      {failures.map((f) => (
        <div key={f.scope}>
          <p>
            Granting <code>{f.scope}</code> failed:
          </p>
          <ErrorNotice error={f.error} />
        </div>
      ))}
      {done !== undefined ? <SuccessNotice>{done}</SuccessNotice> : null}
      <PagedTable
        paged={paged}
        caption="Granted scopes"
        rowKey={(g) => g.id}
        empty={mayGrant ? 'No scope is granted: the app’s tokens reach no Management API endpoint. Grant scopes below.' : 'No scope is granted to this app.'}
        columns={[
          { header: 'Scope', cell: (g) => <code>{g.scopeId}</code> },
          { header: 'Granted', cell: (g) => <Time iso={g.created} /> },
          { header: 'Source', cell: (g) => g.source },
          ...(mayRevoke
            ? [
                {
                  header: 'Actions',
                  cell: (g: ScopeGrant) => (
                    <ConfirmButton
                      label="Revoke scope"
                      question={`Revoke ${g.scopeId} from ${app.label}? The app’s next token request will no longer get it.`}
                      onConfirm={() => revoke(g)}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {mayGrant && !paged.loading && paged.error === undefined ? (
        open.length === 0 ? (
          <p className="muted">Every Okta API scope is granted.</p>
        ) : (
          <form onSubmit={grant} aria-label="Grant scopes">
            <h3>Grant scopes</h3>
            <ScopePicker legend="Scopes to grant" scopes={open} selected={picked} onChange={setPicked} />
            <button type="submit" className="primary" disabled={work.busy || picked.size === 0}>
              Grant scopes
            </button>
          </form>
        )
      ) : null}
    </Section>
  );
}

export function RolesSection({ app }: { app: AppBody }) {
  const { api, may, roles } = useSession();
  const clientId = app.credentials.oauthClient.client_id;
  const base = `/oauth2/v1/clients/${encodeURIComponent(clientId)}/roles`;
  const paged = usePaged<ClientRole>(base);
  const work = useAction((call: () => Promise<void>) => call());
  const [done, setDone] = useState<string | undefined>(undefined);
  const held = new Set(paged.items.map((r) => r.type));
  const choices = roleChoices(roles).filter((r) => r.allowed && !held.has(r.type));
  const [picked, setPicked] = useState<string>('');
  const selected = choices.some((c) => c.type === picked) ? picked : '';

  const mayAssign = may('POST', '/oauth2/v1/clients/:clientId/roles');
  const mayUnassign = may('DELETE', '/oauth2/v1/clients/:clientId/roles/:roleAssignmentId');

  const assign = (event: FormEvent) => {
    event.preventDefault();
    if (selected === '') return;
    void work.run(async () => {
      setDone(undefined);
      await api.post(base, { type: selected });
      setDone(`Assigned ${roleLabel(selected)}.`);
      setPicked('');
      paged.reload();
    });
  };

  const remove = (r: ClientRole) =>
    void work.run(async () => {
      setDone(undefined);
      await api.delete(`${base}/${encodeURIComponent(r.id)}`);
      setDone(`Removed ${r.label}.`);
      paged.reload();
    });

  return (
    <Section title="Admin roles">
      <p className="muted">
        What the app may do when it acts as itself with client credentials: each request needs both a granted scope and a role that allows it.
      </p>
      <ErrorNotice error={work.error} onDismiss={work.clear} />
      {done !== undefined ? <SuccessNotice>{done}</SuccessNotice> : null}
      <PagedTable
        paged={paged}
        caption="Admin roles of the app"
        rowKey={(r) => r.id}
        empty={mayAssign ? 'The app holds no admin role: its requests are refused whatever its scopes. Assign one below.' : 'The app holds no admin role.'}
        columns={[
          { header: 'Role', cell: (r) => r.label },
          { header: 'Type', cell: (r) => <code>{r.type}</code> },
          { header: 'Assigned', cell: (r) => <Time iso={r.created} /> },
          ...(mayUnassign
            ? [
                {
                  header: 'Actions',
                  cell: (r: ClientRole) =>
                    mayRemoveRole(roles, r.type) ? (
                      <ConfirmButton label="Remove role" question={`Remove the role ${r.label} from ${app.label}?`} onConfirm={() => remove(r)} />
                    ) : (
                      <span className="muted">Needs a role you do not hold</span>
                    ),
                },
              ]
            : []),
        ]}
      />
      {mayAssign && !paged.loading && paged.error === undefined ? (
        choices.length === 0 ? (
          <p className="muted">There is no further role you may assign: you can assign only roles whose every permission you hold.</p>
        ) : (
          <form className="toolbar" onSubmit={assign} aria-label="Assign a role">
            <SelectField<string>
              label="Role"
              value={selected}
              onChange={setPicked}
              options={[{ value: '', label: 'Choose a role…' }, ...choices.map((c) => ({ value: c.type, label: c.label }))]}
            />
            <button type="submit" className="primary" disabled={work.busy || selected === ''}>
              Assign role
            </button>
          </form>
        )
      ) : null}
    </Section>
  );
}
