import type { RouteDef } from '../../routes';
import { placeholder } from '../placeholder';

export const routes: readonly RouteDef[] = [
  { path: '/apps', component: placeholder('Applications') },
  { path: '/apps/new', component: placeholder('New application') },
  { path: '/apps/:appId', component: placeholder('Application') },
];
