/**
 * Where the sign-in page sends the browser after a successful sign-in. Only back to our own
 * authorization endpoint (`/oauth2/v1/authorize?…`, the request that sent the user here), as a
 * path on our origin; anything else (absolute URLs, `//host`, backslashes, other paths) lands on
 * /login/done. This closes the open redirect (OWASP "Unvalidated Redirects and Forwards").
 */

export const DONE_PATH = '/login/done';
const AUTHORIZE_PATH = '/oauth2/v1/authorize';

export function redirectTarget(fromURI: string | undefined, orgUrl: string): string {
  if (fromURI === undefined || fromURI.length > 4096) return DONE_PATH;
  // A relative path only: no scheme, no authority (`//`), no backslash (browsers read it as `/`), no controls.
  if (!fromURI.startsWith('/') || fromURI.startsWith('//') || /[\\\p{Cc}]/u.test(fromURI)) return DONE_PATH;
  let url: URL;
  try {
    url = new URL(fromURI, orgUrl);
  } catch {
    return DONE_PATH;
  }
  if (url.origin !== new URL(orgUrl).origin || url.pathname !== AUTHORIZE_PATH || url.hash !== '') return DONE_PATH;
  return `${url.pathname}${url.search}`;
}
