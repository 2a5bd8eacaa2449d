import type { RouteDef } from '../../routes';
import { placeholder } from '../placeholder';
import { LogsPage } from './LogsPage';
import { ZonePage } from './ZonePage';
import { ZonesList } from './ZonesList';

export const routes: readonly RouteDef[] = [
  { path: '/logs', component: LogsPage },
  { path: '/zones', component: ZonesList },
  { path: '/zones/:zoneId', component: ZonePage },
  { path: '/hooks', component: placeholder('Event hooks') },
  { path: '/hooks/:hookId', component: placeholder('Event hook') },
];
