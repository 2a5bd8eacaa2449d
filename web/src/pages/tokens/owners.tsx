/**
 * The logins of the users who own the tokens on a page: one `GET /api/v1/users/{id}` per distinct
 * owner not seen before, kept for as long as the page is open. The signed-in admin is known.
 */
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import type { OktaUser } from '../../api/types';
import { useSession } from '../../auth/session';

/** login, or null when it could not be read (no such user, or not allowed); absent while it is read. */
export type Logins = ReadonlyMap<string, string | null>;

export function useLogins(ids: readonly string[]): Logins {
  const { api, may, user } = useSession();
  const cache = useRef(new Map<string, string | null>([[user.id, user.login]]));
  const pending = useRef(new Set<string>());
  const [, setVersion] = useState(0);
  const key = [...new Set(ids)].sort().join('\n');
  useEffect(() => {
    const wanted = key === '' ? [] : key.split('\n');
    let settled = false;
    for (const id of wanted) {
      if (cache.current.has(id) || pending.current.has(id)) continue;
      if (!may('GET', '/api/v1/users/:userId', { userId: id })) {
        cache.current.set(id, null);
        settled = true;
        continue;
      }
      pending.current.add(id);
      api
        .get<OktaUser>(`/api/v1/users/${encodeURIComponent(id)}`)
        .then(
          (found) => cache.current.set(id, found.profile.login),
          () => cache.current.set(id, null),
        )
        .finally(() => {
          pending.current.delete(id);
          setVersion((v) => v + 1);
        });
    }
    if (settled) setVersion((v) => v + 1);
  }, [api, may, key]);
  return cache.current;
}

/** A token's owner: the login (a link to the user), or the id while it is read or when it cannot be. */
export function Owner({ userId, logins }: { userId: string; logins: Logins }) {
  const { may } = useSession();
  const login = logins.get(userId);
  if (login === undefined) return <span className="mono">{userId}</span>;
  if (login === null) {
    return (
      <span>
        <span className="mono">{userId}</span> <span className="muted">(login not readable)</span>
      </span>
    );
  }
  return may('GET', '/api/v1/users/:userId', { userId }) ? <Link href={`/users/${userId}`}>{login}</Link> : <span>{login}</span>;
}
