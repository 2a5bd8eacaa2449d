/**
 * A create or replace body → the fields of an IP zone, or every cause of its refusal at once
 * (Okta E0000001 "Api validation failed"). Okta's rules (Okta Management API, NetworkZone):
 * `type` and `name` are required, the name at most 128 characters; "for an IP Network Zone, you
 * must define either `gateways` or `proxies`", each a CIDR block or a range; at most 150 gateways
 * for admin-created zones, 1000 for blocklist zones, and 150 proxies. Tessera keeps IP zones
 * only: DYNAMIC and DYNAMIC_V2 zones (locations, ASNs, IP service categories) need data it does
 * not have.
 */
import type { ErrorCause } from '../../errors/domain-error.js';
import type { NetworkZoneAddress, NetworkZoneUsage } from '../../store/records.js';
import { displayNameProblem } from '../identifiers.js';
import { parseCidr, parseRange } from './ip-address.js';
import type { NetworkZoneInput } from './schemas.js';

export const ZONE_NAME_MAX_LENGTH = 128;
const MAX_GATEWAYS: Readonly<Record<NetworkZoneUsage, number>> = { POLICY: 150, BLOCKLIST: 1000 };
const MAX_PROXIES = 150;
const USAGES: readonly string[] = ['POLICY', 'BLOCKLIST'];
const STATUSES: readonly string[] = ['ACTIVE', 'INACTIVE'];

export interface ZoneFields {
  readonly name: string;
  readonly usage: NetworkZoneUsage;
  readonly gateways: readonly NetworkZoneAddress[];
  readonly proxies: readonly NetworkZoneAddress[];
}

type AddressInput = NonNullable<NetworkZoneInput['gateways']>[number];

function typeProblem(type: string | undefined): string | undefined {
  if (type === undefined || type.trim() === '') return 'The field cannot be left blank';
  if (type === 'IP') return undefined;
  if (type === 'DYNAMIC' || type === 'DYNAMIC_V2') return `Tessera keeps IP network zones only; ${type} zones are not supported`;
  return `'${type}' is not a network zone type: use IP`;
}

function nameProblem(name: string | undefined): string | undefined {
  if (name === undefined || name.trim() === '') return 'The field cannot be left blank';
  if (name.length > ZONE_NAME_MAX_LENGTH) return `The name must be at most ${ZONE_NAME_MAX_LENGTH} characters`;
  return displayNameProblem(name);
}

/** One list of addresses: every entry's problem, each named by its position (`gateways[2].value`). */
function addressesOf(list: readonly AddressInput[], field: string, causes: ErrorCause[]): NetworkZoneAddress[] {
  const out: NetworkZoneAddress[] = [];
  list.forEach((entry, index) => {
    const at = `${field}[${index}]`;
    const value = entry.value ?? '';
    if (entry.type !== 'CIDR' && entry.type !== 'RANGE') {
      causes.push({ field: `${at}.type`, message: entry.type === undefined ? 'The field cannot be left blank' : `'${entry.type}' is not CIDR or RANGE` });
      return;
    }
    const block = entry.type === 'CIDR' ? parseCidr(value) : parseRange(value);
    if (typeof block === 'string') {
      causes.push({ field: `${at}.value`, message: `${JSON.stringify(value)} is not a valid ${entry.type}: ${block}` });
      return;
    }
    out.push({ type: entry.type, value });
  });
  return out;
}

/**
 * The fields of the zone `input` describes, or its causes. `current` is the zone a replace
 * changes: a usage left out keeps its usage (a create defaults to POLICY, as Okta does).
 */
export function zoneFieldsOf(input: NetworkZoneInput, current?: { readonly usage: NetworkZoneUsage }): { fields: ZoneFields } | { causes: ErrorCause[] } {
  const causes: ErrorCause[] = [];
  const problem = (field: string, message: string | undefined) => {
    if (message !== undefined) causes.push({ field, message });
  };
  problem('type', typeProblem(input.type));
  problem('name', nameProblem(input.name));
  const usage = input.usage ?? current?.usage ?? 'POLICY';
  problem('usage', USAGES.includes(usage) ? undefined : `'${usage}' is not a network zone usage: use POLICY or BLOCKLIST`);
  // `status` is read-only here (the lifecycle operations change it), but it must be a status.
  if (input.status !== undefined) problem('status', STATUSES.includes(input.status) ? undefined : `'${input.status}' is not ACTIVE or INACTIVE`);
  if (input.useAsExemptList === true) problem('useAsExemptList', 'Only the DefaultExemptIpZone can be an exempt list, and Tessera has no system zones');
  const gateways = addressesOf(input.gateways ?? [], 'gateways', causes);
  const proxies = addressesOf(input.proxies ?? [], 'proxies', causes);
  if ((input.gateways ?? []).length === 0 && (input.proxies ?? []).length === 0) {
    problem('gateways', 'An IP network zone needs gateways or proxies');
  }
  const zoneUsage = usage === 'BLOCKLIST' ? 'BLOCKLIST' : 'POLICY';
  if (gateways.length > MAX_GATEWAYS[zoneUsage]) problem('gateways', `A ${zoneUsage} zone holds at most ${MAX_GATEWAYS[zoneUsage]} gateways`);
  if (proxies.length > MAX_PROXIES) problem('proxies', `A zone holds at most ${MAX_PROXIES} proxies`);
  if (causes.length > 0) return { causes };
  return { fields: { name: input.name ?? '', usage: zoneUsage, gateways, proxies } };
}
