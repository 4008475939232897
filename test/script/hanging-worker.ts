/**
 * A script worker stand-in for the pool's watchdog test: it answers like the real one, but
 * for the source `hang` it spins in plain JavaScript, which no QuickJS deadline can stop.
 */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (request: { id: number; source: string }) => {
  if (request.source === 'hang') for (;;);
  parentPort?.postMessage({
    id: request.id,
    kind: 'done',
    outcome: { kind: 'completed', value: `${request.source} from thread` },
    writes: [],
  });
});
