/**
 * Statements built once. drizzle builds a query's SQL text again on every execution. A reply runs about
 * twenty statements, and building them was a fifth of the server's CPU per reply (CPU profile of the
 * write-reply benchmark, ADR 020). A statement here is built once per database driver, with
 * `sql.placeholder(…)` where its values go. Each call runs it on the executor it is given: the database, or
 * the caller's transaction. The executor's connection runs it. The SQL text, the parameter encoders (a
 * column's Date → timestamptz, say) and the result mapping are drizzle's own.
 *
 * This relies on two drizzle internals, pinned by tests/integration/statements.test.ts on both drivers:
 * - an executor's `session` has `client` and `logger`;
 * - a prepared query reads `this.client` and `this.logger` when it executes.
 * Each call makes a copy of the prepared query with the executor's `client` and `logger`. The copy shares
 * the SQL and the mappers.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "./client";

interface PreparedLike<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}
interface Session {
  client: unknown;
  logger: unknown;
  prepareQuery(
    query: { sql: string; params: unknown[] },
    fields: undefined,
    name: string,
    arrayMode: boolean,
  ): PreparedLike<unknown>;
}
interface Internals {
  session: Session;
  dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } };
}

const internals = (ex: Executor) => ex as unknown as Internals;

/** One prepared query per session class (postgres.js, PGlite): both can be open in one process (tests). */
function perDriver<R>(make: (ex: Executor) => PreparedLike<R>) {
  const byDriver = new Map<unknown, PreparedLike<R>>();
  return (ex: Executor, values: Record<string, unknown>): Promise<R> => {
    const session = internals(ex).session;
    let q = byDriver.get(session.constructor);
    if (!q) {
      q = make(ex);
      byDriver.set(session.constructor, q);
    }
    const bound = Object.create(q, {
      client: { value: session.client },
      logger: { value: session.logger },
    }) as PreparedLike<R>;
    return bound.execute(values);
  };
}

/**
 * A drizzle query (select, insert, update, delete) built once: `build` returns it with placeholders for
 * its values; the function returned runs it with `values` on an executor, with drizzle's result mapping.
 */
export function statement<R>(
  name: string,
  build: (ex: Executor) => { prepare(name: string): PreparedLike<R> },
): (ex: Executor, values?: Record<string, unknown>) => Promise<R> {
  const run = perDriver((ex) => build(ex).prepare(name));
  return (ex, values = {}) => run(ex, values);
}

/**
 * Raw SQL built once, run like `ex.execute(sql…)`: the result is the driver's (pass it to rowsOf). Its
 * values are `sql.placeholder(…)`s.
 */
export function sqlStatement(
  name: string,
  build: () => SQL,
): (ex: Executor, values?: Record<string, unknown>) => Promise<unknown> {
  const run = perDriver((ex) => {
    const { session, dialect } = internals(ex);
    return session.prepareQuery(dialect.sqlToQuery(build()), undefined, name, false);
  });
  return (ex, values = {}) => run(ex, values);
}

/**
 * A placeholder cast to a type, with no column encoder: for nullable values (a column's encoder would turn a
 * null into JSON 'null', or fail on a null Date) and for values outside any column.
 */
export const typedPlaceholder = (name: string, type: string) =>
  sql`${sql.placeholder(name)}::${sql.raw(type)}`;

/** A PostgreSQL array literal of integers, for a `${placeholder}::int[]` or `::bigint[]` parameter. */
export const intArray = (values: readonly number[]) => `{${values.map((v) => Math.trunc(v)).join(",")}}`;

/** A PostgreSQL array literal of texts, for a `${placeholder}::text[]` parameter (the same on both drivers). */
export const textArray = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`;
