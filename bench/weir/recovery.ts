/**
 * Scenario 5, recovery: two `weir start` nodes work off async jobs that take 100 ms each
 * (delegate `pause`), fed by the bench's request-only engine faster than they can run them, so
 * each node holds running and queued jobs. Then one node is killed with SIGKILL: no shutdown,
 * its locks stay, its heartbeat just stops. The figures are the time from the kill until the
 * first and until the last of the jobs it held has run on the surviving node.
 *
 * Nodes run the shipped defaults: a heartbeat every 2 s, stale after 10 s, and each node
 * looks for dead nodes' locks every heartbeat; so about 10-12 s is the design's answer. That
 * wait is most of a round, so the rounds overlap: each has its own database and its own two
 * nodes, and round k begins `STAGGER_MS` after round k-1, so no two kills coincide.
 */
import { sleep, wallNow } from '../harness/clock.ts';
import type { Figure } from '../harness/figures.ts';
import type { ScenarioContext } from '../scenarios.ts';
import { openClientEngine, startMany } from './client-engine.ts';
import { ASYNC_PAUSE } from './models.ts';
import { startWeirNode } from './node-processes.ts';
import type { NodeProcess } from './node-processes.ts';
import { openWeirDatabase } from './scratch-engine.ts';
import type { WeirDatabase } from './scratch-engine.ts';
import { trace } from '../harness/trace.ts';

/**
 * Instances started per round: created faster than two nodes run them (8 runners x 10 jobs/s
 * each), so both hold a queue when the kill comes.
 */
const BURST = 250;
/** Longer than a burst takes, so one round's burst and kill are over before the next begins. */
const STAGGER_MS = 1_500;
const RECOVERY_TIMEOUT_MS = 120_000;
const POLL_MS = 50;

interface RoundResult {
  readonly held: number;
  readonly first: number;
  readonly all: number;
}

const recoveryRound = async (
  weir: WeirDatabase,
  [victim]: readonly NodeProcess[],
  concurrency: number,
): Promise<RoundResult> => {
  const client = await openClientEngine(weir.db);
  await startMany(client, ASYNC_PAUSE, BURST, concurrency);
  const killedAt = wallNow();
  await victim.kill();
  const { rows } = await weir.db.query<{ id: string }>(`SELECT id FROM weir_job WHERE lock_owner = $1`, [
    victim.nodeId,
  ]);
  const ids = rows.map((r) => r.id);
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
  return { held: ids.length, first: (firstAt - killedAt) / 1000, all: (allAt - killedAt) / 1000 };
};

export const runRecovery = async ({ options, weirTemplate }: ScenarioContext): Promise<Figure[]> => {
  const databases: WeirDatabase[] = [];
  const nodes: NodeProcess[] = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      databases.push(await openWeirDatabase(`recovery_${round}`, weirTemplate));
    }
    const clusters = await Promise.all(
      databases.map((weir, round) =>
        Promise.all(
          [1, 2].map(async (n) => {
            const node = await startWeirNode({
              databaseUrl: weir.scratch.url,
              nodeId: `bench-r${round}-${n}`,
            });
            nodes.push(node);
            return node;
          }),
        ),
      ),
    );
    trace('nodes up');
    const results = await Promise.all(
      clusters.map(async (cluster, round) => {
        await sleep(round * STAGGER_MS);
        return recoveryRound(databases[round], cluster, options.concurrency);
      }),
    );
    trace('rounds done');
    const held = results.map((r) => r.held);
    const scenario = 'Weir 5: recovery, kill -9 of one of two nodes';
    return [
      {
        scenario,
        name: 'its jobs all run elsewhere after',
        note: `it held ${Math.min(...held)}–${Math.max(...held)} jobs`,
        unit: 's',
        kind: 'seconds',
        rounds: results.map((r) => r.all),
        weir: true,
        target: { below: 15 },
      },
      {
        scenario,
        name: 'first of its jobs taken over after',
        unit: 's',
        kind: 'seconds',
        rounds: results.map((r) => r.first),
        weir: true,
      },
    ];
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    for (const weir of databases) await weir.close();
  }
};
