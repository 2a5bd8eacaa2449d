/**
 * The one refusal of the access decision, whichever half refused (the endpoint table, a target
 * rule, a grant rule): 403 with Okta's E0000006 (or RFC 6750 `insufficient_scope`), one cause
 * saying why, and the objects it was about. The edge writes its `core.api.access.denied` event
 * (http/plugins/authorize.ts), so every refusal is logged the same way, from one place, after the
 * refused transaction has rolled back.
 */
import { DomainError, type ErrorCode } from '../errors/domain-error.js';
import type { LogTarget } from '../store/records.js';

export const ACCESS_DENIED_MESSAGE = 'You do not have permission to perform the requested action';

export class AccessDenied extends DomainError {
  constructor(
    code: ErrorCode,
    /** Why, in words that name only the caller's own rights and the target's. */
    readonly reason: string,
    readonly targets: readonly LogTarget[] = [],
    options: { readonly field?: string; readonly kind?: 'forbidden' | 'insufficient_scope'; readonly message?: string; readonly showCause?: boolean } = {},
  ) {
    const cause = options.field === undefined ? { message: reason } : { field: options.field, message: reason };
    super(options.kind ?? 'forbidden', code, options.message ?? ACCESS_DENIED_MESSAGE, options.showCause === false ? [] : [cause]);
  }
}
