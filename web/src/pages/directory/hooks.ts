/**
 * Paging through a list that carries its cursor in the body, as Okta's IAM endpoints do
 * (`{ value: [...], _links: { next: { href } } }`, `after`/`limit`), rather than in a `Link`
 * header (web/src/api/hooks.ts `usePaged`). Only the shown page is in memory, and the paths of
 * the pages before it.
 */
import { useEffect, useRef, useState } from 'react';
import type { Paged } from '../../api/hooks';
import { useSession } from '../../auth/session';

export interface LinkedList<T> {
  readonly value?: readonly T[];
  readonly _links?: { readonly next?: { readonly href: string } };
}

/** An absolute `next` href as a same-origin path with its query. */
export function pathOfHref(href: string): string {
  const url = new URL(href, location.origin);
  return url.pathname + url.search;
}

export function useLinkPaged<T>(firstPath: string | null): Paged<T> {
  const { api } = useSession();
  const [stack, setStack] = useState<string[]>([]);
  const [page, setPage] = useState<{ items: readonly T[]; next: string | undefined } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(firstPath !== null);
  const [generation, setGeneration] = useState(0);
  const first = useRef(firstPath);
  if (first.current !== firstPath) {
    first.current = firstPath;
    if (stack.length > 0) setStack([]);
  }
  const current = stack.length > 0 ? stack[stack.length - 1] : firstPath;
  useEffect(() => {
    if (current === null || current === undefined) return;
    let live = true;
    setLoading(true);
    setError(undefined);
    api.get<LinkedList<T>>(current).then(
      (body) => {
        if (!live) return;
        const href = body._links?.next?.href;
        const items = body.value ?? [];
        // A next link on an empty page would page forever: the list ends there.
        setPage({ items, next: href !== undefined && items.length > 0 ? pathOfHref(href) : undefined });
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setPage(undefined);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, current, generation]);
  const next = page?.next;
  return {
    items: page?.items ?? [],
    error,
    loading,
    pageNumber: stack.length + 1,
    hasNext: next !== undefined,
    hasPrevious: stack.length > 0,
    next: () => {
      if (next !== undefined) setStack((s) => [...s, next]);
    },
    previous: () => setStack((s) => s.slice(0, -1)),
    reload: () => setGeneration((g) => g + 1),
  };
}
