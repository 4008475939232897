import { afterEach, expect, it } from 'vitest';
import type { HistoryLevel } from '../../src/engine/runtime-types.ts';
import { variableBytes } from '../../src/engine/variable-bytes.ts';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from './harness.ts';

describeEachDatabase('bytes of binary variables', (kind) => {
  let h: EngineHarness | undefined;
  afterEach(() => h?.close());

  const bytesOf = async (instanceId: string) =>
    (
      await h!.db.query<{ bytes: Uint8Array }>(
        `SELECT bytes FROM weir_variable_bytes WHERE process_instance_id = $1`,
        [instanceId],
      )
    ).rows.map((r) => Buffer.from(r.bytes).toString());

  const runApproval = async (historyLevel: HistoryLevel) => {
    h = await createEngineHarness(kind, { historyLevel });
    await h.deployFixture('http-one-task.bpmn20.xml');
    const { id } = await h.engine.startProcessInstanceByKey('httpOneTask');
    await h.engine.setVariables(id, { scan: variableBytes(Buffer.from('first'), 'binary') }, { local: true });
    await h.engine.setVariables(
      id,
      { scan: variableBytes(Buffer.from('second'), 'binary') },
      { local: true },
    );
    const stored = (await h.engine.query.processInstance(id))?.variables.scan;
    expect(stored).toEqual({ bytesId: expect.any(String), size: 6 });
    expect((await bytesOf(id)).sort()).toEqual(['first', 'second']);
    const [task] = await h.engine.query.tasks({ processInstanceId: id });
    await h.engine.completeTask(task.id);
    expect(await h.engine.query.processInstance(id)).toBeUndefined();
    return id;
  };

  it('are kept with history at level full: each recorded value still has its bytes', async () => {
    const id = await runApproval('full');
    expect((await bytesOf(id)).sort()).toEqual(['first', 'second']);
  });

  it('go with the instance when no history can refer to them (level activity)', async () => {
    const id = await runApproval('activity');
    expect(await bytesOf(id)).toEqual([]);
  });
});
