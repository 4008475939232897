/**
 * `weir migrate`: bring the schema up to date and exit, for deployments that migrate in a
 * separate step before rolling out nodes. `weir start` does the same at boot, so this is
 * optional. Runs under the same cluster lock, so it is safe next to booting nodes.
 */
import { hostname } from 'node:os';
import { loadConfig } from '../config/index.ts';
import { generateNodeId } from '../cluster/node-registry.ts';
import { migrateSchema } from '../cluster/schema-migration.ts';
import { openDatabase } from '../persistence/open-database.ts';
import type { CliIo } from './main.ts';

export const runMigrate = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const config = loadConfig({ argv, env: io.env, cwd: io.cwd });
  const db = await openDatabase(config, { applicationName: 'weir migrate' });
  try {
    const owner = { id: config.node.id ?? generateNodeId(), host: hostname() };
    const applied = await migrateSchema(db, owner, { wait: config.database.schemaLockWaitTime });
    io.stdout(
      applied.length > 0
        ? `Applied ${applied.map((m) => m.file).join(', ')}`
        : 'The schema is up to date; nothing to apply',
    );
    return 0;
  } finally {
    await db.close();
  }
};
