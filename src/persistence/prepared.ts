/**
 * Statements run on every command (lock and load an instance, read a job) are prepared once
 * per connection and reused: PostgreSQL then skips parsing and, after a few runs, planning,
 * which the benchmark found to be about half of such a statement's time. Fixed texts are
 * registered with `prepared`; texts built per command (a write batch, whose parts depend on
 * what the command changed) with `preparedIfFrequent`, which bounds how many there can be.
 */
import { createHash } from 'node:crypto';

const names = new Map<string, string>();

const nameOf = (sql: string): string => `weir_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;

/** Register a fixed SQL text as a prepared statement; returns the text unchanged. */
export const prepared = (sql: string): string => {
  if (!names.has(sql)) names.set(sql, nameOf(sql));
  return sql;
};

/**
 * A built text becomes a prepared statement once it has been sent this many times: the shapes
 * a node sends all day (the start of a process, a job's completion) get there within seconds,
 * one-off shapes (a rare migration or a bulk operation) never do.
 */
const ADMIT_AFTER = 3;
/**
 * At most this many built texts are prepared per process, so at most this many per server
 * connection. A write batch with its search-index upsert keeps about 0.3 MB of parse tree and
 * plan in the server process of every connection that prepared it: 32 of them, about 10 MB per
 * connection. Past the limit, a text is sent unnamed (parsed and planned every time), as all
 * were before.
 */
const MAX_BUILT = 32;
/** How many distinct built texts are counted before counting stops (the counts are memory too). */
const MAX_COUNTED = 1_000;

const sightings = new Map<string, number>();
let built = 0;

/**
 * Register a text built at run time as a prepared statement once it has proved frequent (see
 * `ADMIT_AFTER` and `MAX_BUILT`); returns the text unchanged.
 */
export const preparedIfFrequent = (sql: string): string => {
  if (names.has(sql) || built >= MAX_BUILT) return sql;
  const seen = sightings.get(sql);
  if (seen === undefined) {
    if (sightings.size < MAX_COUNTED) sightings.set(sql, 1);
    return sql;
  }
  if (seen + 1 < ADMIT_AFTER) {
    sightings.set(sql, seen + 1);
    return sql;
  }
  sightings.delete(sql);
  names.set(sql, nameOf(sql));
  built++;
  return sql;
};

/** The prepared statement name of a registered text, if it is one. */
export const preparedName = (sql: string): string | undefined => names.get(sql);
