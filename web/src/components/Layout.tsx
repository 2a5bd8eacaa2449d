/** The frame of every page: a skip link, the navigation (only what the admin may open), who is signed in. */
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useSession } from '../auth/session';
import type { Method } from '../auth/access';

interface NavItem {
  readonly href: string;
  readonly label: string;
  /** The list endpoint the page reads: the item is shown only when the API would answer it. */
  readonly needs: readonly [Method, string];
}

export const NAV: readonly NavItem[] = [
  { href: '/', label: 'Overview', needs: ['GET', '/api/v1/insights/credentials'] },
  { href: '/tokens', label: 'API tokens', needs: ['GET', '/api/v1/api-tokens'] },
  { href: '/apps', label: 'Applications', needs: ['GET', '/api/v1/apps'] },
  { href: '/users', label: 'Users', needs: ['GET', '/api/v1/users'] },
  { href: '/groups', label: 'Groups', needs: ['GET', '/api/v1/groups'] },
  { href: '/roles', label: 'Admin roles', needs: ['GET', '/api/v1/users/:userId/roles'] },
  { href: '/logs', label: 'System Log', needs: ['GET', '/api/v1/logs'] },
  { href: '/zones', label: 'Network zones', needs: ['GET', '/api/v1/zones'] },
  { href: '/hooks', label: 'Event hooks', needs: ['GET', '/api/v1/eventHooks'] },
];

function isCurrent(location: string, href: string): boolean {
  return href === '/' ? location === '/' : location === href || location.startsWith(`${href}/`);
}

export function Layout({ children }: { children: ReactNode }) {
  const { user, roles, may, signOut } = useSession();
  const [location] = useLocation();
  const items = NAV.filter((item) => may(item.needs[0], item.needs[1], { userId: '__other__' }));
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Tessera</span>
        <span className="who">
          <span>{user.displayName}</span>
          <span className="muted"> · {roles.length > 0 ? roles.join(', ') : 'no admin role'}</span>
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav className="sidenav" aria-label="Console">
        <ul>
          {items.map((item) => (
            <li key={item.href}>
              <Link href={item.href} aria-current={isCurrent(location, item.href) ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {items.length === 0 ? (
          <p className="notice notice-warn" role="status">
            You are signed in as {user.login}, who holds no admin role: there is nothing here you may see. An administrator can assign you a role.
          </p>
        ) : (
          children
        )}
      </main>
    </div>
  );
}
