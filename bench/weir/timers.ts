/**
 * Scenario 4, timers due at once: `count` instances each wait in an intermediate timer event;
 * all their timers come due at the same instant, and two `weir start` nodes fire them. The
 * figure is the time from that instant until the last one has fired (its job committed).
 *
 * The instances are started through the engine with a due date an hour out; then one UPDATE
 * moves every timer job's due date to one instant half a second ahead, as the passing of time
 * would. That is the only write the bench makes behind the engine's back: creating thousands
 * of instances takes longer than any due date chosen up front could allow for.
 */
import { sleep, wallNow } from '../harness/clock.ts';
import type { Figure } from '../harness/figures.ts';
import type { ScenarioContext } from '../scenarios.ts';
import { openClientEngine, startMany } from './client-engine.ts';
import { TIMER } from './models.ts';
import { startWeirNode } from './node-processes.ts';
import type { NodeProcess } from './node-processes.ts';
import { openWeirDatabase } from './scratch-engine.ts';
import { trace } from '../harness/trace.ts';

/** Past this, a round is given up (and reported as missing) rather than waited for. */
const FIRE_TIMEOUT_MS = 300_000;
const POLL_MS = 20;

export const runTimers = async ({ options, weirTemplate }: ScenarioContext): Promise<Figure[]> => {
  const weir = await openWeirDatabase('timers', weirTemplate);
  const nodes: NodeProcess[] = [];
  try {
    const client = await openClientEngine(weir.db);
    nodes.push(
      ...(await Promise.all(
        ['bench-t1', 'bench-t2'].map((nodeId) => startWeirNode({ databaseUrl: weir.scratch.url, nodeId })),
      )),
    );
    trace('nodes up');
    const allFired: number[] = [];
    const firstFired: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const later = new Date(Date.now() + 3_600_000).toISOString();
      await startMany(client, TIMER, options.timers, options.concurrency, () => ({ due: later }));
      trace(`${options.timers} timers created`);
      // Far enough ahead that the UPDATE has committed before the instant comes.
      const dueAt = Date.now() + 500;
      const moved = await weir.db.query(`UPDATE weir_job SET due_at = $1 WHERE state = 'timer'`, [
        new Date(dueAt),
      ]);
      if (moved.rowCount !== options.timers) {
        throw new Error(`Expected ${options.timers} timer jobs, found ${moved.rowCount}`);
      }
      let first = Number.NaN;
      const deadline = dueAt + FIRE_TIMEOUT_MS;
      for (;;) {
        const { rows } = await weir.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM weir_job WHERE state = 'timer'`,
        );
        const now = wallNow();
        if (Number.isNaN(first) && rows[0].n < options.timers) first = now;
        if (rows[0].n === 0) {
          trace('all fired');
          allFired.push((now - dueAt) / 1000);
          firstFired.push((first - dueAt) / 1000);
          break;
        }
        if (now > deadline) {
          allFired.push(Number.NaN);
          firstFired.push(Number.NaN);
          break;
        }
        await sleep(POLL_MS);
      }
    }
    const scenario = `Weir 4: ${options.timers.toLocaleString('en-US')} timers due at once, 2 nodes${
      options.quick ? ' (quick; the full run uses 10,000)' : ''
    }`;
    return [
      {
        scenario,
        name: 'all fired after',
        unit: 's',
        kind: 'seconds',
        rounds: allFired,
        weir: true,
        target: { below: 5 },
      },
      { scenario, name: 'first fired after', unit: 's', kind: 'seconds', rounds: firstFired, weir: true },
      {
        scenario,
        name: 'timers fired/s',
        unit: '/s',
        kind: 'rate',
        rounds: allFired.map((s) => options.timers / s),
        weir: true,
      },
    ];
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await weir.close();
  }
};
