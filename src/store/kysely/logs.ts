/**
 * LogRepository over Kysely. Events are kept whole as JSON; the columns that filters and
 * cursors use are copied out beside them. Pages are keyed on the commit order: `position` on
 * PostgreSQL (see migrations/2026-11-28T16-00_log-position.ts for why not the insertion order
 * `seq`), `seq` itself on SQLite, where one writer at a time makes the two orders the same
 * (migrations/2026-11-28T17-50_log-append.ts).
 */
import { sql, type Insertable, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { escapeLikePattern, filterToSql, type ColumnTarget } from '../../filter/to-sql.js';
import type { Dialect } from '../database.js';
import type { LogEventRecord } from '../records.js';
import type { Database, LogEventsTable } from '../schema.js';
import type { LogQuery, LogRepository, LogScan, StoredLogEvent } from '../store.js';
import { compiledOnce } from './compiled-once.js';

/** Filter attributes kept in a column of `log_events` (the policy in management/logs/filters.ts names the same). */
const COLUMNS: ReadonlyMap<string, string> = new Map([
  ['eventType', 'event_type'],
  ['severity', 'severity'],
  ['actor.id', 'actor_id'],
  ['outcome.result', 'outcome_result'],
  ['transaction.detail.requestApiTokenId', 'request_api_token_id'],
  ['published', 'published'],
  ['uuid', 'uuid'],
]);

/** Where each filter attribute lives; `target.id` is multi-valued, in the side table. */
function resolveColumn(attribute: string): ColumnTarget {
  if (attribute === 'target.id') {
    return {
      expression: sql.ref('log_event_targets.target_id'),
      membership: (predicate: RawBuilder<SqlBool>) => sql<SqlBool>`log_events.seq IN (SELECT log_event_targets.seq FROM log_event_targets WHERE ${predicate})`,
    };
  }
  const column = COLUMNS.get(attribute);
  // The route's filter policy admits only the attributes above; anything else is a bug, not input.
  if (column === undefined) throw new Error(`log filter attribute ${attribute} has no column`);
  return { expression: sql.ref(`log_events.${column}`) };
}

/** The text `q` searches: type, message, actor, outcome and targets (lower-cased). */
export function searchTextOf(event: LogEventRecord): string {
  const parts = [
    event.eventType,
    event.displayMessage,
    event.actor.id,
    event.actor.alternateId,
    event.actor.displayName,
    event.outcome.result,
    event.outcome.reason ?? '',
    ...event.target.flatMap((t) => [t.id, t.alternateId, t.displayName]),
  ];
  return parts.join(' ').toLowerCase();
}

type EventRow = Omit<Insertable<LogEventsTable>, 'seq' | 'position'>;

/** An event's row: the whole event as JSON and the columns filters use. */
function eventRow(event: LogEventRecord): EventRow {
  const requestApiTokenId = event.transaction.detail['requestApiTokenId'];
  return {
    uuid: event.uuid,
    published: event.published,
    event_type: event.eventType,
    severity: event.severity,
    display_message: event.displayMessage,
    actor_id: event.actor.id,
    outcome_result: event.outcome.result,
    request_api_token_id: typeof requestApiTokenId === 'string' ? requestApiTokenId : null,
    body: JSON.stringify(event),
    search_text: searchTextOf(event),
  };
}

/** The row's values in the order of its columns above (the order Kysely binds them in). */
const eventParameters = (row: EventRow): unknown[] => [
  row.uuid,
  row.published,
  row.event_type,
  row.severity,
  row.display_message,
  row.actor_id,
  row.outcome_result,
  row.request_api_token_id,
  row.body,
  row.search_text,
];

/** Events with more distinct targets than this (rare) have their targets' insert built each time. */
const MAX_TEMPLATED_TARGETS = 8;

export class KyselyLogRepository implements LogRepository {
  /** The commit-order column: the cursor key. */
  private readonly position: 'position' | 'seq';

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.position = dialect === 'postgres' ? 'position' : 'seq';
  }

  async append(events: readonly LogEventRecord[]): Promise<void> {
    if (events.length === 0) return;
    // An event and its targets become visible together (the edge writes outside any transaction).
    if (!this.db.isTransaction) {
      await this.db.transaction().execute((trx) => new KyselyLogRepository(trx, this.dialect).append(events));
      return;
    }
    for (const event of events) {
      const row = eventRow(event);
      const inserted = await this.db.executeQuery<{ seq: number | string }>(
        compiledOnce(this.dialect, 'log_events.insert', () => this.db.insertInto('log_events').values(row).returning('seq'), eventParameters(row)),
      );
      const seq = inserted.rows[0]?.seq;
      if (seq === undefined) throw new Error('log_events insert returned no seq');
      const targets = [...new Set(event.target.map((t) => t.id))];
      if (targets.length === 0) continue;
      const rows = targets.map((id) => ({ seq: Number(seq), target_id: id }));
      const parameters = rows.flatMap((r) => [r.seq, r.target_id]);
      const insert = () => this.db.insertInto('log_event_targets').values(rows);
      await this.db.executeQuery(
        rows.length <= MAX_TEMPLATED_TARGETS ? compiledOnce(this.dialect, `log_event_targets.insert.${rows.length}`, insert, parameters) : insert().compile(),
      );
    }
  }

  async query(query: LogQuery): Promise<StoredLogEvent[]> {
    const ascending = query.order === 'ASCENDING';
    const position = this.position;
    let select = this.db
      .selectFrom('log_events')
      .select([`${position} as position`, 'body'])
      .where('published', '>=', query.since);
    // Rows of a transaction still committing have no position yet (PostgreSQL).
    if (position === 'position') select = select.where('position', 'is not', null);
    if (query.until !== undefined) select = select.where('published', '<', query.until);
    if (query.filter !== undefined) select = select.where(filterToSql(query.filter, resolveColumn));
    for (const keyword of query.keywords ?? []) {
      const pattern = '%' + escapeLikePattern(keyword.toLowerCase()) + '%';
      select = select.where(sql<SqlBool>`search_text LIKE ${pattern} ESCAPE '\\'`);
    }
    if (query.afterPosition !== undefined) select = select.where(position, ascending ? '>' : '<', query.afterPosition);
    const rows = await select
      .orderBy(position, ascending ? 'asc' : 'desc')
      .limit(query.limit)
      .execute();
    return rows.map((row) => ({ position: Number(row.position), event: JSON.parse(row.body) as LogEventRecord }));
  }

  async readAfter(scan: LogScan): Promise<StoredLogEvent[]> {
    if (scan.eventTypes.length === 0 || scan.throughPosition <= scan.afterPosition) return [];
    const position = this.position;
    const rows = await this.db
      .selectFrom('log_events')
      .select([`${position} as position`, 'body'])
      .where(position, '>', scan.afterPosition)
      .where(position, '<=', scan.throughPosition)
      .where('event_type', 'in', [...scan.eventTypes])
      .orderBy(position, 'asc')
      .limit(scan.limit)
      .execute();
    return rows.map((row) => ({ position: Number(row.position), event: JSON.parse(row.body) as LogEventRecord }));
  }

  async highWater(): Promise<number> {
    const row = await this.db
      .selectFrom('log_events')
      .select((eb) => eb.fn.max(this.position).as('high'))
      .executeTakeFirst();
    return row?.high === null || row?.high === undefined ? 0 : Number(row.high);
  }
}
