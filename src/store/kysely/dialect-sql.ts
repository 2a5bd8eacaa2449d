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
