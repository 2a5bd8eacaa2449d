import { param, type PageProps, type RouteDef } from '../../routes';
import { MigratePage } from './MigratePage';
import { TokenPage } from './TokenPage';
import { TokensPage } from './TokensPage';

/** Keyed by the token id: moving to another token (after a rotation) starts its page afresh. */
function TokenRoute(props: PageProps) {
  return <TokenPage key={param(props, 'tokenId')} {...props} />;
}

function MigrateRoute(props: PageProps) {
  return <MigratePage key={param(props, 'tokenId')} {...props} />;
}

export const routes: readonly RouteDef[] = [
  { path: '/tokens', component: TokensPage },
  { path: '/tokens/:tokenId', component: TokenRoute },
  { path: '/tokens/:tokenId/migrate', component: MigrateRoute },
];
