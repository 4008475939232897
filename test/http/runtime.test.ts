import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml', 'http-waits.bpmn20.xml']);
});
afterAll(() => h.close());

const instances = '/process-api/runtime/process-instances';

describe('process instances', () => {
  it('starts by key with typed variables and returns them', async () => {
    const started = await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      businessKey: 'order-1',
      returnVariables: true,
      variables: [
        { name: 'amount', type: 'long', value: 1200 },
        { name: 'customer', value: 'Miss Piggy' },
        { name: 'due', type: 'date', value: '2026-05-01T10:00:00.000Z' },
        { name: 'lines', type: 'json', value: [{ sku: 'A', qty: 2 }] },
      ],
      transientVariables: [{ name: 'scratch', value: 'gone' }],
    });
    expect(started).toMatchObject({
      businessKey: 'order-1',
      ended: false,
      suspended: false,
      processDefinitionKey: 'httpOneTask',
      activityId: 'approve',
      startUserId: 'admin',
    });
    expect(started.variables).toEqual([
      { name: 'amount', type: 'long', value: 1200, valueUrl: null, scope: 'local' },
      { name: 'customer', type: 'string', value: 'Miss Piggy', valueUrl: null, scope: 'local' },
      { name: 'due', type: 'date', value: '2026-05-01T10:00:00.000Z', valueUrl: null, scope: 'local' },
      { name: 'lines', type: 'json', value: [{ sku: 'A', qty: 2 }], valueUrl: null, scope: 'local' },
    ]);
  });

  it('starts by definition id and by message; an unknown key is a 400 as in Flowable', async () => {
    const definitions = await h.request('GET', '/process-api/repository/process-definitions?key=httpSignal');
    const byId = await startInstance(h, { processDefinitionId: definitions.json().data[0].id });
    expect(byId.processDefinitionKey).toBe('httpSignal');
    const unknown = await h.request('POST', instances, { body: { processDefinitionKey: 'nope' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().exception).toContain("'nope'");
    const none = await h.request('POST', instances, { body: { businessKey: 'x' } });
    expect(none.statusCode).toBe(400);
    const noMessage = await h.request('POST', instances, { body: { message: 'nobody-listens' } });
    expect(noMessage.statusCode).toBe(400);
  });

  it('lists instances with filters, paging and sorting', async () => {
    await startInstance(h, { processDefinitionKey: 'httpOneTask', businessKey: 'order-2' });
    await startInstance(h, { processDefinitionKey: 'httpOneTask', businessKey: 'order-3' });
    const byKey = await h.request(
      'GET',
      `${instances}?processDefinitionKey=httpOneTask&sort=businessKey&order=desc&size=2`,
    );
    expect(byKey.json()).toMatchObject({ total: 3, size: 2, sort: 'businessKey', order: 'desc' });
    expect(byKey.json().data.map((i: { businessKey: string }) => i.businessKey)).toEqual([
      'order-3',
      'order-2',
    ]);
    const page2 = await h.request(
      'GET',
      `${instances}?processDefinitionKey=httpOneTask&sort=businessKey&order=desc&size=2&start=2`,
    );
    expect(page2.json().data.map((i: { businessKey: string }) => i.businessKey)).toEqual(['order-1']);
    const byBusinessKey = await h.request(
      'GET',
      `${instances}?businessKey=order-2&includeProcessVariables=true`,
    );
    expect(byBusinessKey.json().total).toBe(1);
    expect((await h.request('GET', `${instances}?sort=colour`)).statusCode).toBe(400);
  });

  it('queries instances by variable values in a POST body', async () => {
    const found = await h.request('POST', '/process-api/query/process-instances', {
      body: {
        processDefinitionKey: 'httpOneTask',
        variables: [{ name: 'amount', value: 1000, operation: 'greaterThan' }],
      },
    });
    expect(found.json().data.map((i: { businessKey: string }) => i.businessKey)).toEqual(['order-1']);
    const equals = await h.request('POST', '/process-api/query/process-instances', {
      body: { variables: [{ name: 'customer', value: 'miss piggy', operation: 'equalsIgnoreCase' }] },
    });
    expect(equals.json().total).toBe(1);
    const badOp = await h.request('POST', '/process-api/query/process-instances', {
      body: { variables: [{ name: 'customer', value: 'x', operation: 'resembles' }] },
    });
    expect(badOp.statusCode).toBe(400);
  });

  it('suspends, activates and deletes an instance', async () => {
    const instance = await startInstance(h, {
      processDefinitionKey: 'httpOneTask',
      businessKey: 'to-delete',
    });
    const suspend = await h.request('PUT', `${instances}/${instance.id}`, { body: { action: 'suspend' } });
    expect(suspend.json().suspended).toBe(true);
    expect(
      (await h.request('PUT', `${instances}/${instance.id}`, { body: { action: 'suspend' } })).statusCode,
    ).toBe(409);
    expect((await h.request('GET', `${instances}?suspended=true`)).json().total).toBe(1);
    await h.request('PUT', `${instances}/${instance.id}`, { body: { action: 'activate' } });
    const deleted = await h.request(
      'DELETE',
      `${instances}/${instance.id}?deleteReason=cancelled%20by%20test`,
    );
    expect(deleted.statusCode).toBe(204);
    expect((await h.request('GET', `${instances}/${instance.id}`)).statusCode).toBe(404);
    const history = await h.request('GET', `/process-api/history/historic-process-instances/${instance.id}`);
    expect(history.json()).toMatchObject({ deleteReason: 'cancelled by test', endTime: expect.any(String) });
    expect((await h.request('DELETE', `${instances}/${instance.id}`)).statusCode).toBe(404);
  });

  it('creates, reads, updates and deletes instance variables', async () => {
    const instance = await startInstance(h, { processDefinitionKey: 'httpOneTask' });
    const path = `${instances}/${instance.id}/variables`;
    const created = await h.request('POST', path, { body: [{ name: 'count', type: 'integer', value: 1 }] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual([
      { name: 'count', type: 'integer', value: 1, valueUrl: null, scope: 'local' },
    ]);
    expect((await h.request('POST', path, { body: [{ name: 'count', value: 2 }] })).statusCode).toBe(409);
    const updated = await h.request('PUT', `${path}/count`, {
      body: { name: 'count', type: 'integer', value: 2 },
    });
    expect(updated.json().value).toBe(2);
    const mismatch = await h.request('PUT', `${path}/count`, { body: { name: 'other', value: 2 } });
    expect(mismatch.statusCode).toBe(400);
    const tooBig = await h.request('PUT', `${path}/count`, {
      body: { name: 'count', type: 'short', value: 70000 },
    });
    expect(tooBig.statusCode).toBe(400);
    expect((await h.request('GET', `${path}/count`)).json().value).toBe(2);
    expect((await h.request('GET', path)).json().map((v: { name: string }) => v.name)).toEqual(['count']);
    expect((await h.request('DELETE', `${path}/count`)).statusCode).toBe(204);
    expect((await h.request('GET', `${path}/count`)).statusCode).toBe(404);
    expect((await h.request('DELETE', `${path}/count`)).statusCode).toBe(404);
  });
});

describe('executions, messages, signals and event subscriptions', () => {
  it('finds the execution waiting for a message and delivers it', async () => {
    const instance = await startInstance(h, { processDefinitionKey: 'httpMessage', businessKey: 'pay-1' });
    const waiting = await h.request(
      'GET',
      `/process-api/runtime/executions?processInstanceId=${instance.id}&messageEventSubscriptionName=paymentReceived`,
    );
    expect(waiting.json().total).toBe(1);
    const execution = waiting.json().data[0];
    expect(execution).toMatchObject({
      activityId: 'waitForPayment',
      processInstanceId: instance.id,
      parentId: instance.id,
    });
    const byActivity = await h.request('GET', `/process-api/runtime/executions?activityId=waitForPayment`);
    expect(byActivity.json().total).toBe(1);
    const all = await h.request(
      'GET',
      `/process-api/runtime/executions?processInstanceId=${instance.id}&sort=id`,
    );
    expect(all.json().total).toBe(2);
    const activities = await h.request('GET', `/process-api/runtime/executions/${instance.id}/activities`);
    expect(activities.json()).toEqual(['waitForPayment']);

    const subscriptions = await h.request(
      'GET',
      `/process-api/runtime/event-subscriptions?processInstanceId=${instance.id}`,
    );
    expect(subscriptions.json().data[0]).toMatchObject({
      eventType: 'message',
      eventName: 'paymentReceived',
      activityId: 'waitForPayment',
    });
    const subscription = await h.request(
      'GET',
      `/process-api/runtime/event-subscriptions/${subscriptions.json().data[0].id}`,
    );
    expect(subscription.json().executionId).toBe(execution.id);

    const wrongMessage = await h.request('PUT', `/process-api/runtime/executions/${execution.id}`, {
      body: { action: 'messageEventReceived', messageName: 'somethingElse' },
    });
    expect(wrongMessage.statusCode).toBe(404);
    const delivered = await h.request('PUT', `/process-api/runtime/executions/${execution.id}`, {
      body: {
        action: 'messageEventReceived',
        messageName: 'paymentReceived',
        variables: [{ name: 'paid', value: true }],
      },
    });
    expect([200, 204]).toContain(delivered.statusCode);
    const tasks = await h.request('GET', `/process-api/runtime/tasks?processInstanceId=${instance.id}`);
    expect(tasks.json().data[0]).toMatchObject({ taskDefinitionKey: 'ship', assignee: 'kermit' });
    const vars = await h.request('GET', `${instances}/${instance.id}/variables/paid`);
    expect(vars.json()).toMatchObject({ type: 'boolean', value: true });
  });

  it('throws a signal to its subscribers', async () => {
    const instance = await startInstance(h, { processDefinitionKey: 'httpSignal' });
    const waiting = await h.request(
      'GET',
      `/process-api/runtime/executions?signalEventSubscriptionName=alert`,
    );
    expect(waiting.json().data.map((e: { processInstanceId: string }) => e.processInstanceId)).toContain(
      instance.id,
    );
    const thrown = await h.request('POST', '/process-api/runtime/signals', { body: { signalName: 'alert' } });
    expect(thrown.statusCode).toBe(204);
    expect((await h.request('GET', `${instances}/${instance.id}`)).statusCode).toBe(404);
    const history = await h.request('GET', `/process-api/history/historic-process-instances/${instance.id}`);
    expect(history.json().endActivityId).toBe('sigEnd');
  });

  it('answers 404 for an unknown execution and 400 for an unknown action', async () => {
    expect((await h.request('GET', '/process-api/runtime/executions/nope')).statusCode).toBe(404);
    const bad = await h.request('PUT', '/process-api/runtime/executions/nope', { body: { action: 'dance' } });
    expect(bad.statusCode).toBe(400);
  });
});
