/**
 * The one error type the filter parser and compiler throw.
 *
 * Messages are written for the API caller (they end up in Okta's `errorCauses`), so
 * they name the offending attribute, operator or character offset, and never contain
 * SQL or stack detail.
 *
 * @module
 */

/** An invalid `filter` / `search` expression. `position` is a 0-based offset into the input. */
export class FilterError extends Error {
  /** Stable code for the HTTP edge to map (Okta renders it as E0000031 "Invalid search criteria"). */
  readonly code = 'invalid_filter';

  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'FilterError';
  }
}

/**
 * Quotes user text for an error message: JSON-style, so control characters are visible,
 * and shortened so a 2 KB token does not become a 2 KB message.
 */
export function quote(text: string): string {
  const limit = 64;
  const shown = text.length > limit ? `${text.slice(0, limit)}…` : text;
  return JSON.stringify(shown);
}
