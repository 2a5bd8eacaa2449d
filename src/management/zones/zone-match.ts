/**
 * Whether a client address satisfies a network condition (Okta's `network` of an API token or a
 * client: `{connection: "ANYWHERE"}`, or `{connection: "ZONE", include | exclude: [zoneId…]}`).
 * Pure: the zones are handed in, read by the caller along with the token or the app.
 *
 * A request is in an IP zone when its address is in one of the zone's `gateways` (Okta: "a
 * request's IP address must match the gateway to be considered within zone"). The zone's
 * `proxies` do not make a request in zone; which proxies are trusted to report the client's
 * address is `TESSERA_TRUST_PROXY`'s decision, made before this (Fastify's `request.ip`).
 *
 * Fails closed: a condition that cannot be read, an address that cannot be parsed, or a zone the
 * condition names that is missing or no longer an active POLICY IP zone (which the zone service
 * does not allow while a condition names it) lets nothing through.
 */
import { blockContains, parseCidr, parseClientAddress, parseRange, type AddressBlock } from './ip-address.js';
import type { NetworkCondition } from './network-condition.js';

/** What matching reads of a zone (a NetworkZoneRecord satisfies it). */
export interface ZoneForMatching {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly usage: string;
  readonly gateways: readonly { readonly type: string; readonly value: string }[];
}

/** A zone a condition may use: an active IP zone for policies (not a blocklist). */
export function usableInCondition(zone: Pick<ZoneForMatching, 'type' | 'status' | 'usage'>): boolean {
  return zone.type === 'IP' && zone.status === 'ACTIVE' && zone.usage === 'POLICY';
}

/** The blocks of a zone's gateways; a value that does not parse (never stored: validated on write) matches nothing. */
export function gatewayBlocks(zone: Pick<ZoneForMatching, 'gateways'>): AddressBlock[] {
  const blocks: AddressBlock[] = [];
  for (const gateway of zone.gateways) {
    const block = gateway.type === 'CIDR' ? parseCidr(gateway.value) : gateway.type === 'RANGE' ? parseRange(gateway.value) : 'unknown type';
    if (typeof block !== 'string') blocks.push(block);
  }
  return blocks;
}

export type NetworkCheck = (clientAddress: string | null | undefined) => boolean;

const DENY_ALL: NetworkCheck = () => false;
const ALLOW_ALL: NetworkCheck = () => true;

/**
 * Compiles `condition` over `zones` (those it names; others are ignored) into a check of one
 * address, so that a kept read compiles once and each request only compares numbers.
 */
export function networkCheck(condition: NetworkCondition | undefined, zones: readonly ZoneForMatching[]): NetworkCheck {
  if (condition === undefined) return DENY_ALL;
  if (condition.connection === 'ANYWHERE') return ALLOW_ALL;
  const named = 'include' in condition ? condition.include : condition.exclude;
  const byId = new Map(zones.map((zone) => [zone.id, zone]));
  const blocks: AddressBlock[] = [];
  for (const id of named) {
    const zone = byId.get(id);
    if (zone === undefined || !usableInCondition(zone)) {
      // An include list still admits through its other zones; an exclude list cannot be
      // honoured without every zone it names.
      if ('exclude' in condition) return DENY_ALL;
      continue;
    }
    blocks.push(...gatewayBlocks(zone));
  }
  const inside = 'include' in condition;
  return (clientAddress) => {
    const address = clientAddress === null || clientAddress === undefined ? undefined : parseClientAddress(clientAddress);
    if (address === undefined) return false;
    return blocks.some((block) => blockContains(block, address)) === inside;
  };
}
