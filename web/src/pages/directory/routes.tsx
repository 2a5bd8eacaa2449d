import type { RouteDef } from '../../routes';
import { placeholder } from '../placeholder';

export const routes: readonly RouteDef[] = [
  { path: '/users', component: placeholder('Users') },
  { path: '/users/new', component: placeholder('New user') },
  { path: '/users/:userId', component: placeholder('User') },
  { path: '/groups', component: placeholder('Groups') },
  { path: '/groups/:groupId', component: placeholder('Group') },
  { path: '/roles', component: placeholder('Admin roles') },
];
