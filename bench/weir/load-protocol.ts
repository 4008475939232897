/**
 * Messages between the bench and a load node (`load-node.ts`) over the IPC channel of
 * `child_process.fork`. Times are `wallNow()` stamps, comparable across processes.
 */

/** Instance id and the moment of the event. */
export type Stamp = readonly [string, number];

export type LoadCommand =
  /** Start instances of `key` from `starters` concurrent loops until `until`. */
  | { readonly type: 'load'; readonly key: string; readonly starters: number; readonly until: number }
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
  /** commits: a start's transaction committed here; runs: the job's delegate began here. */
  | { readonly type: 'events'; readonly commits: Stamp[]; readonly runs: Stamp[] };
