import type { RouteDef } from '../../routes';
import { placeholder } from '../placeholder';

export const routes: readonly RouteDef[] = [{ path: '/', component: placeholder('Overview') }];
