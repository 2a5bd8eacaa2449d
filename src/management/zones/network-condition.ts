/**
 * The `network` condition of an API token (Okta Management API, `ApiToken.network`: "the Network
 * Condition of the API Token") and, as a Tessera extension, of an OAuth client: where requests
 * made with it may come from. Okta's shape (`PolicyNetworkCondition`): `connection` is
 * `ANYWHERE` or `ZONE`; with `ZONE`, one of `include` ("the zones to include") or `exclude`
 * lists network zone ids. Tessera takes one of the two lists, not both, as the Admin Console
 * offers them ("In any of the following zones" / "Not in any of the following zones").
 *
 * This module reads the shape; whether the zones exist and may be used is the caller's check
 * (they must be active POLICY IP zones: Okta, 2024 release notes, "Network Zones and API token
 * restrictions").
 */
import type { ErrorCause } from '../../errors/domain-error.js';
import type { JsonObject } from '../../store/records.js';

export type NetworkCondition =
  | { readonly connection: 'ANYWHERE' }
  | { readonly connection: 'ZONE'; readonly include: readonly string[] }
  | { readonly connection: 'ZONE'; readonly exclude: readonly string[] };

export const ANYWHERE: NetworkCondition = { connection: 'ANYWHERE' };

/** The condition as a request body gives it (validated by the route's schema for types and sizes). */
export interface NetworkConditionInput {
  readonly connection: string;
  readonly include?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
}

/** The zone ids a condition names (none for ANYWHERE). */
export function zoneIdsOf(condition: NetworkCondition): readonly string[] {
  if (condition.connection === 'ANYWHERE') return [];
  return 'include' in condition ? condition.include : condition.exclude;
}

/** The JSON stored for a condition. */
export function conditionJson(condition: NetworkCondition): JsonObject {
  if (condition.connection === 'ANYWHERE') return { connection: 'ANYWHERE' };
  return 'include' in condition ? { connection: 'ZONE', include: [...condition.include] } : { connection: 'ZONE', exclude: [...condition.exclude] };
}

const strings = (value: unknown): string[] | undefined => (Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : undefined);

/**
 * The condition stored with a token or an app; undefined when it cannot be read (which grants
 * nothing: see zone-match.ts). A record without one (written before conditions existed) is ANYWHERE.
 */
export function storedCondition(json: JsonObject | undefined): NetworkCondition | undefined {
  if (json === undefined || json['connection'] === undefined || json['connection'] === 'ANYWHERE') return ANYWHERE;
  if (json['connection'] !== 'ZONE') return undefined;
  const include = strings(json['include'] ?? []);
  const exclude = strings(json['exclude'] ?? []);
  if (include === undefined || exclude === undefined) return undefined;
  if (include.length > 0 && exclude.length === 0) return { connection: 'ZONE', include };
  if (exclude.length > 0 && include.length === 0) return { connection: 'ZONE', exclude };
  return undefined;
}

/**
 * Reads a condition from a request body, or names what is wrong with it (`field` is where the
 * body holds it, e.g. `network`). Duplicate ids are kept once.
 */
export function parseCondition(input: NetworkConditionInput, field: string): { condition: NetworkCondition } | { causes: ErrorCause[] } {
  const include = [...new Set(input.include ?? [])];
  const exclude = [...new Set(input.exclude ?? [])];
  if (input.connection === 'ANYWHERE') {
    const causes: ErrorCause[] = [];
    for (const [list, ids] of [['include', include] as const, ['exclude', exclude] as const]) {
      if (ids.length > 0) causes.push({ field: `${field}.${list}`, message: 'Network zones can be listed only when connection is ZONE' });
    }
    return causes.length > 0 ? { causes } : { condition: ANYWHERE };
  }
  if (input.connection !== 'ZONE') {
    return { causes: [{ field: `${field}.connection`, message: `'${input.connection}' is not a connection: use ANYWHERE or ZONE` }] };
  }
  if (include.length > 0 && exclude.length > 0) {
    return { causes: [{ field, message: 'List the zones to include or the zones to exclude, not both' }] };
  }
  if (include.length > 0) return { condition: { connection: 'ZONE', include } };
  if (exclude.length > 0) return { condition: { connection: 'ZONE', exclude } };
  return { causes: [{ field, message: 'With connection ZONE, network zone ids are required in include or exclude' }] };
}
