/** The API path of one token. */
export function tokenPath(id: string): string {
  return `/api/v1/api-tokens/${encodeURIComponent(id)}`;
}
