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
   * Send everything recorded as the transaction's last statement, optionally ending with a
   * `SELECT` (such as `pg_notify`).
   */
  async run(
    tx: Transaction,
    finalSelect?: { sql: string; params: readonly unknown[] },
  ): Promise<Record<string, unknown>[]> {
    if (this.#parts.length === 0) {
      return finalSelect ? (await tx.queryLast(finalSelect.sql, finalSelect.params)).rows : [];
    }
    if (this.#parts.length === 1 && !finalSelect) {
      await tx.queryLast(this.#parts[0], this.#params);
      return [];
    }
    const params = [...this.#params];
    let tail = 'SELECT 1';
    if (finalSelect) {
      const offset = params.length;
      tail = finalSelect.sql.replace(PARAM, (_m, n: string) => `$${Number(n) + offset}`);
      params.push(...finalSelect.params);
    }
    const ctes = this.#parts.map((sql, i) => `w${i} AS (${sql})`).join(',\n');
    return (await tx.queryLast(`WITH ${ctes}\n${tail}`, params)).rows;
  }
}
