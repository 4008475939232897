/**
 * Scenario 1, straight-through: start -> three expression service tasks (`${x + 1}` into `x`)
 * -> end, at history level `full`, through the engine API in this process. Each start is one
 * transaction that runs the instance to its end; `concurrency` starters start instances back
 * to back, and a round's figure is the instances that ended in it per second. The engine runs
 * in this process, so its CPU and round trips are this process's (`harness/cpu.ts`).
 */
import { Engine } from '../../src/engine/index.ts';
import { wallNow } from '../harness/clock.ts';
import { costFigures } from '../harness/cost-figures.ts';
import { sampleCpu } from '../harness/cpu.ts';
import type { Figure } from '../harness/figures.ts';
import { ratePerRound, totalMs } from '../harness/windows.ts';
import type { ScenarioContext } from '../scenarios.ts';
import { STRAIGHT_THROUGH } from './models.ts';
import { openWeirDatabase } from './scratch-engine.ts';

export const runStraightThrough = async ({ options, weirTemplate }: ScenarioContext): Promise<Figure[]> => {
  const weir = await openWeirDatabase('straight_through', weirTemplate);
  try {
    const engine = new Engine({
      db: weir.db,
      nodeId: 'bench-straight-through',
      config: { historyLevel: 'full' },
    });
    const ended: number[] = [];
    const start = wallNow();
    const stopAt = start + totalMs(options);
    const cpu = sampleCpu({ start, ...options }, { self: true, database: weir.scratch.name });
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (wallNow() < stopAt) {
          const instance = await engine.startProcessInstanceByKey(STRAIGHT_THROUGH, { variables: { x: 0 } });
          if (!instance.ended) throw new Error(`Instance ${instance.id} did not run to its end`);
          ended.push(wallNow());
        }
      }),
    );
    const scenario = 'Weir 1: straight-through, engine API';
    const rounds = ratePerRound({ start, ...options }, ended);
    return [
      {
        scenario,
        name: `instances/s, ${options.concurrency} starters, 3 expression tasks, full history`,
        unit: '/s',
        kind: 'rate',
        rounds,
        weir: true,
        target: { ceilingShare: 0.5 },
      },
      ...costFigures({
        scenario,
        unit: 'instance',
        cpu: await cpu,
        perSecond: rounds,
        roundMs: options.roundMs,
      }),
    ];
  } finally {
    await weir.close();
  }
};
