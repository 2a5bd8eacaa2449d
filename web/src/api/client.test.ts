import { describe, expect, it } from 'vitest';
import { Api, ApiError, nextLink, query } from './client';

describe('nextLink', () => {
  it("reads Okta's rel=next among other links, as a same-origin path", () => {
    const header = '<https://org.example.com/api/v1/users?limit=2>; rel="self", <https://org.example.com/api/v1/users?after=00u2&limit=2>; rel="next"';
    expect(nextLink(header)).toBe('/api/v1/users?after=00u2&limit=2');
  });
  it('is undefined on the last page', () => {
    expect(nextLink('<https://org.example.com/api/v1/users>; rel="self"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe('query', () => {
  it('leaves out unset and empty values', () => {
    expect(query({ q: 'ann', limit: 25, after: undefined, search: '' })).toBe('?q=ann&limit=25');
    expect(query({})).toBe('');
  });
});

function answering(responses: Response[]): { api: Api; seen: string[]; renewals: () => number } {
  const seen: string[] = [];
  let renewed = 0;
  let token = 'first';
  const fake: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    seen.push(`${init?.method ?? 'GET'} ${url} ${new Headers(init?.headers).get('authorization') ?? ''}`);
    const next = responses.shift();
    if (next === undefined) throw new Error('no more responses');
    return next;
  };
  globalThis.fetch = fake;
  const api = new Api(
    () => token,
    async () => {
      renewed += 1;
      token = 'renewed';
      return true;
    },
  );
  return { api, seen, renewals: () => renewed };
}

describe('Api', () => {
  it("turns Okta's error body into an ApiError in the API's own words", async () => {
    const body = {
      errorCode: 'E0000006',
      errorSummary: 'You do not have permission to perform the requested action',
      errorCauses: [{ errorSummary: 'The user Ann holds SUPER_ADMIN' }],
    };
    const { api } = answering([new Response(JSON.stringify(body), { status: 403 })]);
    const error = await api.post('/api/v1/users/00u1/lifecycle/deactivate').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.refused).toBe(true);
    expect(apiError.errorCode).toBe('E0000006');
    expect(apiError.message).toBe(body.errorSummary);
    expect(apiError.causes).toEqual(['The user Ann holds SUPER_ADMIN']);
  });

  it('renews an expired access token once and repeats the request with the new one', async () => {
    const { api, seen, renewals } = answering([new Response('', { status: 401 }), new Response('{"id":"00u1"}', { status: 200 })]);
    expect(await api.get<{ id: string }>('/api/v1/users/me')).toEqual({ id: '00u1' });
    expect(renewals()).toBe(1);
    expect(seen).toEqual(['GET /api/v1/users/me Bearer first', 'GET /api/v1/users/me Bearer renewed']);
  });

  it('reads a page and its next cursor', async () => {
    const { api } = answering([new Response('[{"id":"a"}]', { status: 200, headers: { Link: '<http://x/api/v1/groups?after=a>; rel="next"' } })]);
    expect(await api.page('/api/v1/groups')).toEqual({ items: [{ id: 'a' }], next: '/api/v1/groups?after=a' });
  });

  it('answers undefined for 204 No Content', async () => {
    const { api } = answering([new Response(null, { status: 204 })]);
    expect(await api.post('/api/v1/users/00u1/lifecycle/suspend')).toBeUndefined();
  });
});
