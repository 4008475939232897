import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngineHarness, describeEachDatabase, fixture, type EngineHarness } from './harness.ts';

const count = async (
  h: EngineHarness,
  table: 'weir_deployment' | 'weir_process_definition' | 'weir_resource',
) => {
  const sql = {
    weir_deployment: 'SELECT count(*)::int AS n FROM weir_deployment',
    weir_process_definition: 'SELECT count(*)::int AS n FROM weir_process_definition',
    weir_resource: 'SELECT count(*)::int AS n FROM weir_resource',
  }[table];
  return (await h.db.query<{ n: number }>(sql)).rows[0].n;
};

describeEachDatabase('deployments', (kind) => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await createEngineHarness(kind);
  });
  afterAll(() => h.close());

  it('a deployment with every kind of problem is refused with all of them listed, and nothing is stored', async () => {
    const before = [
      await count(h, 'weir_deployment'),
      await count(h, 'weir_process_definition'),
      await count(h, 'weir_resource'),
    ];
    const xml = await fixture('invalid/everything-wrong.bpmn20.xml');
    const error = await h.engine
      .deploy({
        name: 'broken',
        resources: [
          { name: 'everything-wrong.bpmn20.xml', content: xml },
          { name: 'ok.bpmn20.xml', content: await fixture('parallel-fork-join.bpmn20.xml') },
        ],
      })
      .then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string; details: unknown[] },
      );
    expect(error?.code).toBe('WEIR_DEPLOYMENT_INVALID');
    expect(error?.details.length).toBeGreaterThanOrEqual(8);
    for (const needle of [
      /line \d+/,
      /unknown delegate/i,
      /a DMN task needs the flowable:field/,
      /does not parse/i,
      /sourceRef|targetRef/,
    ]) {
      expect(error?.message).toMatch(needle);
    }
    expect([
      await count(h, 'weir_deployment'),
      await count(h, 'weir_process_definition'),
      await count(h, 'weir_resource'),
    ]).toEqual(before);
  });

  it('malformed XML names the line', async () => {
    await expect(
      h.engine.deploy({
        name: 'bad',
        resources: [{ name: 'bad.bpmn20.xml', content: await fixture('invalid/malformed-xml.bpmn20.xml') }],
      }),
    ).rejects.toThrow(/line \d+/);
  });

  it('a DOCTYPE with entities is refused, never resolved', async () => {
    await expect(
      h.engine.deploy({
        name: 'xxe',
        resources: [{ name: 'xxe.bpmn20.xml', content: await fixture('invalid/doctype-entity.bpmn20.xml') }],
      }),
    ).rejects.toMatchObject({ code: 'WEIR_DEPLOYMENT_INVALID' });
  });

  it('redeploying a key creates a new version; duplicate filtering skips identical resources', async () => {
    const xml = await fixture('parallel-fork-join.bpmn20.xml');
    const first = await h.engine.deploy({
      name: 'orders',
      resources: [{ name: 'p.bpmn20.xml', content: xml }],
      enableDuplicateFiltering: true,
    });
    const again = await h.engine.deploy({
      name: 'orders',
      resources: [{ name: 'p.bpmn20.xml', content: xml }],
      enableDuplicateFiltering: true,
    });
    expect(again.duplicate).toBe(true);
    expect(again.deployment.id).toBe(first.deployment.id);
    const changed = await h.engine.deploy({
      name: 'orders',
      resources: [{ name: 'p.bpmn20.xml', content: xml.replace('Ship goods', 'Ship the goods') }],
      enableDuplicateFiltering: true,
    });
    expect(changed.duplicate).toBe(false);
    expect(changed.definitions[0].version).toBe(first.definitions[0].version + 1);
    const started = await h.engine.startProcessInstanceByKey('parallelForkJoin');
    expect(started.definitionId).toBe(changed.definitions[0].id);
    const names = (await h.engine.query.tasks({ processInstanceId: started.id })).map((t) => t.name).sort();
    expect(names).toEqual(['Send invoice', 'Ship the goods']);
  });

  it('a suspended definition cannot be started; activated again it can', async () => {
    const { definitions } = await h.engine.deploy({
      name: 'susp',
      resources: [{ name: 's.bpmn20.xml', content: await fixture('terminate-end.bpmn20.xml') }],
    });
    await h.engine.setProcessDefinitionSuspended(definitions[0].id, true);
    await expect(h.engine.startProcessInstanceById(definitions[0].id)).rejects.toMatchObject({
      code: 'WEIR_SUSPENDED',
    });
    await expect(h.engine.setProcessDefinitionSuspended(definitions[0].id, true)).rejects.toMatchObject({
      code: 'WEIR_CONFLICT',
    });
    await h.engine.setProcessDefinitionSuspended(definitions[0].id, false);
    expect((await h.engine.startProcessInstanceById(definitions[0].id)).ended).toBe(true);
  });
});
