/** A table of rows with its caption, an empty state, and the pager of a cursor-paged list. */
import type { ReactNode } from 'react';
import type { Paged } from '../api/hooks';
import { ErrorNotice } from './ErrorNotice';
import { Empty, Loading } from './ui';

export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  readonly className?: string;
}

export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
}: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty: ReactNode;
}) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.header} className={c.className}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Pager({
  paged,
  label,
}: {
  paged: Pick<Paged<unknown>, 'hasNext' | 'hasPrevious' | 'next' | 'previous' | 'pageNumber' | 'loading'>;
  label: string;
}) {
  if (!paged.hasNext && !paged.hasPrevious) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={paged.previous} disabled={!paged.hasPrevious || paged.loading}>
        ← Previous
      </button>
      <span aria-live="polite">Page {paged.pageNumber}</span>
      <button type="button" onClick={paged.next} disabled={!paged.hasNext || paged.loading}>
        Next →
      </button>
    </nav>
  );
}

/** A paged list with its loading, error and empty states. */
export function PagedTable<T>({
  paged,
  caption,
  columns,
  rowKey,
  empty,
}: {
  paged: Paged<T>;
  caption: string;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  empty: ReactNode;
}) {
  return (
    <>
      <ErrorNotice error={paged.error} />
      {paged.loading && paged.items.length === 0 ? (
        <Loading />
      ) : paged.error === undefined ? (
        <DataTable caption={caption} columns={columns} rows={paged.items} rowKey={rowKey} empty={empty} />
      ) : null}
      <Pager paged={paged} label={caption} />
    </>
  );
}
