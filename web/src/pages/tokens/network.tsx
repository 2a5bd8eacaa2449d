/**
 * An API token's network condition (Okta's `network`): from anywhere, only from some network
 * zones, or from anywhere but some zones; the zones are active POLICY IP zones
 * (src/management/zones/condition-zones.ts), picked from `GET /api/v1/zones` page by page.
 */
import { useId, useRef } from 'react';
import { query } from '../../api/client';
import { usePaged } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { Pager } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/ui';
import type { NetworkZone, TokenNetwork } from './types';

export type AllowedFrom = 'ANYWHERE' | 'INCLUDE' | 'EXCLUDE';

export interface NetworkDraft {
  readonly allowedFrom: AllowedFrom;
  readonly zoneIds: readonly string[];
}

export const ANYWHERE_DRAFT: NetworkDraft = { allowedFrom: 'ANYWHERE', zoneIds: [] };

export function draftOf(network: TokenNetwork | undefined): NetworkDraft {
  if (network === undefined || network.connection !== 'ZONE') return ANYWHERE_DRAFT;
  const include = network.include ?? [];
  const exclude = network.exclude ?? [];
  return include.length > 0 ? { allowedFrom: 'INCLUDE', zoneIds: include } : { allowedFrom: 'EXCLUDE', zoneIds: exclude };
}

/** The body's `network`. */
export function networkOf(draft: NetworkDraft): TokenNetwork {
  switch (draft.allowedFrom) {
    case 'ANYWHERE':
      return { connection: 'ANYWHERE' };
    case 'INCLUDE':
      return { connection: 'ZONE', include: draft.zoneIds };
    case 'EXCLUDE':
      return { connection: 'ZONE', exclude: draft.zoneIds };
  }
}

/** What the editor lacks before it can be saved, in words; undefined when it is complete. */
export function draftProblem(draft: NetworkDraft): string | undefined {
  return draft.allowedFrom !== 'ANYWHERE' && draft.zoneIds.length === 0 ? 'Choose at least one network zone.' : undefined;
}

const plural = (n: number) => (n === 1 ? '1 zone' : `${n} zones`);

/** "Anywhere", "Only from 2 zones", "Not from 1 zone". */
export function networkSummary(network: TokenNetwork | undefined): string {
  const draft = draftOf(network);
  if (network !== undefined && network.connection !== 'ANYWHERE' && network.connection !== 'ZONE') return network.connection;
  switch (draft.allowedFrom) {
    case 'ANYWHERE':
      return 'Anywhere';
    case 'INCLUDE':
      return `Only from ${plural(draft.zoneIds.length)}`;
    case 'EXCLUDE':
      return `Not from ${plural(draft.zoneIds.length)}`;
  }
}

const ALLOWED_FROM: readonly { value: AllowedFrom; label: string }[] = [
  { value: 'ANYWHERE', label: 'Anywhere' },
  { value: 'INCLUDE', label: 'Only from the chosen zones' },
  { value: 'EXCLUDE', label: 'Anywhere but the chosen zones' },
];

const ZONE_PAGE = 50;

export function NetworkEditor({ value, onChange }: { value: NetworkDraft; onChange: (draft: NetworkDraft) => void }) {
  const { may } = useSession();
  const canList = may('GET', '/api/v1/zones');
  const picking = value.allowedFrom !== 'ANYWHERE';
  return (
    <div>
      <SelectField
        label="Requests allowed from"
        value={value.allowedFrom}
        onChange={(allowedFrom) => onChange({ allowedFrom, zoneIds: allowedFrom === 'ANYWHERE' ? [] : value.zoneIds })}
        options={ALLOWED_FROM}
        hint="Only active POLICY IP zones can be used. A request from elsewhere is refused."
      />
      {picking ? (
        canList ? (
          <ZonePicker value={value} onChange={onChange} />
        ) : (
          <TextField
            label="Zone ids"
            value={value.zoneIds.join(', ')}
            onChange={(text) => onChange({ ...value, zoneIds: [...new Set(text.split(/[\s,]+/).filter((id) => id !== ''))] })}
            hint="Comma-separated network zone ids: you may not list the zones."
          />
        )
      ) : null}
    </div>
  );
}

function ZonePicker({ value, onChange }: { value: NetworkDraft; onChange: (draft: NetworkDraft) => void }) {
  const zones = usePaged<NetworkZone>(`/api/v1/zones${query({ filter: 'usage eq "POLICY"', limit: ZONE_PAGE })}`);
  const names = useRef(new Map<string, string>());
  for (const zone of zones.items) names.current.set(zone.id, zone.name);
  const idPrefix = useId();
  const chosen = new Set(value.zoneIds);
  const toggle = (id: string, on: boolean) =>
    onChange({ ...value, zoneIds: on ? [...value.zoneIds.filter((z) => z !== id), id] : value.zoneIds.filter((z) => z !== id) });
  const offPage = value.zoneIds.filter((id) => !zones.items.some((z) => z.id === id));
  return (
    <fieldset className="field">
      <legend>Network zones</legend>
      {offPage.length > 0 ? (
        <>
          <p className="muted">Chosen, not on this page:</p>
          <ul className="chips">
            {offPage.map((id) => (
              <li key={id}>
                {names.current.get(id) ?? <code>{id}</code>}{' '}
                <button type="button" className="link" onClick={() => toggle(id, false)}>
                  Remove {names.current.get(id) ?? id}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ErrorNotice error={zones.error} />
      {zones.loading && zones.items.length === 0 ? (
        <Loading what="Reading network zones" />
      ) : zones.items.length === 0 && zones.error === undefined ? (
        <p className="muted">There are no POLICY network zones. Create one on the Network zones page first.</p>
      ) : (
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {zones.items.map((zone) => {
            const id = `${idPrefix}-${zone.id}`;
            const usable = zone.status === 'ACTIVE' && zone.type === 'IP';
            return (
              <li key={zone.id} className="field-check" style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', marginBottom: '0.25rem' }}>
                <input
                  id={id}
                  type="checkbox"
                  checked={chosen.has(zone.id)}
                  disabled={!usable && !chosen.has(zone.id)}
                  onChange={(e) => toggle(zone.id, e.target.checked)}
                />
                <label htmlFor={id}>{zone.name}</label>
                <span className="muted">
                  {zone.gateways
                    .slice(0, 3)
                    .map((g) => g.value)
                    .join(', ')}
                  {zone.gateways.length > 3 ? ` and ${zone.gateways.length - 3} more` : ''}
                  {usable ? '' : ` · ${zone.status}: cannot be used`}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <Pager paged={zones} label="Network zones" />
    </fieldset>
  );
}
