/**
 * The query plans of a read, for tests and `npm run bench`: runs `read` against a recorder
 * that passes each statement on and keeps it, then asks PostgreSQL to `EXPLAIN` every
 * statement with its own parameters. Shows which indexes a list query uses, with the real
 * statement text rather than a copy that could drift from it.
 */
import type { Queryable } from './database.ts';

export interface ExplainedStatement {
  readonly sql: string;
  /** `EXPLAIN` output, one line per plan node */
  readonly plan: string;
}

export const explainStatements = async (
  db: Queryable,
  read: (recorder: Queryable) => Promise<unknown>,
  options: { analyze?: boolean } = {},
): Promise<ExplainedStatement[]> => {
  const seen: { sql: string; params: readonly unknown[] }[] = [];
  const recorder: Queryable = {
    query: (sql, params = []) => {
      seen.push({ sql, params });
      return db.query(sql, params);
    },
    exec: (sql) => db.exec(sql),
  };
  await read(recorder);
  const how = options.analyze ? '(ANALYZE, BUFFERS)' : '';
  const explained: ExplainedStatement[] = [];
  for (const { sql, params } of seen) {
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${how} ${sql}`, params);
    explained.push({ sql, plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
  }
  return explained;
};
