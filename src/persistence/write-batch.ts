/**
 * One round trip for a command's whole change set. The batch stands in for a connection:
 * the write functions of this folder "run" their statements against it, and `run` sends
 * them as one statement of data-modifying CTEs (`WITH w1 AS (INSERT ...), w2 AS (DELETE
 * ...) SELECT ...`). PostgreSQL runs every part against the same snapshot, so no part may
 * depend on another's effect and no row may be changed by two parts; the engine's flush is
 * built that way (deletions remove only rows written by earlier commands).
 *
 * On a fsync-bound server a step costs its round trips; this turns ~10 into one.
 */
import type { Queryable, QueryResult, Transaction } from './database.ts';

const PARAM = /\$(\d+)/g;

export class WriteBatch implements Queryable {
  readonly #parts: string[] = [];
  readonly #params: unknown[] = [];

  get size(): number {
    return this.#parts.length;
  }

  /** Record a statement (it must not depend on the result of another). */
  query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<Row>> {
    const offset = this.#params.length;
    this.#parts.push(offset === 0 ? sql : sql.replace(PARAM, (_m, n: string) => `$${Number(n) + offset}`));
    this.#params.push(...params);
    return Promise.resolve({ rows: [], rowCount: 0 });
  }

  exec(): Promise<void> {
    return Promise.reject(new Error('A write batch takes parameterised statements only'));
  }

  /**
   * Send everything recorded as the transaction's last statement. `notify` adds a
   * `pg_notify(channel, '')`; `countRowsOf` (a part's position, from `size` before adding it)
   * returns how many rows that part's `RETURNING` gave, for guards.
   */
  async run(
    tx: Transaction,
    options: { notify?: string; countRowsOf?: number } = {},
  ): Promise<{ counted: number }> {
    const { notify, countRowsOf } = options;
    if (this.#parts.length === 0) {
      if (notify) await tx.queryLast(`SELECT pg_notify($1, '')`, [notify]);
      return { counted: 0 };
    }
    if (this.#parts.length === 1 && !notify && countRowsOf === undefined) {
      await tx.queryLast(this.#parts[0], this.#params);
      return { counted: 0 };
    }
    const params = [...this.#params];
    let notified = 'NULL';
    if (notify) {
      params.push(notify);
      notified = `pg_notify($${params.length}, '')`;
    }
    const counted = countRowsOf === undefined ? '0' : `(SELECT count(*) FROM w${countRowsOf})::int`;
    const ctes = this.#parts.map((sql, i) => `w${i} AS (${sql})`).join(',\n');
    const { rows } = await tx.queryLast(
      `WITH ${ctes}\nSELECT ${notified} AS notified, ${counted} AS counted`,
      params,
    );
    return { counted: Number(rows[0]?.counted ?? 0) };
  }
}
