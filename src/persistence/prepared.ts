/**
 * Statements run on every command (lock and load an instance, read a job) are prepared once
 * per connection and reused: PostgreSQL then skips parsing and, after a few runs, planning,
 * which the benchmark found to be about half of such a statement's time. Only fixed texts
 * are registered here, so the number of prepared statements per connection stays small.
 */
import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/** Register a fixed SQL text as a prepared statement; returns the text unchanged. */
export const prepared = (sql: string): string => {
  if (!names.has(sql)) names.set(sql, `weir_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`);
  return sql;
};

/** The prepared statement name of a registered text, if it is one. */
export const preparedName = (sql: string): string | undefined => names.get(sql);
