/**
 * One use of a Management API credential, as the edge saw it after the answer was sent: which
 * credential, the endpoint and the rule the access decision applied, how it decided, and the
 * outcome. The edge hands uses to a recorder (management/insights/usage-meter.ts), which counts
 * them in memory; nothing is written on the request path.
 */
import type { UsageCount } from '../store/usage-store.js';
import type { EndpointAccess } from './endpoint-access.js';

export interface CredentialUse extends Omit<UsageCount, 'day' | 'requests' | 'lastAt'> {
  /** Epoch ms. */
  readonly at: number;
  readonly ipAddress: string;
  readonly userAgent: string | undefined;
  /** The endpoint table's entry that served it (its identity keys the counts: no key is built per request). */
  readonly endpoint: EndpointAccess;
}

export interface UseRecorder {
  record(use: CredentialUse): void;
  /** A use already recorded turned out otherwise (an error after the decision): count it under `outcome` instead. */
  reclassify(use: CredentialUse, outcome: CredentialUse['outcome']): void;
}
