import type { RouteDef } from '../../routes';
import { AppPage } from './AppPage';
import { AppsList } from './AppsList';
import { NewApp } from './NewApp';

/** `/apps/new` before `/apps/:appId`: the router takes the first match. */
export const routes: readonly RouteDef[] = [
  { path: '/apps', component: AppsList },
  { path: '/apps/new', component: NewApp },
  { path: '/apps/:appId', component: AppPage },
];
