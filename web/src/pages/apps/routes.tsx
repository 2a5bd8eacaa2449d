import type { RouteDef } from '../../routes';
import { placeholder } from '../placeholder';
import { AppsList } from './AppsList';
import { NewApp } from './NewApp';

export const routes: readonly RouteDef[] = [
  { path: '/apps', component: AppsList },
  { path: '/apps/new', component: NewApp },
  { path: '/apps/:appId', component: placeholder('Application') },
];
