/**
 * The /api/v1 error body (Okta `Error`): `{errorCode, errorSummary, errorLink, errorId, errorCauses}`.
 * Maps DomainError kinds (and a few domain codes with an Okta code of their own) to it.
 */
import { newErrorId } from '../../crypto/random-id.js';
import type { DomainError, ErrorCause, ErrorCode, ErrorKind } from '../../errors/domain-error.js';
import { OKTA_ERRORS, type OktaErrorCode } from './okta-catalog.js';

export interface OktaErrorBody {
  readonly errorCode: string;
  readonly errorSummary: string;
  readonly errorLink: string;
  readonly errorId: string;
  readonly errorCauses: readonly { readonly errorSummary: string }[];
}

const BY_KIND: Readonly<Record<ErrorKind, OktaErrorCode>> = {
  invalid: 'E0000001',
  malformed: 'E0000003',
  invalid_search: 'E0000031',
  no_credentials: 'E0000005',
  unauthenticated: 'E0000011',
  forbidden: 'E0000006',
  insufficient_scope: 'E0000006',
  not_found: 'E0000007',
  conflict: 'E0000001',
  invalid_state: 'E0000001',
  method_not_allowed: 'E0000022',
  rate_limited: 'E0000047',
  unavailable: 'E0000010',
};

/** Domain codes that Okta answers with a code of their own. */
const BY_CODE: Readonly<Partial<Record<ErrorCode, OktaErrorCode>>> = {
  'role.already_assigned': 'E0000090',
  'user.already_active': 'E0000016',
  'user.status_forbids': 'E0000038',
  'user.next_login_needs_password': 'E0000124',
  'user.next_login_needs_activation': 'E0000125',
  'search.filter_and_search': 'E0000033',
  'logs.invalid_filter': 'E0000053',
  'app.delete_active': 'E0000056',
  'authn.failed': 'E0000004',
  'user.credentials_update_failed': 'E0000014',
};

export function oktaBody(code: OktaErrorCode, detail: string | undefined, causes: readonly ErrorCause[] = []): { status: number; body: OktaErrorBody } {
  const entry = OKTA_ERRORS[code];
  const summary = entry.summary.includes('{0}') ? entry.summary.replace('{0}', detail ?? '') : entry.summary;
  return {
    status: entry.status,
    body: {
      errorCode: code,
      errorSummary: summary,
      errorLink: code,
      errorId: newErrorId(),
      errorCauses: causes.map((c) => ({ errorSummary: c.field !== undefined ? `${c.field}: ${c.message}` : c.message })),
    },
  };
}

export function oktaBodyFor(error: DomainError): { status: number; body: OktaErrorBody } {
  const code = BY_CODE[error.code] ?? BY_KIND[error.kind];
  // Where the summary has no slot for the reason, the reason becomes the cause, except for
  // credential errors, which must not hint at what was wrong (unknown, malformed, revoked and
  // expired credentials get one answer).
  const silent = error.kind === 'unauthenticated' || error.kind === 'no_credentials' || error.kind === 'forbidden';
  const hasSlot = OKTA_ERRORS[code].summary.includes('{0}');
  const causes = error.causes.length > 0 || hasSlot || silent ? error.causes : [{ message: error.message }];
  return oktaBody(code, error.message, causes);
}
