/** The cluster overview behind `/actuator/cluster`: live nodes and the jobs each one holds. */
import type { Queryable } from './database.ts';

export interface ClusterNodeRow {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly version: string;
  readonly startedAt: Date;
  readonly lastBeatAt: Date;
  /** By the database clock, the one every node judges staleness by. */
  readonly heartbeatAgeMs: number;
  readonly stats: Record<string, unknown>;
  /** Jobs locked to the node (queued or running there). */
  readonly jobsHeld: number;
}

/** Nodes whose last beat is younger than `staleAfterMs`, by id. */
export const selectClusterNodes = async (db: Queryable, staleAfterMs: number): Promise<ClusterNodeRow[]> => {
  const { rows } = await db.query<ClusterNodeRow>(
    `SELECT n.id, n.host, n.port, n.version, n.started_at AS "startedAt", n.last_beat_at AS "lastBeatAt",
            (extract(epoch FROM clock_timestamp() - n.last_beat_at) * 1000)::float8 AS "heartbeatAgeMs",
            n.stats,
            (SELECT count(*) FROM weir_job j WHERE j.lock_owner = n.id)::int AS "jobsHeld"
     FROM weir_node n
     WHERE n.last_beat_at > clock_timestamp() - $1::float8 * interval '1 millisecond'
     ORDER BY n.id`,
    [staleAfterMs],
  );
  return rows;
};
