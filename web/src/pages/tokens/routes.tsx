import type { RouteDef } from '../../routes';
import { placeholder } from '../placeholder';

export const routes: readonly RouteDef[] = [
  { path: '/tokens', component: placeholder('API tokens') },
  { path: '/tokens/:tokenId', component: placeholder('API token') },
  { path: '/tokens/:tokenId/migrate', component: placeholder('Migrate to a service app') },
];
