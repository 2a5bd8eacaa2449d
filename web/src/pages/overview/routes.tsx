import type { RouteDef } from '../../routes';
import { OverviewPage } from './OverviewPage';

export const routes: readonly RouteDef[] = [{ path: '/', component: OverviewPage }];
