import type { RouteDef } from '../../routes';
import { placeholder } from '../placeholder';
import { LogsPage } from './LogsPage';

export const routes: readonly RouteDef[] = [
  { path: '/logs', component: LogsPage },
  { path: '/zones', component: placeholder('Network zones') },
  { path: '/zones/:zoneId', component: placeholder('Network zone') },
  { path: '/hooks', component: placeholder('Event hooks') },
  { path: '/hooks/:hookId', component: placeholder('Event hook') },
];
