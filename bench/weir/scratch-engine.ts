/**
 * A Weir scenario's own database: a clone of the migrated template with the bench processes
 * deployed, opened the way a node opens it (`pg` pool of the default `database.pool-size`).
 */
import { openPostgresDatabase } from '../../src/persistence/postgres.ts';
import type { Database } from '../../src/persistence/database.ts';
import { createScratchDatabase } from '../harness/databases.ts';
import type { ScratchDatabase } from '../harness/databases.ts';
import { deployModels } from './models.ts';

/** `database.pool-size`'s default: the bench's in-process engines get what a node gets. */
export const NODE_POOL_SIZE = 10;

export interface WeirDatabase {
  readonly scratch: ScratchDatabase;
  readonly db: Database;
  close(): Promise<void>;
}

export const openWeirDatabase = async (label: string, template: ScratchDatabase): Promise<WeirDatabase> => {
  const scratch = await createScratchDatabase(label, template.name);
  const db = openPostgresDatabase({
    url: scratch.url,
    poolSize: NODE_POOL_SIZE,
    applicationName: `weir bench ${label}`,
  });
  try {
    await deployModels(db);
  } catch (error) {
    await db.close();
    await scratch.drop();
    throw error;
  }
  return {
    scratch,
    db,
    async close() {
      await db.close();
      await scratch.drop();
    },
  };
};
