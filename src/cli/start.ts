/**
 * `weir start`: run a node until SIGTERM or SIGINT, then shut down gracefully: stop accepting,
 * finish in-flight requests, stop the services, deregister, close the database, exit 0.
 * A second signal during that shutdown exits at once.
 */
import { loadConfig } from '../config/index.ts';
import { startNode } from '../node.ts';
import type { CliIo } from './main.ts';

export const runStart = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const config = loadConfig({ argv, env: io.env, cwd: io.cwd });
  const running = await startNode(config);
  const log = running.node.logger;
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn({ signal }, 'Second signal: exiting without finishing the shutdown');
        process.exit(1);
      }
      stopping = true;
      log.info({ signal }, 'Stopping: finishing in-flight requests');
      running.stop().then(
        () => resolve(0),
        (error: unknown) => {
          io.stderr(`weir: the shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
};
