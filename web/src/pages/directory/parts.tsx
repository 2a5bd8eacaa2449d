/** Pieces the directory pages share: a search-as-you-type finder and the waiting it needs. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useQuery } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/ui';

/** `value`, once it has not changed for `ms` milliseconds. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A search box whose matches (one small request, Okta's `q`: a prefix, not paged) are listed
 * with an action each. Nothing is read until something is typed.
 */
export function Finder<T>({
  label,
  hint,
  limit = 10,
  pathOf,
  rowKey,
  describe,
  action,
  empty,
}: {
  label: string;
  hint?: ReactNode;
  /** How many matches to show. */
  limit?: number;
  /** The list path for a typed prefix and a limit. */
  pathOf: (q: string, limit: number) => string;
  rowKey: (row: T) => string;
  describe: (row: T) => ReactNode;
  action: (row: T) => ReactNode;
  empty: (q: string) => ReactNode;
}) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const found = useQuery<T[]>(q === '' ? null : pathOf(q, limit));
  return (
    <div>
      <TextField label={label} type="search" value={text} onChange={setText} hint={hint} />
      {q === '' ? null : found.loading ? (
        <Loading what="Searching" />
      ) : found.error !== undefined ? (
        <ErrorNotice error={found.error} />
      ) : found.data === undefined || found.data.length === 0 ? (
        <p className="muted" role="status">
          {empty(q)}
        </p>
      ) : (
        <>
          {found.data.length >= limit ? <p className="muted">The first {limit} matches: type more to find others.</p> : null}
          <ul aria-label={`Matches for ${q}`} style={{ listStyle: 'none', padding: 0, margin: '0 0 1rem' }}>
            {found.data.map((row) => (
              <li key={rowKey(row)} style={{ display: 'flex', gap: '0.75rem', alignItems: 'center', padding: '0.25rem 0' }}>
                <span>{describe(row)}</span>
                {action(row)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * Focus for a form that a button opens in place of what it shows: into the form's first field
 * when it opens, back to the button when it closes, so keyboard users are never left on the page's body.
 */
export function useOpenFocus(open: boolean) {
  const form = useRef<HTMLFormElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (open) form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
    else if (wasOpen.current) button.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return { form, button };
}
