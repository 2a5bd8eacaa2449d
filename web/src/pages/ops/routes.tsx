import type { RouteDef } from '../../routes';
import { placeholder } from '../placeholder';

export const routes: readonly RouteDef[] = [
  { path: '/logs', component: placeholder('System Log') },
  { path: '/zones', component: placeholder('Network zones') },
  { path: '/zones/:zoneId', component: placeholder('Network zone') },
  { path: '/hooks', component: placeholder('Event hooks') },
  { path: '/hooks/:hookId', component: placeholder('Event hook') },
];
