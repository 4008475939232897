/**
 * What both `Database` implementations share around a transaction: the after-commit
 * callbacks, the guard that refuses queries on a finished transaction, and the small log
 * they report background failures to.
 */

/** The part of a pino logger the persistence layer reports to. */
export interface DatabaseLog {
  warn(details: object, message: string): void;
}

export const silentLog: DatabaseLog = { warn: () => {} };

/**
 * Run after-commit callbacks one by one. The transaction has committed, so a failing callback
 * must not make the caller believe it did not: it is logged and the others still run.
 */
export const runAfterCommit = (callbacks: readonly (() => void)[], log: DatabaseLog): void => {
  for (const callback of callbacks) {
    try {
      callback();
    } catch (error) {
      log.warn({ err: error }, 'An after-commit callback failed; the transaction itself committed');
    }
  }
};

/**
 * A transaction object outlives its transaction when a caller keeps a reference. On
 * PostgreSQL its connection then serves somebody else's work, so a late query would run in a
 * stranger's transaction. Refuse it instead.
 */
export class TransactionState {
  readonly callbacks: (() => void)[] = [];
  #open = true;

  get open(): boolean {
    return this.#open;
  }

  finish(): void {
    this.#open = false;
  }

  assertOpen(): void {
    if (!this.#open) throw new Error('This transaction has already finished; query through a live one');
  }
}
