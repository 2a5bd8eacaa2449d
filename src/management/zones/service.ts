/**
 * Network zones: create, replace, activate, deactivate and delete admin-created IP zones, each
 * change with its System Log event (Okta's `zone.*` types) in its transaction.
 *
 * Okta's rules: a zone is created ACTIVE; only an inactive zone can be deleted ("For Okta
 * Identity Engine orgs, you can't delete a Network Zone with an ACTIVE status"; Okta answers
 * 400 E0000001 "The zone: … is an active zone. Active zones cannot be deleted."); and a zone that
 * a network condition names "can't be deactivated, deleted, blocklisted, or made anything other
 * than an active IP zone" (Okta release notes 2024, "Network Zones and API token restrictions").
 * The check and the change run under the zone's lock (NetworkZoneRepository.lock), as does the
 * check of a condition that names it, so neither can slip past the other.
 */
import { isoAt, type Clock } from '../../clock.js';
import { isId, newId } from '../../crypto/random-id.js';
import { DomainError, invalid, notFound, type ErrorCause } from '../../errors/domain-error.js';
import type { EventBus, EventContext } from '../../events/event-bus.js';
import type { FilterNode } from '../../filter/ast.js';
import type { LogTarget, NetworkZoneRecord, NetworkZoneStatus } from '../../store/records.js';
import { UniqueViolation, type Store } from '../../store/store.js';
import { tokenExpiresAt } from '../tokens/ssws-authenticator.js';
import type { NetworkZoneInput } from './schemas.js';
import { zoneFieldsOf, type ZoneFields } from './zone-input.js';

const NAME_TAKEN: ErrorCause = { field: 'name', message: 'An object with this field already exists in the current organization' };

export function zoneNotFound(zoneId: string): DomainError {
  return notFound(`Resource not found: ${zoneId} (NetworkZone)`);
}

/** The zone as a System Log target. */
export function zoneTarget(zone: Pick<NetworkZoneRecord, 'id' | 'name'>): LogTarget {
  return { id: zone.id, type: 'NetworkZone', alternateId: zone.name, displayName: zone.name, detailEntry: null };
}

export interface NetworkZoneServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
}

export interface ZonePage {
  readonly filter?: FilterNode | undefined;
  readonly after?: string | undefined;
  readonly limit: number;
}

function fieldsOrRefusal(input: NetworkZoneInput, current?: NetworkZoneRecord): ZoneFields {
  const result = zoneFieldsOf(input, current);
  if ('causes' in result) throw invalid(result.causes.map((c) => c.field).join(', '), result.causes);
  return result.fields;
}

export function createNetworkZoneService(deps: NetworkZoneServiceDeps) {
  const { store, clock, events } = deps;

  async function get(zoneId: string, from: Store = store): Promise<NetworkZoneRecord> {
    const zone = isId('networkZone', zoneId) ? await from.networkZones.get(zoneId) : undefined;
    if (zone === undefined) throw zoneNotFound(zoneId);
    return zone;
  }

  /** The zone, locked until the transaction `tx` ends. */
  async function locked(tx: Store, zoneId: string): Promise<NetworkZoneRecord> {
    const [zone] = isId('networkZone', zoneId) ? await tx.networkZones.lock([zoneId]) : [];
    if (zone === undefined) throw zoneNotFound(zoneId);
    return zone;
  }

  /**
   * What names the zone in its network condition, one cause each: API tokens still usable (not
   * revoked, within their idle window; a token past it is revoked when next presented, and its
   * condition would fail closed without the zone anyway), and apps, active or not.
   */
  async function usersOf(tx: Store, zone: NetworkZoneRecord): Promise<ErrorCause[]> {
    const now = clock.now();
    const tokens = (await tx.apiTokens.listUsingZone(zone.id)).filter((t) => now < tokenExpiresAt(Date.parse(t.lastUsed), t.tokenWindow));
    const apps = await tx.apps.listUsingZone(zone.id);
    const usedBy = (what: string) => ({ field: 'id', message: `The zone: ${zone.id} is used by the network condition of ${what}` });
    return [...tokens.map((token) => usedBy(`API token ${token.id} (${token.name})`)), ...apps.map((app) => usedBy(`app ${app.id} (${app.label})`))];
  }

  async function refuseIfUsed(tx: Store, zone: NetworkZoneRecord, change: string): Promise<void> {
    const causes = await usersOf(tx, zone);
    if (causes.length > 0) {
      throw new DomainError('invalid_state', 'zone.in_use', `The zone: ${zone.name} is used by a network condition and cannot be ${change}.`, causes);
    }
  }

  async function emit(
    tx: Store,
    ctx: EventContext,
    type: 'zone.create' | 'zone.update' | 'zone.delete' | 'zone.activate' | 'zone.deactivate',
    zone: NetworkZoneRecord,
  ) {
    const verb = { 'zone.create': 'Create', 'zone.update': 'Update', 'zone.delete': 'Delete', 'zone.activate': 'Activate', 'zone.deactivate': 'Deactivate' }[
      type
    ];
    await events.emit(tx, ctx, { type, displayMessage: `${verb} network zone`, targets: [zoneTarget(zone)] });
  }

  async function list(page: ZonePage): Promise<NetworkZoneRecord[]> {
    return store.networkZones.list(page);
  }

  /** POST: a new ACTIVE zone (a `status` in the body is not applied: the lifecycle operations set it). */
  async function create(ctx: EventContext, input: NetworkZoneInput): Promise<NetworkZoneRecord> {
    const fields = fieldsOrRefusal(input);
    const now = isoAt(clock.now());
    const zone: NetworkZoneRecord = { id: newId('networkZone'), type: 'IP', status: 'ACTIVE', system: false, created: now, lastUpdated: now, ...fields };
    try {
      await store.transaction(async (tx) => {
        await tx.networkZones.insert(zone);
        await emit(tx, ctx, 'zone.create', zone);
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw invalid('name', [NAME_TAKEN]);
      throw error;
    }
    return zone;
  }

  /** PUT: name, usage, gateways and proxies replaced; the type stays IP; the status is the lifecycle's. */
  async function replace(ctx: EventContext, zoneId: string, input: NetworkZoneInput): Promise<NetworkZoneRecord> {
    const found = await get(zoneId);
    fieldsOrRefusal(input, found);
    try {
      return await store.transaction(async (tx) => {
        const current = await locked(tx, found.id);
        const fields = fieldsOrRefusal(input, current);
        if (fields.usage !== 'POLICY' && current.usage === 'POLICY') await refuseIfUsed(tx, current, 'made a blocklist');
        const updated = await tx.networkZones.update(current.id, (z) => ({ ...z, ...fields, lastUpdated: isoAt(clock.now()) }));
        if (updated === undefined) throw zoneNotFound(zoneId);
        await emit(tx, ctx, 'zone.update', updated);
        return updated;
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw invalid('name', [NAME_TAKEN]);
      throw error;
    }
  }

  /** Activate or deactivate; the status it already has changes nothing and logs nothing. */
  async function setStatus(ctx: EventContext, zoneId: string, status: NetworkZoneStatus): Promise<NetworkZoneRecord> {
    const found = await get(zoneId);
    return store.transaction(async (tx) => {
      const current = await locked(tx, found.id);
      if (current.status === status) return current;
      if (status === 'INACTIVE') await refuseIfUsed(tx, current, 'deactivated');
      const updated = await tx.networkZones.update(current.id, (z) => ({ ...z, status, lastUpdated: isoAt(clock.now()) }));
      if (updated === undefined) throw zoneNotFound(zoneId);
      await emit(tx, ctx, status === 'ACTIVE' ? 'zone.activate' : 'zone.deactivate', updated);
      return updated;
    });
  }

  /** DELETE: an inactive zone that no condition names. */
  async function remove(ctx: EventContext, zoneId: string): Promise<void> {
    const found = await get(zoneId);
    await store.transaction(async (tx) => {
      const current = await locked(tx, found.id);
      if (current.status === 'ACTIVE') {
        const message = (what: string) => `The zone: ${what} is an active zone. Active zones cannot be deleted.`;
        throw new DomainError('invalid_state', 'zone.delete_active', message(current.name), [{ field: 'id', message: message(current.id) }]);
      }
      await refuseIfUsed(tx, current, 'deleted');
      if (!(await tx.networkZones.delete(current.id))) throw zoneNotFound(zoneId);
      await emit(tx, ctx, 'zone.delete', current);
    });
  }

  return { get, list, create, replace, setStatus, remove };
}

export type NetworkZoneService = ReturnType<typeof createNetworkZoneService>;
