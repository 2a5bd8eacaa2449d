/**
 * The signed-in admin: tokens (in memory), who they are, their roles, what they may do, and the
 * API client. Renews the access token with the refresh token a minute before it expires; without
 * one (or when renewal fails) it signs in again, which the hosted page answers at once while the
 * browser session lasts.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Api, ApiError } from '../api/client';
import { accessOf, type May } from './access';
import { accessTokenClaims, CALLBACK_PATH, Oidc, type Tokens } from './oidc';

export interface SignedInUser {
  readonly id: string;
  readonly login: string;
  readonly displayName: string;
}

export interface Session {
  readonly user: SignedInUser;
  readonly roles: readonly string[];
  readonly scopes: readonly string[];
  readonly issuer: string;
  readonly api: Api;
  readonly may: May;
  readonly signOut: () => void;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession outside SessionProvider');
  return session;
}

/** For tests and pages that render inside a known session. */
export const SessionValue = SessionContext.Provider;

type State =
  | { readonly kind: 'loading'; readonly message: string }
  | { readonly kind: 'signedOut' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'ready'; readonly session: Session };

interface UserBody {
  readonly id: string;
  readonly profile: { readonly login: string; readonly firstName?: string | null; readonly lastName?: string | null };
}

interface RoleBody {
  readonly type: string;
}

export function SessionProvider({
  children,
  signedOut,
  failed,
  loading,
}: {
  children: ReactNode;
  signedOut: (signIn: () => void) => ReactNode;
  failed: (message: string) => ReactNode;
  loading: (message: string) => ReactNode;
}) {
  const [state, setState] = useState<State>({ kind: 'loading', message: 'Signing in…' });
  const tokens = useRef<Tokens | undefined>(undefined);
  const oidcRef = useRef<Oidc | undefined>(undefined);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let renewing: Promise<boolean> | undefined;

    const renew = (): Promise<boolean> => {
      const oidc = oidcRef.current;
      const current = tokens.current;
      if (oidc === undefined || current === undefined) return Promise.resolve(false);
      renewing ??= (async () => {
        try {
          tokens.current = await oidc.refresh(current);
          schedule();
          return true;
        } catch {
          // The refresh token is gone (revoked, expired, the user deactivated): sign in again.
          await oidc.signIn(location.pathname + location.search);
          return false;
        } finally {
          renewing = undefined;
        }
      })();
      return renewing;
    };

    const schedule = () => {
      if (timer !== undefined) clearTimeout(timer);
      const current = tokens.current;
      if (current === undefined) return;
      timer = setTimeout(() => void renew(), Math.max(5_000, current.expiresAt - Date.now() - 60_000));
    };

    const start = async () => {
      const oidc = await Oidc.load();
      oidcRef.current = oidc;
      const url = new URL(location.href);
      if (url.pathname === CALLBACK_PATH) {
        if (url.searchParams.has('error')) throw new Error(url.searchParams.get('error_description') ?? url.searchParams.get('error') ?? 'Sign-in failed');
        const { tokens: got, returnTo } = await oidc.finish(url);
        tokens.current = got;
        history.replaceState(null, '', returnTo.startsWith('/admin') ? returnTo : '/admin/');
      } else if (Oidc.justSignedOut(url)) {
        history.replaceState(null, '', '/admin/');
        setState({ kind: 'signedOut' });
        return;
      } else {
        setState({ kind: 'loading', message: 'Redirecting to sign-in…' });
        await oidc.signIn(url.pathname + url.search);
        return;
      }
      const got = tokens.current;
      schedule();
      const api = new Api(() => tokens.current?.accessToken ?? '', renew);
      const claims = accessTokenClaims(got.accessToken);
      const [me, roles] = await Promise.all([api.get<UserBody>('/api/v1/users/me'), api.get<RoleBody[]>('/api/v1/users/me/roles').catch(() => [])]);
      const names = [me.profile.firstName, me.profile.lastName].filter((n): n is string => typeof n === 'string' && n !== '');
      const roleTypes = [...new Set(roles.map((r) => r.type))];
      const user: SignedInUser = { id: me.id, login: me.profile.login, displayName: names.length > 0 ? names.join(' ') : me.profile.login };
      setState({
        kind: 'ready',
        session: {
          user,
          roles: roleTypes,
          scopes: claims.scp,
          issuer: oidc.config.issuer,
          api,
          may: accessOf({ userId: me.id, login: me.profile.login }, oidc.config.clientId, claims.scp, roleTypes),
          signOut: () => {
            if (tokens.current !== undefined) oidc.signOut(tokens.current);
          },
        },
      });
    };

    start().catch((error: unknown) => {
      setState({ kind: 'failed', message: error instanceof ApiError || error instanceof Error ? error.message : String(error) });
    });
    return () => {
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);

  const signIn = useMemo(() => () => void oidcRef.current?.signIn('/admin/'), []);
  switch (state.kind) {
    case 'loading':
      return loading(state.message);
    case 'signedOut':
      return signedOut(signIn);
    case 'failed':
      return failed(state.message);
    case 'ready':
      return <SessionContext.Provider value={state.session}>{children}</SessionContext.Provider>;
  }
}
