/**
 * The network condition of an API token at authentication: whether the request's address is one
 * the token's `network` admits (zones/zone-match.ts). The zones come with the token's read
 * (ApiTokenRepository.findForAuthentication), so the check reads nothing; it is compiled once per
 * read, keyed by the record the store keeps (store/kept-reads.ts), and a token that may be used
 * anywhere costs one comparison.
 */
import type { TokenForAuthentication } from '../../store/store.js';
import { storedCondition } from '../zones/network-condition.js';
import { networkCheck, type NetworkCheck } from '../zones/zone-match.js';

const compiled = new WeakMap<TokenForAuthentication, NetworkCheck>();

/** `address` is asked for only when the token has a condition to check. */
export function tokenAdmits(found: TokenForAuthentication, address: () => string | null): boolean {
  if (found.token.network['connection'] === 'ANYWHERE') return true;
  let check = compiled.get(found);
  if (check === undefined) {
    check = networkCheck(storedCondition(found.token.network), found.networkZones);
    compiled.set(found, check);
  }
  return check(address());
}
