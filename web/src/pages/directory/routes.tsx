import type { RouteDef } from '../../routes';
import { GroupPage } from './GroupPage';
import { GroupsPage } from './GroupsPage';
import { NewUserPage } from './NewUserPage';
import { RolesPage } from './RolesPage';
import { UserPage } from './UserPage';
import { UsersPage } from './UsersPage';

export const routes: readonly RouteDef[] = [
  { path: '/users', component: UsersPage },
  { path: '/users/new', component: NewUserPage },
  { path: '/users/:userId', component: UserPage },
  { path: '/groups', component: GroupsPage },
  { path: '/groups/:groupId', component: GroupPage },
  { path: '/roles', component: RolesPage },
];
