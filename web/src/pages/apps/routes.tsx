import type { RouteDef } from '../../routes';
import { placeholder } from '../placeholder';
import { AppsList } from './AppsList';

export const routes: readonly RouteDef[] = [
  { path: '/apps', component: AppsList },
  { path: '/apps/new', component: placeholder('New application') },
  { path: '/apps/:appId', component: placeholder('Application') },
];
