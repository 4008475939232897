/**
 * Messages between the bench and a load node (`load-node.ts`) over the IPC channel of
 * `child_process.fork`. Times are `wallNow()` stamps, comparable across processes.
 */

/**
 * Instance id, when its start's COMMIT was sent, and when the commit was seen done (the first
 * after-commit callback). The commit itself happens in between.
 */
export type CommitStamp = readonly [string, number, number];

/** Instance id, when the executor started its job, when the job's delegate was entered. */
export type RunStamp = readonly [string, number, number];

export type LoadCommand =
  /**
   * Start instances of `key` from `starters` concurrent loops until `until`: back to back, or
   * paced together to `rate` per second when given.
   */
  | {
      readonly type: 'load';
      readonly key: string;
      readonly starters: number;
      readonly until: number;
      readonly rate?: number;
    }
  /** Hand over (and forget) the stamps collected so far. */
  | { readonly type: 'events' }
  | { readonly type: 'stop' };

export type LoadReply =
  | { readonly type: 'ready'; readonly nodeId: string; readonly port: number }
  | { readonly type: 'boot-failed'; readonly error: string }
  | {
      readonly type: 'loaded';
      readonly started: number;
      readonly failed: number;
      readonly firstError?: string;
    }
  /**
   * commits: a start's transaction committed here; runs: its job ran here; roundTrips and
   * statements: what this node sent to PostgreSQL since the last hand-over.
   */
  | {
      readonly type: 'events';
      readonly commits: CommitStamp[];
      readonly runs: RunStamp[];
      readonly roundTrips: number;
      readonly statements: number;
      /** With BENCH_TRACE: the statements by text. */
      readonly byStatement: [string, number][];
    };
