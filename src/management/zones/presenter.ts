/**
 * NetworkZoneRecord → Okta `IPNetworkZone` JSON (Okta Management API, NetworkZone examples):
 * `_links.self` with `hints.allow ["GET","PUT","DELETE"]`, and the one lifecycle operation that
 * applies (`deactivate` for an active zone, `activate` for an inactive one) with `["POST"]`,
 * absolute from the org URL. No proxies is `proxies: null`, as Okta's examples show it.
 */
import type { NetworkZoneRecord } from '../../store/records.js';
import type { NetworkZone } from './schemas.js';

export function presentZone(zone: NetworkZoneRecord, orgUrl: string): NetworkZone {
  const self = `${orgUrl}/api/v1/zones/${zone.id}`;
  const lifecycle = zone.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    type: zone.type,
    id: zone.id,
    name: zone.name,
    status: zone.status,
    usage: zone.usage,
    created: zone.created,
    lastUpdated: zone.lastUpdated,
    system: zone.system,
    gateways: zone.gateways.map(({ type, value }) => ({ type, value })),
    proxies: zone.proxies.length === 0 ? null : zone.proxies.map(({ type, value }) => ({ type, value })),
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      [lifecycle]: { href: `${self}/lifecycle/${lifecycle}`, hints: { allow: ['POST'] } },
    },
  };
}
