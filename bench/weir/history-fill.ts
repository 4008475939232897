/**
 * Filling history in bulk for the scale scenario: `count` completed instances of the async
 * process, shaped like the rows the engine writes for one (a historic instance and its three
 * activity instances: start event, service task, end event), spread over the past year.
 * Written with `generate_series` in slices, not by running the engine: a million instances
 * through the engine would take hours on this machine.
 */
import type { Database } from '../../src/persistence/database.ts';

/** Instances per INSERT: bounded statements, and progress between them. */
const SLICE = 100_000;

export const fillHistory = async (db: Database, definitionKey: string, count: number): Promise<void> => {
  const { rows } = await db.query<{ id: string; version: number }>(
    `SELECT id, version FROM weir_process_definition WHERE key = $1 ORDER BY version DESC LIMIT 1`,
    [definitionKey],
  );
  const definition = rows[0];
  if (!definition) throw new Error(`No definition '${definitionKey}' to fill history for`);
  for (let from = 1; from <= count; from += SLICE) {
    const to = Math.min(count, from + SLICE - 1);
    // Ids derived from the series number, so the activity rows can name their instance
    // without a join; instance i started i * 30 s ago and ran for 40 ms.
    await db.query(
      `INSERT INTO weir_hi_process_instance
         (id, root_id, definition_id, definition_key, definition_version, tenant_id,
          start_activity_id, end_activity_id, started_at, ended_at, duration_ms)
       SELECT md5('bench-' || i)::uuid::text, md5('bench-' || i)::uuid::text, $1, $2, $3, '',
              'start', 'end', now() - i * interval '30 seconds',
              now() - i * interval '30 seconds' + interval '40 milliseconds', 40
       FROM generate_series($4::int, $5::int) AS i`,
      [definition.id, definitionKey, definition.version, from, to],
    );
    await db.query(
      `INSERT INTO weir_hi_activity_instance
         (id, process_instance_id, execution_id, definition_id, activity_id, activity_type,
          tenant_id, started_at, ended_at, duration_ms, seq)
       SELECT gen_random_uuid()::text, md5('bench-' || i)::uuid::text, md5('bench-exec-' || i)::uuid::text, $1,
              a.activity_id, a.activity_type, '',
              now() - i * interval '30 seconds' + a.offset_ms * interval '1 millisecond',
              now() - i * interval '30 seconds' + a.offset_ms * interval '1 millisecond', 0,
              (extract(epoch FROM now() - i * interval '30 seconds') * 1000000)::bigint + a.n
       FROM generate_series($2::int, $3::int) AS i,
            (VALUES (0, 'start', 'startEvent', 0), (1, 'work', 'serviceTask', 40), (2, 'end', 'endEvent', 40))
              AS a(n, activity_id, activity_type, offset_ms)`,
      [definition.id, from, to],
    );
  }
  // A year of history would have been vacuumed and analysed by autovacuum along the way, and
  // its pages long written out: without the CHECKPOINT, the measurement that follows would
  // share the disk with the write-back of everything just inserted.
  await db.exec('VACUUM ANALYZE weir_hi_process_instance, weir_hi_activity_instance');
  await db.exec('CHECKPOINT');
};
