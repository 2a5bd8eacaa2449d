import type { RouteDef } from '../../routes';
import { HookPage } from './HookPage';
import { HooksList } from './HooksList';
import { LogsPage } from './LogsPage';
import { ZonePage } from './ZonePage';
import { ZonesList } from './ZonesList';

export const routes: readonly RouteDef[] = [
  { path: '/logs', component: LogsPage },
  { path: '/zones', component: ZonesList },
  { path: '/zones/:zoneId', component: ZonePage },
  { path: '/hooks', component: HooksList },
  { path: '/hooks/:hookId', component: HookPage },
];
