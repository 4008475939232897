/**
 * The bench's own engine for scenarios whose load comes from outside the nodes (timers,
 * recovery): an engine without a job executor, as on a node whose acquisitions are off. Its
 * jobs are inserted unlocked and announced, so the node processes acquire them.
 */
import { Engine } from '../../src/engine/index.ts';
import type { Database } from '../../src/persistence/database.ts';
import { delegatesFolder } from './models.ts';

export const openClientEngine = async (db: Database): Promise<Engine> => {
  const engine = new Engine({ db, nodeId: 'bench-client' });
  await engine.delegates.loadFolder(delegatesFolder);
  return engine;
};

/** Start `count` instances from `starters` concurrent loops. */
export const startMany = async (
  engine: Engine,
  key: string,
  count: number,
  starters: number,
  variables: () => Record<string, unknown> = () => ({}),
): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: starters }, async () => {
      while (next < count) {
        next += 1;
        await engine.startProcessInstanceByKey(key, { variables: variables() });
      }
    }),
  );
};
