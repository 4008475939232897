/**
 * Batch migration on the real job executor: the batch is made by a node that runs no jobs, and
 * its parts are run by the executors of two other nodes, each part once.
 */
import { afterEach, expect, it } from 'vitest';
import { openInProcessCluster, type InProcessCluster } from './in-process-cluster.ts';

let cluster: InProcessCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

it('the executors of the cluster run every part of a batch once and complete the batch', async () => {
  const c = (cluster = await openInProcessCluster());
  await c.deploy('migration-v1.bpmn20.xml');
  await c.deploy('migration-v2.bpmn20.xml');
  const [v1, v2] = (
    await c.query<{ id: string }>(
      `SELECT id FROM weir_process_definition WHERE key = 'migrating' ORDER BY version`,
    )
  ).map((r) => r.id);
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push((await c.client.startProcessInstanceById(v1)).id);

  const batchId = await c.client.operators.batchMigrateProcessInstances(
    v1,
    { toProcessDefinitionId: v2, activityMappings: [] },
    undefined,
  );
  await Promise.all(['n1', 'n2'].map((id) => c.startNode(id)));
  await c.waitFor(
    async () =>
      (await c.query<{ status: string }>(`SELECT status FROM weir_batch WHERE id = $1`, [batchId]))[0]
        .status === 'completed',
    30_000,
    'the batch to complete',
  );

  const parts = await c.query<{ status: string; scope_id: string }>(
    `SELECT status, scope_id FROM weir_batch_part WHERE batch_id = $1`,
    [batchId],
  );
  expect(parts.map((p) => p.scope_id).sort()).toEqual([...ids].sort());
  expect(parts.every((p) => p.status === 'success')).toBe(true);
  const definitions = await c.query<{ definition_id: string }>(
    `SELECT DISTINCT definition_id FROM weir_process_instance WHERE id = ANY($1::text[])`,
    [ids],
  );
  expect(definitions).toEqual([{ definition_id: v2 }]);
  // 'first' gained a timer boundary in version 2: each migrated task was started again with it
  const timers = await c.query<{ n: string }>(
    `SELECT count(*) AS n FROM weir_job WHERE state = 'timer' AND process_instance_id = ANY($1::text[])`,
    [ids],
  );
  expect(Number(timers[0].n)).toBe(12);
  expect(await c.query(`SELECT id FROM weir_job WHERE handler = 'process-migration'`)).toEqual([]);
}, 60_000);
