/**
 * The queries behind the cluster's event log (`cluster/event-log.ts`), on `weir_event_log`,
 * and the NOTIFY channel that wakes the readers on every node.
 */
import type { Database, Queryable } from './database.ts';
import { prepared } from './prepared.ts';

/** Carries the highest id of the rows just committed; readers only use it as a wake-up. */
export const EVENTS_CHANNEL = 'weir_events';

/**
 * 0x57454952 ("WEIR"), 5: the event-log writers. Held until the inserting transaction
 * commits, so ids become visible in the order they were handed out. Without it, node A could
 * take id 10, node B id 11, B commit first, and a reader that then moved its cursor to 11
 * would never read 10. The lock is held for one small insert, per batch, not per event.
 */
const WRITER_LOCK = prepared('SELECT pg_advisory_xact_lock(1464158546, 5)');

export interface NewLoggedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: Date;
}

export interface LoggedEventRow {
  readonly id: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly occurredAt: Date;
}

const columns = `id::float8 AS id, type, data, occurred_at AS "occurredAt"`;

/** The append, sent once per batch by every node: prepared, planned once per connection. */
const APPEND = prepared(`WITH inserted AS (
   INSERT INTO weir_event_log (type, data, occurred_at)
   SELECT e->>'type', e->'data', (e->>'occurredAt')::timestamptz
   FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(e, n)
   ORDER BY n
   RETURNING id)
 SELECT max(id)::float8 AS id, pg_notify('${EVENTS_CHANNEL}', max(id)::text) AS notified FROM inserted`);

/**
 * Append the events in their order and NOTIFY, in one transaction; returns the highest id.
 * Two round trips: BEGIN with the writer lock, then the insert (whose NOTIFY is delivered at
 * commit, with the rows already visible to whoever it wakes) with the COMMIT.
 */
export const appendEvents = (db: Database, events: readonly NewLoggedEvent[]): Promise<number> =>
  db.transaction(async (tx) => {
    await tx.query(WRITER_LOCK);
    const batch = events.map((event) => ({
      type: event.type,
      data: event.data,
      occurredAt: event.occurredAt.toISOString(),
    }));
    // One parameter for the whole batch: the same on PostgreSQL and PGlite.
    const { rows } = await tx.queryLast(APPEND, [JSON.stringify(batch)]);
    return Number(rows[0].id);
  });

/**
 * What every node's reader sends after each NOTIFY (several times per command under load):
 * prepared, it is planned once per connection. Its plan is the primary key's range, in order,
 * cut at the limit, whatever the parameters.
 */
const ROWS_AFTER = prepared(`SELECT ${columns} FROM weir_event_log WHERE id > $1 ORDER BY id LIMIT $2`);
/** A resuming client's replay, rare: the same with the replay window's age limit. */
const ROWS_AFTER_WITHIN = `SELECT ${columns} FROM weir_event_log
  WHERE id > $1 AND created_at > clock_timestamp() - $3::float8 * interval '1 millisecond'
  ORDER BY id LIMIT $2`;

/**
 * Rows after `afterId` in id order, at most `limit`; with `maxAgeMs`, only rows written within
 * that long (a resume older than the replay window gets what is left of it, not more).
 */
export const selectEventsAfter = async (
  db: Queryable,
  afterId: number,
  limit: number,
  maxAgeMs?: number,
): Promise<LoggedEventRow[]> => {
  const { rows } =
    maxAgeMs === undefined
      ? await db.query<LoggedEventRow>(ROWS_AFTER, [afterId, limit])
      : await db.query<LoggedEventRow>(ROWS_AFTER_WITHIN, [afterId, limit, maxAgeMs]);
  return rows;
};

/** The highest id written so far (0 on an empty log): where a reader starting now begins. */
export const selectLastEventId = async (db: Queryable): Promise<number> => {
  const { rows } = await db.query<{ id: number | null }>(`SELECT max(id)::float8 AS id FROM weir_event_log`);
  return rows[0].id ?? 0;
};

/**
 * The lowest id still replayable within `maxAgeMs`, or undefined when none is: tells a resuming
 * client whether the events after its last id are all still there.
 */
export const selectOldestReplayableId = async (
  db: Queryable,
  maxAgeMs: number,
): Promise<number | undefined> => {
  const { rows } = await db.query<{ id: number | null }>(
    `SELECT min(id)::float8 AS id FROM weir_event_log
     WHERE created_at > clock_timestamp() - $1::float8 * interval '1 millisecond'`,
    [maxAgeMs],
  );
  return rows[0].id ?? undefined;
};

/** Delete rows older than `maxAgeMs`; returns how many. */
export const deleteEventsOlderThan = async (db: Queryable, maxAgeMs: number): Promise<number> => {
  const { rowCount } = await db.query(
    `DELETE FROM weir_event_log
     WHERE created_at < clock_timestamp() - $1::float8 * interval '1 millisecond'`,
    [maxAgeMs],
  );
  return rowCount;
};

/** Users and groups linked to a task that still exists (candidates, participants). */
export const selectTaskLinks = async (
  db: Queryable,
  taskId: string,
): Promise<{ users: string[]; groups: string[]; assignee: string | null }> => {
  const links = await db.query<{ userId: string | null; groupId: string | null }>(
    `SELECT user_id AS "userId", group_id AS "groupId" FROM weir_identity_link WHERE task_id = $1`,
    [taskId],
  );
  const task = await db.query<{ assignee: string | null }>(`SELECT assignee FROM weir_task WHERE id = $1`, [
    taskId,
  ]);
  return {
    users: links.rows.flatMap((row) => (row.userId ? [row.userId] : [])),
    groups: links.rows.flatMap((row) => (row.groupId ? [row.groupId] : [])),
    assignee: task.rows[0]?.assignee ?? null,
  };
};
