/**
 * The Management API as the console calls it: the signed-in admin's access token as a Bearer
 * credential, Okta's error body turned into an ApiError whose message is the API's own words,
 * and cursor paging from the `Link` header (Okta's `rel="next"`).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
    readonly summary: string,
    readonly causes: readonly string[],
  ) {
    super(summary);
    this.name = 'ApiError';
  }

  /** The API refused the caller (403): shown as "not allowed", never swallowed. */
  get refused(): boolean {
    return this.status === 403;
  }
}

export interface Page<T> {
  readonly items: readonly T[];
  /** The path (with query) of the next page, when there is one. */
  readonly next: string | undefined;
}

interface OktaErrorBody {
  readonly errorCode?: string;
  readonly errorSummary?: string;
  readonly errorCauses?: readonly { readonly errorSummary?: string }[];
  readonly error?: string;
  readonly error_description?: string;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: OktaErrorBody = {};
  try {
    body = (await response.json()) as OktaErrorBody;
  } catch {
    // Not JSON (a proxy's page, say): the status says enough.
  }
  const summary = body.errorSummary ?? body.error_description ?? body.error ?? `The server answered HTTP ${response.status}.`;
  const causes = (body.errorCauses ?? []).map((c) => c.errorSummary ?? '').filter((c) => c !== '' && c !== summary);
  return new ApiError(response.status, body.errorCode, summary, causes);
}

/** `<https://…/api/v1/users?after=x>; rel="next"` → `/api/v1/users?after=x`. */
export function nextLink(header: string | null): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1] !== undefined) {
      // Okta's links are absolute (the org URL); only the path and query are used, same origin.
      const url = new URL(match[1], 'http://base.invalid');
      return url.pathname + url.search;
    }
  }
  return undefined;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class Api {
  constructor(
    private readonly accessToken: () => string,
    private readonly renew: () => Promise<boolean>,
  ) {}

  private async send(method: Method, path: string, body: unknown, retry = true): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${this.accessToken()}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    // An expired access token: renew once and try again.
    if (response.status === 401 && retry && (await this.renew())) return this.send(method, path, body, false);
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  async get<T>(path: string): Promise<T> {
    return (await (await this.send('GET', path, undefined)).json()) as T;
  }

  async page<T>(path: string): Promise<Page<T>> {
    const response = await this.send('GET', path, undefined);
    return { items: (await response.json()) as T[], next: nextLink(response.headers.get('Link')) };
  }

  async post<T>(path: string, body?: unknown): Promise<T | undefined> {
    return this.bodyOf<T>(await this.send('POST', path, body));
  }

  async put<T>(path: string, body: unknown): Promise<T | undefined> {
    return this.bodyOf<T>(await this.send('PUT', path, body));
  }

  async delete(path: string): Promise<void> {
    await this.send('DELETE', path, undefined);
  }

  private async bodyOf<T>(response: Response): Promise<T | undefined> {
    if (response.status === 204) return undefined;
    const text = await response.text();
    return text === '' ? undefined : (JSON.parse(text) as T);
  }
}

/** A query string from the set values only. */
export function query(params: Readonly<Record<string, string | number | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
