/** A whole Weir node in the test's process (`startNode`), on a test database, for the conversation cluster tests. */
import pino from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { startNode, type RunningNode } from '../../src/node.ts';
import { createTempFolder, type ScratchDatabase } from '../helpers/database.ts';
import { ADMIN_FLAGS } from '../cluster/harness.ts';

/** The node and what to call to stop it and remove its working folder. */
export const startWeirNode = async (
  database: ScratchDatabase,
  flags: readonly string[] = [],
): Promise<{ running: RunningNode; stop(): Promise<void> }> => {
  const folder = await createTempFolder('weir-conv-node-');
  try {
    const running = await startNode(
      loadConfig({
        argv: [
          `--database.url=${database.url}`,
          '--server.port=0',
          '--server.address=127.0.0.1',
          '--database.pool-size=4',
          ...ADMIN_FLAGS,
          ...flags,
        ],
        env: {},
        cwd: folder.path,
      }),
      { logger: pino({ level: 'silent' }) },
    );
    return {
      running,
      async stop() {
        await running.stop();
        await folder.remove();
      },
    };
  } catch (error) {
    await folder.remove();
    throw error;
  }
};
