/**
 * Okta error codes Tessera answers with, from Okta's `error-codes.json` (developer docs,
 * release 2026.08.1). `{0}` is filled with the specific reason.
 */
export const OKTA_ERRORS = {
  E0000001: { status: 400, summary: 'Api validation failed: {0}' },
  E0000003: { status: 400, summary: 'The request body was not well-formed.' },
  E0000004: { status: 401, summary: 'Authentication failed' },
  E0000005: { status: 403, summary: 'Invalid session' },
  E0000006: { status: 403, summary: 'You do not have permission to perform the requested action' },
  E0000007: { status: 404, summary: 'Not found: {0}' },
  E0000009: { status: 500, summary: 'Internal Server Error' },
  E0000011: { status: 401, summary: 'Invalid token provided' },
  E0000014: { status: 403, summary: 'Update of credentials failed' },
  E0000016: { status: 403, summary: 'Activation failed because the user is already active' },
  E0000022: { status: 405, summary: 'The endpoint does not support the provided HTTP method' },
  E0000031: { status: 400, summary: 'Invalid search criteria.' },
  E0000033: { status: 400, summary: "Bad request. Can't specify a search query and filter in the same request." },
  E0000038: { status: 403, summary: "This operation is not allowed in the user's current status." },
  E0000047: { status: 429, summary: 'API call exceeded rate limit due to too many requests.' },
  E0000053: { status: 400, summary: 'Invalid SCIM filter.' },
  E0000056: { status: 403, summary: 'Delete application forbidden.' },
  E0000090: { status: 409, summary: 'The role specified is already assigned to the user.' },
  E0000124: { status: 400, summary: 'Could not create user. To create a user and expire their password immediately, a password must be specified' },
  E0000125: { status: 400, summary: 'Could not create user. To create a user and expire their password immediately, "activate" must be true' },
  E0000010: { status: 503, summary: 'Service is in read only mode' },
  E0000415: { status: 415, summary: 'Unsupported Media Type' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type OktaErrorCode = keyof typeof OKTA_ERRORS;
