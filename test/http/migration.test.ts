import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';
import { migrationWorld, type MigrationWorld } from './migration-world.ts';

let h: HttpHarness;
let v1: string;
let v2: string;
let tasksOf: MigrationWorld['tasksOf'];
let complete: MigrationWorld['complete'];
let startAt: MigrationWorld['startAt'];
beforeAll(async () => {
  h = await createHttpHarness();
  ({ v1, v2, tasksOf, complete, startAt } = await migrationWorld(h));
});
afterAll(() => h.close());

const P = '/process-api';
const migrate = (id: string, body: unknown, as: 'admin' | 'kermit' | null = 'admin') =>
  h.request('POST', `${P}/runtime/process-instances/${id}/migrate`, { body, as });
const validate = (id: string, body: unknown) =>
  h.request('POST', `${P}/runtime/process-instances/${id}/validate-migration`, { body });

describe('validate-migration', () => {
  it('lists the activities that cannot be auto-mapped, and none once they are mapped', async () => {
    const id = await startAt('legacy');
    const invalid = await validate(id, { toProcessDefinitionId: v2 });
    expect(invalid.statusCode).toBe(200);
    expect(invalid.json()).toEqual({
      validationMessages: [
        `Process instance (id:'${id}') has a running Activity (id:'legacy') that is not mapped for migration`,
      ],
    });
    const mapped = await validate(id, {
      toProcessDefinitionId: v2,
      activityMappings: [{ fromActivityId: 'legacy', toActivityId: 'boxed' }],
    });
    expect(mapped.json()).toEqual({ validationMessages: [] });
    const badTarget = await validate(id, {
      toProcessDefinitionId: v2,
      activityMappings: [{ fromActivityId: 'legacy', toActivityId: 'nowhere' }],
    });
    expect(badTarget.json().validationMessages[0]).toMatch(/'nowhere' does not exist/);
    const noDefinition = await validate(id, {
      toProcessDefinitionKey: 'migrating',
      toProcessDefinitionVersion: 9,
    });
    expect(noDefinition.json().validationMessages).toEqual([
      "Cannot find the process definition to migrate to, with key 'migrating', version '9' and tenant ''",
    ]);
    // validation changed nothing
    expect((await tasksOf(id))[0]).toMatchObject({ taskDefinitionKey: 'legacy', processDefinitionId: v1 });
  });
});

describe('migrate', () => {
  it('keeps a wait state whose activity is unchanged, and the instance runs on in the new version', async () => {
    const id = await startAt('second');
    const before = (await tasksOf(id))[0];
    const migrated = await migrate(id, {
      toProcessDefinitionKey: 'migrating',
      toProcessDefinitionVersion: 2,
    });
    expect(migrated.statusCode).toBe(200);
    const instance = (await h.request('GET', `${P}/runtime/process-instances/${id}`)).json();
    expect(instance.processDefinitionId).toBe(v2);
    const after = (await tasksOf(id))[0];
    expect(after).toMatchObject({ id: before.id, taskDefinitionKey: 'second', processDefinitionId: v2 });
    const historic = (await h.request('GET', `${P}/history/historic-process-instances/${id}`)).json();
    expect(historic.processDefinitionId).toBe(v2);
    await complete(after);
    expect((await tasksOf(id)).map((t) => t.taskDefinitionKey)).toEqual(['boxed']);
  });

  it('restarts an auto-mapped activity whose boundary events changed, creating the new timer', async () => {
    const id = await startAt('first');
    const before = (await tasksOf(id))[0];
    expect((await migrate(id, { toProcessDefinitionId: v2 })).statusCode).toBe(200);
    const after = (await tasksOf(id))[0];
    expect(after.taskDefinitionKey).toBe('first');
    expect(after.id).not.toBe(before.id);
    const timers = (await h.request('GET', `${P}/management/timer-jobs?processInstanceId=${id}`)).json().data;
    expect(timers).toHaveLength(1);
    expect(timers[0].processDefinitionId).toBe(v2);
  });

  it('a kept subprocess whose boundary events changed: the removed one’s activity instance ends, the new one gets its own', async () => {
    await h.deploy(['migration-scope-v1.bpmn20.xml']);
    await h.deploy(['migration-scope-v2.bpmn20.xml']);
    const [scopeV1, scopeV2] = (
      await h.request('GET', `${P}/repository/process-definitions?key=migratingScope&sort=version`)
    ).json().data as { id: string }[];
    const id = (await startInstance(h, { processDefinitionId: scopeV1.id })).id;
    const boundaryRows = async () =>
      (
        await h.request(
          'GET',
          `${P}/history/historic-activity-instances?processInstanceId=${id}&activityType=boundaryEvent&sort=startTime`,
        )
      )
        .json()
        .data.map((row: { activityId: string; endTime: string | null }) =>
          row.endTime === null ? `${row.activityId}: open` : `${row.activityId}: ended`,
        );
    expect(await boundaryRows()).toEqual(['subTimer: open', 'subMsg: open']);
    const [inside] = await tasksOf(id);
    expect((await migrate(id, { toProcessDefinitionId: scopeV2.id })).statusCode).toBe(200);
    expect((await tasksOf(id))[0].id).toBe(inside.id);
    expect(await boundaryRows()).toEqual(['subTimer: ended', 'subMsg: open', 'subSignal: open']);
    const timers = (await h.request('GET', `${P}/management/timer-jobs?processInstanceId=${id}`)).json().data;
    expect(timers).toHaveLength(0);
    await complete((await tasksOf(id))[0]);
    expect(await boundaryRows()).toEqual(['subTimer: ended', 'subMsg: ended', 'subSignal: ended']);
  });

  it('moves a mapped activity into a subprocess of the new version', async () => {
    const id = await startAt('legacy');
    const migrated = await migrate(id, {
      toProcessDefinitionId: v2,
      activityMappings: [{ fromActivityId: 'legacy', toActivityId: 'boxed' }],
      processInstanceVariables: { migratedBy: 'test' },
    });
    expect(migrated.statusCode).toBe(200);
    expect((await tasksOf(id)).map((t) => t.taskDefinitionKey)).toEqual(['boxed']);
    const legacy = (
      await h.request(
        'GET',
        `${P}/history/historic-activity-instances?processInstanceId=${id}&activityId=legacy`,
      )
    ).json().data[0];
    expect(legacy.deleteReason).toBe('Change activity to boxed');
    const variable = (
      await h.request('GET', `${P}/runtime/process-instances/${id}/variables/migratedBy`)
    ).json();
    expect(variable).toMatchObject({ name: 'migratedBy', value: 'test' });
    await complete((await tasksOf(id))[0]);
    expect((await h.request('GET', `${P}/runtime/process-instances/${id}`)).statusCode).toBe(404);
  });

  it('moves a suspended instance whose activities stay as they are, and refuses one that would move', async () => {
    const kept = await startAt('second');
    await h.request('PUT', `${P}/runtime/process-instances/${kept}`, { body: { action: 'suspend' } });
    const moved = await migrate(kept, { toProcessDefinitionId: v2 });
    expect(moved.statusCode, moved.body).toBe(200);
    const instance = (await h.request('GET', `${P}/runtime/process-instances/${kept}`)).json();
    expect(instance).toMatchObject({ processDefinitionId: v2, suspended: true });

    const moving = await startAt('first');
    await h.request('PUT', `${P}/runtime/process-instances/${moving}`, { body: { action: 'suspend' } });
    const refused = await migrate(moving, { toProcessDefinitionId: v2 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().exception).toMatch(/is suspended/);
    expect((await tasksOf(moving))[0].processDefinitionId).toBe(v1);
    // out of the way of the definition-wide migration below
    expect((await h.request('DELETE', `${P}/runtime/process-instances/${moving}`)).statusCode).toBe(204);
  });

  it('refuses an invalid migration with its messages and changes nothing', async () => {
    const id = await startAt('legacy');
    const refused = await migrate(id, { toProcessDefinitionId: v2 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().exception).toMatch(/Activity \(id:'legacy'\) that is not mapped/);
    expect((await tasksOf(id))[0]).toMatchObject({ taskDefinitionKey: 'legacy', processDefinitionId: v1 });
  });

  it('refuses by name the parts of the document Weir does not run, and malformed mappings', async () => {
    const id = await startAt('second');
    const cases: [unknown, RegExp][] = [
      [
        { toProcessDefinitionId: v2, preUpgradeScript: { language: 'groovy', script: 'x' } },
        /preUpgradeScript/,
      ],
      [
        {
          toProcessDefinitionId: v2,
          activityMappings: [{ fromActivityId: 'second', toActivityId: 'boxed', newAssignee: 'kermit' }],
        },
        /activityMappings\[0\]\.newAssignee/,
      ],
      [
        {
          toProcessDefinitionId: v2,
          activityMappings: [{ fromActivityIds: ['a', 'b'], toActivityIds: ['c', 'd'] }],
        },
        /many to many/,
      ],
      [{ toProcessDefinitionId: v2, activityMappings: [{ toActivityId: 'boxed' }] }, /fromActivityId/],
      [{ activityMappings: [] }, /toProcessDefinitionId/],
      [{ toProcessDefinitionId: v2, surprise: true }, /surprise/],
    ];
    for (const [body, message] of cases) {
      const response = await migrate(id, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().exception, JSON.stringify(body)).toMatch(message);
    }
    expect((await tasksOf(id))[0].processDefinitionId).toBe(v1);
  });

  it('answers 404 for an unknown instance, 401 without credentials, 403 to a user who is no operator', async () => {
    expect((await migrate('no-such-instance', { toProcessDefinitionId: v2 })).statusCode).toBe(404);
    const id = await startAt('second');
    expect((await migrate(id, { toProcessDefinitionId: v2 }, null)).statusCode).toBe(401);
    expect((await migrate(id, { toProcessDefinitionId: v2 }, 'kermit')).statusCode).toBe(403);
    expect((await tasksOf(id))[0].processDefinitionId).toBe(v1);
  });
});

describe('migrating every instance of a definition', () => {
  it('moves all of them, or none when one cannot move', async () => {
    const a = await startAt('second');
    const b = await startAt('first');
    const blocker = await startAt('legacy');
    const url = `${P}/repository/process-definitions/${v1}/migrate`;
    const refused = await h.request('POST', url, { body: { toProcessDefinitionId: v2 } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().exception).toContain(blocker);
    expect((await tasksOf(a))[0].processDefinitionId).toBe(v1);

    const mapped = await h.request('POST', url, {
      body: {
        toProcessDefinitionId: v2,
        activityMappings: [{ fromActivityId: 'legacy', toActivityId: 'second' }],
      },
    });
    expect(mapped.statusCode).toBe(200);
    for (const id of [a, b, blocker]) expect((await tasksOf(id))[0].processDefinitionId).toBe(v2);
    const left = await h.request('GET', `${P}/runtime/process-instances?processDefinitionId=${v1}`);
    expect(left.json().total).toBe(0);
    expect(
      (
        await h.request('POST', `${P}/repository/process-definitions/nope/migrate`, {
          body: { toProcessDefinitionId: v2 },
        })
      ).statusCode,
    ).toBe(404);
  });
});
