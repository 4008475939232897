import { afterEach, expect, it } from 'vitest';
import { createEngineHarness, describeEachDatabase } from './harness.ts';
import type { EngineHarness } from './harness.ts';

/** `flowable.process.definition-cache-limit`: a node keeps at most that many parsed definitions. */

const fixtures = [
  'http-one-task.bpmn20.xml',
  'parallel-fork-join.bpmn20.xml',
  'embedded-subprocess.bpmn20.xml',
];
const keys = ['httpOneTask', 'parallelForkJoin', 'embeddedSubProcess'];

describeEachDatabase('the definition cache', (kind) => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const startEach = async (harness: EngineHarness, rounds: number): Promise<void> => {
    for (let round = 0; round < rounds; round++) {
      for (const key of keys) {
        const started = await harness.engine.startProcessInstanceByKey(key);
        expect(started.definitionId).toContain(key);
      }
    }
  };

  it('with a limit of 2 keeps two definitions and still starts every one, parsed again when needed', async () => {
    h = await createEngineHarness(kind, { definitionCacheLimit: 2 });
    await h.deployFixture(...fixtures);
    await startEach(h, 2);
    expect(h.engine.services.definitions.size).toBe(2);
  });

  it('keeps every definition by default (-1, as in Flowable)', async () => {
    h = await createEngineHarness(kind);
    await h.deployFixture(...fixtures);
    await startEach(h, 1);
    expect(h.engine.services.definitions.size).toBe(3);
  });
});
