/** The queries behind the node registry (`cluster/node-registry.ts`), on table `weir_node`. */
import type { Queryable } from './database.ts';

export interface NodeRow {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly version: string;
  readonly startedAt: Date;
  readonly lastBeatAt: Date;
  readonly stats: Record<string, unknown>;
}

export interface NodeBeat {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly version: string;
  readonly startedAt: Date;
  readonly stats: Record<string, unknown>;
}

const columns = `id, host, port, version, started_at AS "startedAt", last_beat_at AS "lastBeatAt", stats`;

/**
 * Write the heartbeat: insert the row on the first beat, or again if somebody removed it (an
 * operator, or a sweep that judged this node dead during a long pause), update it after.
 * The beat time is the database's clock, the one every node judges staleness by.
 */
export const upsertNodeBeat = async (db: Queryable, beat: NodeBeat): Promise<void> => {
  await db.query(
    `INSERT INTO weir_node (id, host, port, version, started_at, last_beat_at, stats)
     VALUES ($1, $2, $3, $4, $5, clock_timestamp(), $6::jsonb)
     ON CONFLICT (id) DO UPDATE
       SET host = excluded.host, port = excluded.port, version = excluded.version,
           started_at = excluded.started_at, last_beat_at = excluded.last_beat_at, stats = excluded.stats`,
    [beat.id, beat.host, beat.port, beat.version, beat.startedAt, JSON.stringify(beat.stats)],
  );
};

export const deleteNode = async (db: Queryable, id: string): Promise<void> => {
  await db.query(`DELETE FROM weir_node WHERE id = $1`, [id]);
};

/** Nodes whose last beat is younger than `staleAfterMs`, by id. */
export const selectLiveNodes = async (db: Queryable, staleAfterMs: number): Promise<NodeRow[]> => {
  const { rows } = await db.query<NodeRow>(
    `SELECT ${columns} FROM weir_node
     WHERE last_beat_at > clock_timestamp() - $1::double precision * interval '1 millisecond'
     ORDER BY id`,
    [staleAfterMs],
  );
  return rows;
};

/** Milliseconds since the node's last beat, by the database clock; undefined when absent. */
export const selectBeatAge = async (db: Queryable, id: string): Promise<number | undefined> => {
  const { rows } = await db.query<{ ageMs: number }>(
    `SELECT (extract(epoch FROM clock_timestamp() - last_beat_at) * 1000)::double precision AS "ageMs"
     FROM weir_node WHERE id = $1`,
    [id],
  );
  return rows[0]?.ageMs;
};

/**
 * The `application_name` of a node's connections: how the dead-node sweep
 * (`releaseLocksOfDeadNodes`, which computes the same in SQL) finds whether any of a node's
 * sessions is left. PostgreSQL keeps 63 bytes of it.
 */
export const nodeApplicationName = (nodeId: string): string => `weir ${nodeId}`.slice(0, 63);
