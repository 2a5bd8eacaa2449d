/** The console: sign-in first, then the frame and the page the path names. */
import { useEffect, useRef } from 'react';
import { Route, Router, Switch, useLocation } from 'wouter';
import { SessionProvider } from './auth/session';
import { Layout } from './components/Layout';
import { Empty, PageHeader } from './components/ui';
import { routes as appRoutes } from './pages/apps/routes';
import { routes as directoryRoutes } from './pages/directory/routes';
import { routes as opsRoutes } from './pages/ops/routes';
import { routes as overviewRoutes } from './pages/overview/routes';
import { routes as tokenRoutes } from './pages/tokens/routes';
import type { RouteDef } from './routes';

const ROUTES: readonly RouteDef[] = [...overviewRoutes, ...tokenRoutes, ...appRoutes, ...directoryRoutes, ...opsRoutes];

function NotFound() {
  return (
    <>
      <PageHeader title="Not found" />
      <Empty>There is no page at this address.</Empty>
    </>
  );
}

/** Moves focus to the page's content after navigation, so keyboard and screen-reader users land on it. */
function FocusOnNavigate() {
  const [location] = useLocation();
  const first = useRef(true);
  useEffect(() => {
    // Not on the first page: a fresh load starts at the top, where the skip link is.
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location]);
  return null;
}

function Standalone({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="standalone" id="main">
      <h1>{title}</h1>
      {children}
    </main>
  );
}

export function App() {
  return (
    <SessionProvider
      loading={(message) => (
        <Standalone title="Tessera Admin">
          <p role="status">{message}</p>
        </Standalone>
      )}
      failed={(message) => (
        <Standalone title="Sign-in failed">
          <p role="alert">{message}</p>
          <p>
            <a href="/admin/">Try again</a>
          </p>
        </Standalone>
      )}
      signedOut={(signIn) => (
        <Standalone title="You are signed out">
          <p>Your session at Tessera has ended.</p>
          <button type="button" className="primary" onClick={signIn}>
            Sign in again
          </button>
        </Standalone>
      )}
    >
      <Router base="/admin">
        <Layout>
          <FocusOnNavigate />
          <Switch>
            {ROUTES.map((r) => (
              <Route key={r.path} path={r.path} component={r.component} />
            ))}
            <Route component={NotFound} />
          </Switch>
        </Layout>
      </Router>
    </SessionProvider>
  );
}
