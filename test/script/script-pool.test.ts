import { afterAll, describe, expect, it } from 'vitest';
import { ScriptPool, WATCHDOG_GRACE_MS } from '../../src/engine/script/script-pool.ts';

const pool = new ScriptPool(1, new URL('./hanging-worker.ts', import.meta.url));
afterAll(() => pool.close());

const request = (source: string) => ({
  source,
  variables: [],
  globals: [],
  ids: {
    processInstanceId: 'pi-1',
    executionId: 'ex-1',
    processDefinitionId: 'pd-1',
    activityId: 'work',
    businessKey: null,
  },
  limits: { timeoutMs: 100, memoryLimitBytes: 16 * 1024 * 1024 },
  options: {},
});

describe('script pool', () => {
  it('terminates a worker that does not stop at its deadline and runs the next script on a fresh one', async () => {
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 50);
    const started = performance.now();
    const hung = pool.run(request('hang'), () => undefined);
    const queued = pool.run(request('next'), () => undefined);
    const reply = await hung;
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(reply).toMatchObject({ kind: 'done', outcome: { kind: 'limit', limit: 'time' }, writes: [] });
    expect(took).toBeGreaterThanOrEqual(100 + WATCHDOG_GRACE_MS - 20);
    expect(took).toBeLessThan(100 + WATCHDOG_GRACE_MS + 3000);
    // The event loop kept running while the worker spun.
    expect(ticks).toBeGreaterThan(WATCHDOG_GRACE_MS / 50 / 2);
    expect(await queued).toMatchObject({ outcome: { kind: 'completed', value: 'next from thread' } });
  });
});
