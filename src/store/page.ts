/** A page of a list read: Okta's `after` cursor and `limit`, shared by every repository that lists. */
export interface Page {
  /** Exclusive cursor: the last key of the previous page. */
  readonly after?: string | undefined;
  readonly limit: number;
}
