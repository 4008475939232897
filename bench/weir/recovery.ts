/**
 * Scenario 5, recovery: two `weir start` nodes work off async jobs that take 100 ms each
 * (delegate `pause`), fed by the bench's request-only engine faster than they can run them, so
 * each node holds running and queued jobs. Then one node is killed with SIGKILL: no shutdown,
 * its locks stay, its heartbeat just stops. The figures are the time from the kill until the
 * first and until the last of the jobs it held has run on the surviving node.
 *
 * Nodes run the shipped defaults: a heartbeat every 2 s, stale after 10 s, and each node
 * looks for dead nodes' locks every heartbeat; so about 10-12 s is the design's answer.
 * After each round a fresh node (with a new id: a node releases its own id's locks at boot,
 * which would be a different recovery) replaces the killed one.
 */
import { sleep, wallNow } from '../harness/clock.ts';
import type { Figure } from '../harness/figures.ts';
import type { ScenarioContext } from '../scenarios.ts';
import { openClientEngine, startMany } from './client-engine.ts';
import { ASYNC_PAUSE } from './models.ts';
import { startWeirNode } from './node-processes.ts';
import type { NodeProcess } from './node-processes.ts';
import { openWeirDatabase } from './scratch-engine.ts';

/** Instances started per round: more than two nodes run (8 x 10/s each) while they are created. */
const BURST = 400;
const RECOVERY_TIMEOUT_MS = 120_000;
const POLL_MS = 50;

export const runRecovery = async ({ options, weirTemplate }: ScenarioContext): Promise<Figure[]> => {
  const weir = await openWeirDatabase('recovery', weirTemplate);
  let serial = 0;
  const boot = () => startWeirNode({ databaseUrl: weir.scratch.url, nodeId: `bench-r${++serial}` });
  let nodes: NodeProcess[] = [];
  const everyNode: NodeProcess[] = [];
  try {
    const client = await openClientEngine(weir.db);
    nodes = await Promise.all([boot(), boot()]);
    everyNode.push(...nodes);
    const first: number[] = [];
    const all: number[] = [];
    const held: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      await startMany(client, ASYNC_PAUSE, BURST, options.concurrency);
      const [victim, survivor] = nodes;
      const killedAt = wallNow();
      await victim.kill();
      const { rows } = await weir.db.query<{ id: string }>(`SELECT id FROM weir_job WHERE lock_owner = $1`, [
        victim.nodeId,
      ]);
      const ids = rows.map((r) => r.id);
      held.push(ids.length);
      let firstAt = Number.NaN;
      let allAt = Number.NaN;
      while (ids.length > 0 && wallNow() - killedAt < RECOVERY_TIMEOUT_MS) {
        const { rows: left } = await weir.db.query<{ stuck: number; total: number }>(
          `SELECT count(*) FILTER (WHERE lock_owner = $2)::int AS stuck, count(*)::int AS total
           FROM weir_job WHERE id = ANY($1)`,
          [ids, victim.nodeId],
        );
        const now = wallNow();
        if (Number.isNaN(firstAt) && left[0].stuck < ids.length) firstAt = now;
        if (left[0].total === 0) {
          allAt = now;
          break;
        }
        await sleep(POLL_MS);
      }
      first.push((firstAt - killedAt) / 1000);
      all.push((allAt - killedAt) / 1000);
      const replacement = await boot();
      everyNode.push(replacement);
      nodes = [survivor, replacement];
    }
    const scenario = 'Weir 5: recovery, kill -9 of one of two nodes';
    const note = `it held ${Math.min(...held)}–${Math.max(...held)} jobs`;
    return [
      {
        scenario,
        name: 'its jobs all run elsewhere after',
        note,
        unit: 's',
        kind: 'seconds',
        rounds: all,
        weir: true,
        target: { below: 15 },
      },
      { scenario, name: 'first of its jobs taken over after', unit: 's', kind: 'seconds', rounds: first, weir: true },
    ];
  } finally {
    await Promise.all(everyNode.map((n) => n.stop()));
    await weir.close();
  }
};
