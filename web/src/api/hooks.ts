/** Data for a page: one read, a cursor-paged list, and an action with its busy and error state. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../auth/session';
import type { Api, Page } from './client';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Reads `path` (skipped while it is null), again whenever it changes or `reload` is called. */
export function useQuery<T>(path: string | null): Loaded<T> {
  const { api } = useSession();
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: path !== null });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    api.get<T>(path).then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error: unknown) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [api, path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

export interface Paged<T> {
  readonly items: readonly T[];
  readonly error: unknown;
  readonly loading: boolean;
  /** 1-based number of the page shown. */
  readonly pageNumber: number;
  readonly hasNext: boolean;
  readonly hasPrevious: boolean;
  readonly next: () => void;
  readonly previous: () => void;
  readonly reload: () => void;
}

/**
 * A list read page by page through the API's cursors: only the shown page is in memory, and
 * the cursors of the pages before it, so a list of 100,000 users costs one page per step.
 */
/** How a page is read: by default the body is the list and the cursor is in the `Link` header. */
export type PageReader<T> = (api: Api, path: string) => Promise<Page<T>>;

export function usePaged<T>(firstPath: string | null, read: PageReader<T> = (api, path) => api.page<T>(path)): Paged<T> {
  const { api } = useSession();
  const [stack, setStack] = useState<string[]>([]);
  const [page, setPage] = useState<Page<T> | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(firstPath !== null);
  const [generation, setGeneration] = useState(0);
  // The reader is how, not what: a new function each render does not read again.
  const readRef = useRef(read);
  readRef.current = read;
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
    readRef.current(api, current).then(
      (p) => {
        if (!live) return;
        setPage(p);
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
  return {
    items: page?.items ?? [],
    error,
    loading,
    pageNumber: stack.length + 1,
    hasNext: page?.next !== undefined,
    hasPrevious: stack.length > 0,
    next: () => {
      if (page?.next !== undefined) setStack((s) => [...s, page.next as string]);
    },
    previous: () => setStack((s) => s.slice(0, -1)),
    reload: () => setGeneration((g) => g + 1),
  };
}

export interface Action<A extends unknown[], R> {
  readonly busy: boolean;
  readonly error: unknown;
  /** Runs the action; resolves to its result, or undefined when it failed (the error is in `error`). */
  readonly run: (...args: A) => Promise<R | undefined>;
  readonly clear: () => void;
}

export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const ref = useRef(action);
  ref.current = action;
  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      return await ref.current(...args);
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(undefined) };
}
