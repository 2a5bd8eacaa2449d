/**
 * LogRepository over Kysely. Events are kept whole as JSON; the columns that filters and
 * cursors use are copied out beside them. Pagination is keyed on `seq`, the insertion order.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { filterToSql } from '../../filter/to-sql.js';
import type { LogEventRecord } from '../records.js';
import type { Database } from '../schema.js';
import type { LogQuery, LogRepository, StoredLogEvent } from '../store.js';

const COLUMNS: Readonly<Record<string, string>> = {
  eventType: 'event_type',
  severity: 'severity',
  'actor.id': 'actor_id',
  'outcome.result': 'outcome_result',
  'transaction.detail.requestApiTokenId': 'request_api_token_id',
  published: 'published',
  uuid: 'uuid',
};

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** The text `q` searches: type, message, actor and target names (lower-cased). */
export function searchTextOf(event: LogEventRecord): string {
  const parts = [
    event.eventType,
    event.displayMessage,
    event.actor.id,
    event.actor.alternateId,
    event.actor.displayName,
    event.outcome.result,
    ...event.target.flatMap((t) => [t.id, t.alternateId, t.displayName]),
  ];
  return parts.join(' ').toLowerCase();
}

export class KyselyLogRepository implements LogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(events: readonly LogEventRecord[]): Promise<void> {
    for (const event of events) {
      const inserted = await this.db
        .insertInto('log_events')
        .values({
          uuid: event.uuid,
          published: event.published,
          event_type: event.eventType,
          severity: event.severity,
          display_message: event.displayMessage,
          actor_id: event.actor.id,
          outcome_result: event.outcome.result,
          request_api_token_id: typeof event.transaction.detail['requestApiTokenId'] === 'string' ? event.transaction.detail['requestApiTokenId'] : null,
          body: JSON.stringify(event),
          search_text: searchTextOf(event),
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      const targets = [...new Set(event.target.map((t) => t.id))];
      if (targets.length > 0) {
        await this.db
          .insertInto('log_event_targets')
          .values(targets.map((id) => ({ seq: Number(inserted.seq), target_id: id })))
          .execute();
      }
    }
  }

  async query(query: LogQuery): Promise<StoredLogEvent[]> {
    let select = this.db
      .selectFrom('log_events')
      .select(['seq', 'body'])
      .where('published', '>=', query.since)
      .where('published', '<', query.until);
    if (query.filter !== undefined) {
      select = select.where(
        filterToSql(query.filter, (attribute) => {
          if (attribute === 'target.id') {
            return {
              expression: sql.ref('log_event_targets.target_id'),
              membership: (predicate: RawBuilder<SqlBool>) =>
                sql<SqlBool>`log_events.seq IN (SELECT log_event_targets.seq FROM log_event_targets WHERE ${predicate})`,
            };
          }
          return { expression: sql.ref(`log_events.${COLUMNS[attribute] ?? 'uuid'}`) };
        }),
      );
    }
    for (const keyword of query.keywords ?? []) {
      const pattern = '%' + escapeLike(keyword.toLowerCase()) + '%';
      select = select.where(sql<boolean>`search_text LIKE ${pattern} ESCAPE '\\'`);
    }
    if (query.afterSeq !== undefined) {
      select = select.where('seq', query.order === 'ASCENDING' ? '>' : '<', query.afterSeq);
    }
    const rows = await select
      .orderBy('seq', query.order === 'ASCENDING' ? 'asc' : 'desc')
      .limit(query.limit)
      .execute();
    return rows.map((row) => ({ seq: Number(row.seq), event: JSON.parse(row.body) as LogEventRecord }));
  }
}
