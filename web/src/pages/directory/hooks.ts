/**
 * Paging through a list that carries its cursor in the body, as Okta's IAM endpoints do
 * (`{ value: [...], _links: { next: { href } } }`, `after`/`limit`), rather than in a `Link`
 * header (web/src/api/hooks.ts `usePaged`). Only the shown page is in memory, and the paths of
 * the pages before it.
 */
import type { Api, Page } from '../../api/client';
import { usePaged, type Paged } from '../../api/hooks';

export interface LinkedList<T> {
  readonly value?: readonly T[];
  readonly _links?: { readonly next?: { readonly href: string } };
}

/** An absolute `next` href as a same-origin path with its query. */
export function pathOfHref(href: string): string {
  const url = new URL(href, location.origin);
  return url.pathname + url.search;
}

/** One page of a list whose cursor is in its body. */
export async function readLinked<T>(api: Api, path: string): Promise<Page<T>> {
  const body = await api.get<LinkedList<T>>(path);
  const href = body._links?.next?.href;
  const items = body.value ?? [];
  // A next link on an empty page would page forever: the list ends there.
  return { items, next: href !== undefined && items.length > 0 ? pathOfHref(href) : undefined };
}

export function useLinkPaged<T>(firstPath: string | null): Paged<T> {
  return usePaged<T>(firstPath, readLinked);
}
