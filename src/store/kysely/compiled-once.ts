/**
 * Statements on the token endpoint's path, compiled once and then only re-bound. Building and
 * compiling a query with Kysely (an immutable operation tree, then a visitor) costs about as much
 * as SQLite takes to run a primary-key look-up, and a token request runs half a dozen of them.
 *
 * The SQL of a given shape depends only on the dialect: no plugin of ours rewrites table names,
 * and the PostgreSQL schema is chosen by `search_path`, not written into the SQL. The first call
 * of a shape builds it with the real values and checks that the compiled statement binds exactly
 * the parameters the caller lists, in that order, so a list that drifts from its builder fails at
 * once instead of binding a value to the wrong column.
 */
import { CompiledQuery } from 'kysely';
import type { Dialect } from '../database.js';

export interface Compilable<R> {
  compile(): CompiledQuery<R>;
}

const SQL = new Map<string, string>();

/** The statement `build` compiles, for `shape` (a name unique per statement), bound to `parameters`. */
export function compiledOnce<R>(dialect: Dialect, shape: string, build: () => Compilable<R>, parameters: readonly unknown[]): CompiledQuery<R> {
  const key = `${dialect}:${shape}`;
  let text = SQL.get(key);
  if (text === undefined) {
    const compiled = build().compile();
    const same = compiled.parameters.length === parameters.length && compiled.parameters.every((value, i) => value === parameters[i]);
    if (!same) throw new Error(`statement ${shape} does not bind its parameters in the order listed`);
    text = compiled.sql;
    SQL.set(key, text);
  }
  // The rows are those of the statement `build` compiled (its SQL, re-bound).
  return CompiledQuery.raw(text, [...parameters]);
}
