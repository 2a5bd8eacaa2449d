/** The console's pages: each area lists its own routes (paths are below /admin). */
import type { ComponentType } from 'react';

export interface PageProps {
  readonly params: Readonly<Record<string, string | undefined>>;
}

export interface RouteDef {
  readonly path: string;
  readonly component: ComponentType<PageProps>;
}

/** The route parameter `name`, which the router always sets for the paths that declare it. */
export function param(props: PageProps, name: string): string {
  return props.params[name] ?? '';
}
