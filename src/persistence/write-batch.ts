/**
 * One round trip for a command's whole change set. The batch stands in for a connection:
 * the write functions of this folder "run" their statements against it, and `run` sends
 * them as one statement of data-modifying CTEs (`WITH w1 AS (INSERT ...), w2 AS (DELETE
 * ...) SELECT ...`). PostgreSQL runs every part against the same snapshot, so no part may
 * depend on another's effect and no row may be changed by two parts; the engine's flush is
 * built that way (deletions remove only rows written by earlier commands).
 *
 * On a fsync-bound server a step costs its round trips; this turns ~10 into one. The text of
 * a kind of command repeats, so it is prepared once it proves frequent (`preparedIfFrequent`).
 */
import type { Queryable, QueryResult, Transaction } from './database.ts';
import { preparedIfFrequent } from './prepared.ts';

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
   * Send everything recorded as the transaction's last statement (with its COMMIT: see
   * `Transaction.queryLast`). `notify` adds a `pg_notify(channel, '')`. `guard` names a part
   * (its position, from `size` before adding it) whose `RETURNING` must give exactly one row,
   * the guarded job's: otherwise `weir_require_job` (migration 023) aborts the statement, and
   * the transaction with it, with SQLSTATE `WJ001` (see `isJobGoneError`).
   */
  async run(tx: Transaction, options: { notify?: string; guard?: { part: number; jobId: string } } = {}) {
    const { notify, guard } = options;
    if (this.#parts.length === 0) {
      if (notify) await tx.queryLast(`SELECT pg_notify($1, '')`, [notify]);
      return;
    }
    if (this.#parts.length === 1 && !notify && !guard) {
      await tx.queryLast(preparedIfFrequent(this.#parts[0]), this.#params);
      return;
    }
    const params = [...this.#params];
    let notified = 'NULL';
    if (notify) {
      params.push(notify);
      notified = `pg_notify($${params.length}, '')`;
    }
    let guarded = 'NULL';
    if (guard) {
      params.push(guard.jobId);
      guarded = `weir_require_job((SELECT count(*) FROM w${guard.part}), $${params.length})`;
    }
    const ctes = this.#parts.map((sql, i) => `w${i} AS (${sql})`).join(',\n');
    // a command of the same kind builds the same text every time: prepared, it is parsed and
    // planned once per connection instead of once per command (half of its server time)
    const sql = `WITH ${ctes}\nSELECT ${notified} AS notified, ${guarded} AS guarded`;
    await tx.queryLast(preparedIfFrequent(sql), params, { genericPlan: true });
  }
}

/** The guard of `WriteBatch.run` found its job gone (taken or run by another node). */
export const isJobGoneError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'WJ001';
