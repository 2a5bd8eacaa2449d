/** The few SQL fragments that differ between SQLite and PostgreSQL. */
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../database.js';

/** A scalar inside a JSON text column, as text: `json_extract` vs `->>`. */
export function jsonText(dialect: Dialect, column: string, key: string): RawBuilder<unknown> {
  if (dialect === 'postgres') return sql`(${sql.ref(column)}::jsonb ->> ${key})`;
  // SQLite json paths quote the key, so any attribute name is safe: $."key".
  const path = '$."' + key.replace(/["\\]/g, '') + '"';
  return sql`json_extract(${sql.ref(column)}, ${path})`;
}

/**
 * `needle` occurs in the text column, exactly and case-sensitively (`instr` / `strpos`; SQLite's
 * LIKE would fold case). Used to find the JSON columns that name a network zone: the needle is the
 * zone id in quotes, and zone ids are base-62, so it matches only a JSON string that is that id.
 */
export function textContains(dialect: Dialect, column: string, needle: RawBuilder<unknown>): RawBuilder<boolean> {
  return dialect === 'postgres' ? sql<boolean>`strpos(${sql.ref(column)}, ${needle}) > 0` : sql<boolean>`instr(${sql.ref(column)}, ${needle}) > 0`;
}
