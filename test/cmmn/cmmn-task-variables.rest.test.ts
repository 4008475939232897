/**
 * Case tasks and case variables over `/cmmn-api`: a case task's local and global (case)
 * variables, binary ones uploaded and read back byte for byte through every `.../data` route,
 * the case's variable instances, standalone tasks of the case API, and what a user who may not
 * see the case is told (404, as if it did not exist).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness, type TestUser } from '../http/harness.ts';

let h: HttpHarness;
const R = '/cmmn-api/cmmn-runtime';
const H = '/cmmn-api/cmmn-history';
const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 255, 10, 13]);

/** A multipart variable upload (Flowable's form fields name, type, scope and one file). */
const upload = (
  method: 'POST' | 'PUT',
  url: string,
  fields: Record<string, string>,
  as: TestUser = 'admin',
) => {
  const { payload, contentType } = multipart(
    [{ name: 'blob.bin', content: bytes, type: 'application/octet-stream' }],
    fields,
  );
  return h.app.inject({
    method,
    url,
    payload,
    headers: { 'content-type': contentType, authorization: basic(as) },
  });
};

beforeAll(async () => {
  h = await createHttpHarness();
  const files = [];
  for (const name of ['review-case.cmmn', 'plan-item-variables.cmmn'])
    files.push({ name, content: await readFile(new URL(`../fixtures/cmmn/${name}`, import.meta.url)) });
  const { payload, contentType } = multipart(files);
  const deployed = await h.app.inject({
    method: 'POST',
    url: '/cmmn-api/cmmn-repository/deployments',
    headers: { authorization: basic('admin'), 'content-type': contentType },
    payload,
  });
  expect(deployed.statusCode).toBe(201);
});
afterAll(async () => {
  await h?.close();
});

/** A new review case started by admin, and its open task (the draft, assigned to admin). */
const startCase = async (variables: { name: string; type?: string; value: unknown }[] = []) => {
  const started = await h.request('POST', `${R}/case-instances`, {
    body: { caseDefinitionKey: 'reviewCase', variables },
  });
  expect(started.statusCode).toBe(201);
  const caseId = (started.json() as { id: string }).id;
  const tasks = (await h.request('GET', `${R}/tasks?caseInstanceId=${caseId}`)).json() as {
    data: { id: string; name: string }[];
  };
  return { caseId, taskId: tasks.data[0].id };
};

describe('variables of a case task', () => {
  it('keeps local ones on the task and global ones on the case, answered with cmmn-api links', async () => {
    const { caseId, taskId } = await startCase([{ name: 'amount', type: 'integer', value: 5 }]);
    const created = await h.request('POST', `${R}/tasks/${taskId}/variables`, {
      body: [
        { name: 'note', value: 'first pass' },
        { name: 'reviewer', value: 'fozzie', scope: 'global' },
      ],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual([
      { name: 'note', type: 'string', value: 'first pass', valueUrl: null, scope: 'local' },
      { name: 'reviewer', type: 'string', value: 'fozzie', valueUrl: null, scope: 'global' },
    ]);
    // the global one is the case's
    const caseVariables = (await h.request('GET', `${R}/case-instances/${caseId}/variables`)).json() as {
      name: string;
    }[];
    expect(caseVariables.map((v) => v.name).sort()).toEqual(['amount', 'initiator', 'reviewer']);
    const all = (await h.request('GET', `${R}/tasks/${taskId}/variables`)).json() as {
      name: string;
      scope: string;
    }[];
    expect(all.map((v) => `${v.name}:${v.scope}`).sort()).toEqual([
      'amount:global',
      'initiator:global',
      'note:local',
      'reviewer:global',
    ]);
    const local = (await h.request('GET', `${R}/tasks/${taskId}/variables?scope=local`)).json();
    expect(local).toEqual([
      { name: 'note', type: 'string', value: 'first pass', valueUrl: null, scope: 'local' },
    ]);
    // create-only: a name already on the case is refused whole
    const again = await h.request('POST', `${R}/tasks/${taskId}/variables`, {
      body: [{ name: 'amount', value: 6, scope: 'global' }],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().exception).toBe(`Variable 'amount' is already present on task '${taskId}'.`);
    // PUT one, then read it back by name
    const put = await h.request('PUT', `${R}/tasks/${taskId}/variables/amount`, {
      body: { name: 'amount', type: 'integer', value: 7, scope: 'global' },
    });
    expect(put.statusCode).toBe(200);
    const one = await h.request('GET', `${R}/tasks/${taskId}/variables/amount`);
    expect(one.json()).toEqual({
      name: 'amount',
      type: 'integer',
      value: 7,
      valueUrl: null,
      scope: 'global',
    });
    // DELETE all removes the local ones only
    expect((await h.request('DELETE', `${R}/tasks/${taskId}/variables`)).statusCode).toBe(204);
    expect((await h.request('GET', `${R}/tasks/${taskId}/variables?scope=local`)).json()).toEqual([]);
    const deleted = await h.request('DELETE', `${R}/tasks/${taskId}/variables/reviewer?scope=global`);
    expect(deleted.statusCode).toBe(204);
    const gone = await h.request('GET', `${R}/case-instances/${caseId}/variables/reviewer`);
    expect(gone.statusCode).toBe(404);
  });

  it('a global variable set through the task satisfies the case sentry that waits for it', async () => {
    const { caseId, taskId: draftId } = await startCase([
      { name: 'approved', type: 'boolean', value: false },
    ]);
    expect(
      (await h.request('POST', `${R}/tasks/${draftId}`, { body: { action: 'complete' } })).statusCode,
    ).toBe(200);
    const review = (await h.request('GET', `${R}/tasks?caseInstanceId=${caseId}`)).json().data[0] as {
      id: string;
      name: string;
    };
    expect(review.name).toBe('Review the draft');
    const set = await h.request('PUT', `${R}/tasks/${review.id}/variables/approved`, {
      body: { name: 'approved', type: 'boolean', value: true, scope: 'global' },
    });
    expect(set.statusCode).toBe(200);
    expect(
      (await h.request('POST', `${R}/tasks/${review.id}`, { body: { action: 'complete' } })).statusCode,
    ).toBe(200);
    const milestones = (
      await h.request('GET', `${H}/historic-milestone-instances?caseInstanceId=${caseId}`)
    ).json() as { data: { name: string }[] };
    expect(milestones.data.map((m) => m.name)).toEqual(['Reviewed']);
  });
});

describe('binary and serializable variables of cases', () => {
  it('round-trip through the task, case, variable-instance and history data routes', async () => {
    const { caseId, taskId } = await startCase();
    const local = await upload('POST', `${R}/tasks/${taskId}/variables`, { name: 'scan', type: 'binary' });
    expect(local.statusCode).toBe(201);
    expect(local.json()).toMatchObject({
      name: 'scan',
      type: 'binary',
      value: null,
      scope: 'local',
      valueUrl: expect.stringMatching(
        new RegExp(`/cmmn-api/cmmn-runtime/tasks/${taskId}/variables/scan/data$`),
      ),
    });
    const localData = await h.request('GET', `${R}/tasks/${taskId}/variables/scan/data`);
    expect(localData.statusCode).toBe(200);
    expect(localData.headers['content-type']).toBe('application/octet-stream');
    expect(localData.rawPayload.equals(bytes)).toBe(true);

    const global = await upload('POST', `${R}/tasks/${taskId}/variables`, {
      name: 'contract',
      type: 'serializable',
      scope: 'global',
    });
    expect(global.statusCode).toBe(201);
    expect(global.json()).toMatchObject({ name: 'contract', type: 'serializable', scope: 'global' });
    const caseData = await h.request('GET', `${R}/case-instances/${caseId}/variables/contract/data`);
    expect(caseData.statusCode).toBe(200);
    expect(caseData.headers['content-type']).toBe('application/x-java-serialized-object');
    expect(caseData.rawPayload.equals(bytes)).toBe(true);
    const listed = (await h.request('GET', `${R}/case-instances/${caseId}/variables`)).json() as {
      name: string;
      valueUrl: string | null;
    }[];
    expect(listed.find((v) => v.name === 'contract')?.valueUrl).toMatch(
      new RegExp(`/cmmn-api/cmmn-runtime/case-instances/${caseId}/variables/contract/data$`),
    );
    // through the task, when no scope is named: local first, then the case's
    const viaTask = await h.request('GET', `${R}/tasks/${taskId}/variables/contract/data`);
    expect(viaTask.rawPayload.equals(bytes)).toBe(true);

    // the case's variable instances: both rows, each with its own data route
    const instances = await h.request('GET', `${R}/variable-instances?caseInstanceId=${caseId}&size=50`);
    expect(instances.statusCode).toBe(200);
    const rows = (
      instances.json() as {
        data: { id: string; caseInstanceId: string; taskId: string | null; variable: { name: string } }[];
      }
    ).data;
    const scan = rows.find((r) => r.variable.name === 'scan')!;
    expect(scan).toMatchObject({ caseInstanceId: caseId, taskId, variable: { scope: 'local' } });
    const contract = rows.find((r) => r.variable.name === 'contract')!;
    expect(contract).toMatchObject({ caseInstanceId: caseId, taskId: null, variable: { scope: 'global' } });
    const instanceData = await h.request('GET', `${R}/variable-instances/${contract.id}/data`);
    expect(instanceData.rawPayload.equals(bytes)).toBe(true);
    const queried = await h.request('POST', '/cmmn-api/cmmn-query/variable-instances', {
      body: { caseInstanceId: caseId, excludeTaskVariables: true, variableName: 'contract' },
    });
    expect((queried.json() as { data: { id: string }[] }).data.map((r) => r.id)).toEqual([contract.id]);

    // history: the case's variable, read by id and by the case
    const historic = (
      await h.request(
        'GET',
        `${H}/historic-variable-instances?caseInstanceId=${caseId}&variableName=contract`,
      )
    ).json() as { data: { id: string; variable: { valueUrl: string } }[] };
    const historicData = await h.request(
      'GET',
      `${H}/historic-variable-instances/${historic.data[0].id}/data`,
    );
    expect(historicData.statusCode).toBe(200);
    expect(historicData.rawPayload.equals(bytes)).toBe(true);
    const byCase = await h.request('GET', `${H}/historic-case-instances/${caseId}/variables/contract/data`);
    expect(byCase.rawPayload.equals(bytes)).toBe(true);
    const byTask = await h.request('GET', `${H}/historic-task-instances/${taskId}/variables/scan/data`);
    expect(byTask.statusCode).toBe(200);
    expect(byTask.rawPayload.equals(bytes)).toBe(true);
    const taskGlobal = await h.request(
      'GET',
      `${H}/historic-task-instances/${taskId}/variables/contract/data?scope=global`,
    );
    expect(taskGlobal.rawPayload.equals(bytes)).toBe(true);
  });

  it('answers 404 naming the id or the variable that is not there', async () => {
    const { caseId, taskId } = await startCase([{ name: 'amount', type: 'integer', value: 5 }]);
    const noTask = await h.request('GET', `${R}/tasks/no-such-task/variables`);
    expect(noTask.statusCode).toBe(404);
    expect(noTask.json().exception).toContain("'no-such-task'");
    const noVariable = await h.request('GET', `${R}/tasks/${taskId}/variables/nope`);
    expect(noVariable.statusCode).toBe(404);
    expect(noVariable.json().exception).toBe(`Task '${taskId}' does not have a variable with name: 'nope'.`);
    const noCaseVariable = await h.request('GET', `${R}/case-instances/${caseId}/variables/nope/data`);
    expect(noCaseVariable.statusCode).toBe(404);
    expect(noCaseVariable.json().exception).toBe(
      `Case instance '${caseId}' does not have a variable with name: 'nope'.`,
    );
    // an integer has no bytes
    const noBytes = await h.request('GET', `${R}/case-instances/${caseId}/variables/amount/data`);
    expect(noBytes.statusCode).toBe(404);
    expect(noBytes.json().exception).toBe('The variable does not have a binary data stream.');
    const noInstance = await h.request('GET', `${R}/variable-instances/no-such-variable/data`);
    expect(noInstance.json().exception).toBe("Variable instance 'no-such-variable' could not be found.");
    const noHistoric = await h.request('GET', `${H}/historic-variable-instances/no-such-variable/data`);
    expect(noHistoric.json().exception).toBe(
      "Historic variable instance 'no-such-variable' could not be found.",
    );
    const noCase = await h.request('GET', `${H}/historic-case-instances/no-such-case/variables/x/data`);
    expect(noCase.statusCode).toBe(404);
    expect(noCase.json().exception).toContain("'no-such-case'");
  });
});

describe('a case and its variables, all at once', () => {
  it('DELETE case-instances/{id}/variables removes every variable of the case', async () => {
    const { caseId } = await startCase([{ name: 'amount', type: 'integer', value: 5 }]);
    expect((await h.request('DELETE', `${R}/case-instances/${caseId}/variables`)).statusCode).toBe(204);
    expect((await h.request('GET', `${R}/case-instances/${caseId}/variables`)).json()).toEqual([]);
    const history = (
      await h.request('GET', `${H}/historic-variable-instances?caseInstanceId=${caseId}&variableName=amount`)
    ).json() as { data: { variable: { type: string | null } }[] };
    expect(history.data).toHaveLength(1);
  });
});

describe('tasks of the case API', () => {
  it('creates, bulk-updates, lists subtasks of and deletes a task of no case, linking to cmmn-api', async () => {
    const created = await h.request('POST', `${R}/tasks`, {
      body: { name: 'Call the customer', priority: 20 },
    });
    expect(created.statusCode).toBe(201);
    const task = created.json() as { id: string; url: string; name: string; priority: number };
    expect(task).toMatchObject({ name: 'Call the customer', priority: 20 });
    expect(task.url).toMatch(new RegExp(`/cmmn-api/cmmn-runtime/tasks/${task.id}$`));
    const sub = await h.request('POST', `${R}/tasks`, {
      body: { name: 'Find the number', parentTaskId: task.id },
    });
    const subtasks = (await h.request('GET', `${R}/tasks/${task.id}/subtasks`)).json() as { id: string }[];
    expect(subtasks.map((s) => s.id)).toEqual([(sub.json() as { id: string }).id]);
    const bulk = await h.request('PUT', `${R}/tasks`, { body: { taskIds: [task.id], priority: 90 } });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json()).toMatchObject({ total: 1, data: [{ id: task.id, priority: 90 }] });
    const deleted = await h.request('DELETE', `${R}/tasks/${task.id}?cascadeHistory=true`);
    expect(deleted.statusCode).toBe(204);
    expect((await h.request('GET', `${R}/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await h.request('GET', `${H}/historic-task-instances/${task.id}`)).statusCode).toBe(404);
  });

  it("refuses to delete a running case's task (403), on either API, and leaves it there", async () => {
    const { taskId } = await startCase();
    for (const base of [R, '/process-api/runtime']) {
      const refused = await h.request('DELETE', `${base}/tasks/${taskId}`);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().exception).toBe('Cannot delete a task that is part of a case instance.');
    }
    expect((await h.request('GET', `${R}/tasks/${taskId}`)).statusCode).toBe(200);
  });

  it("reads a task's identity links by family and one by one", async () => {
    const { taskId } = await startCase();
    const added = await h.request('POST', `${R}/tasks/${taskId}/identitylinks`, {
      body: { group: 'sales', type: 'candidate' },
    });
    expect(added.statusCode).toBe(201);
    const groups = (await h.request('GET', `${R}/tasks/${taskId}/identitylinks/groups`)).json();
    expect(groups).toMatchObject([{ group: 'sales', type: 'candidate', user: null }]);
    const users = (await h.request('GET', `${R}/tasks/${taskId}/identitylinks/users`)).json();
    expect(users).toMatchObject([{ user: 'admin', type: 'assignee' }]);
    const one = await h.request('GET', `${R}/tasks/${taskId}/identitylinks/groups/sales/candidate`);
    expect(one.statusCode).toBe(200);
    const none = await h.request('GET', `${R}/tasks/${taskId}/identitylinks/groups/nobody/candidate`);
    expect(none.statusCode).toBe(404);
  });
});

describe('a user who may not see the case', () => {
  it('is told its task, its variables and their bytes do not exist, and finds none of them in lists', async () => {
    const { caseId, taskId } = await startCase();
    const uploaded = await upload('POST', `${R}/tasks/${taskId}/variables`, {
      name: 'scan',
      type: 'binary',
      scope: 'global',
    });
    expect(uploaded.statusCode).toBe(201);
    const as = 'kermit' as const;
    for (const url of [
      `${R}/tasks/${taskId}/variables`,
      `${R}/tasks/${taskId}/variables/scan/data`,
      `${R}/tasks/${taskId}/subtasks`,
      `${R}/tasks/${taskId}/identitylinks/users`,
      `${R}/case-instances/${caseId}/variables/scan/data`,
      `${H}/historic-case-instances/${caseId}/variables/scan/data`,
      `${H}/historic-task-instances/${taskId}/variables/scan/data`,
    ]) {
      const res = await h.request('GET', url, { as });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
    }
    const write = await h.request('PUT', `${R}/tasks/${taskId}/variables/x`, {
      as,
      body: { name: 'x', value: 1 },
    });
    expect(write.statusCode).toBe(404);
    expect((await h.request('DELETE', `${R}/case-instances/${caseId}/variables`, { as })).statusCode).toBe(
      404,
    );
    const listed = await h.request('GET', `${R}/variable-instances?caseInstanceId=${caseId}`, { as });
    expect(listed.json()).toMatchObject({ total: 0, data: [] });
    const adminSees = await h.request('GET', `${R}/variable-instances?caseInstanceId=${caseId}`);
    expect((adminSees.json() as { total: number }).total).toBeGreaterThan(0);
    // the ids themselves, found by admin, are not found for kermit
    const id = (adminSees.json() as { data: { id: string; variable: { name: string } }[] }).data.find(
      (v) => v.variable.name === 'scan',
    )!.id;
    expect((await h.request('GET', `${R}/variable-instances/${id}/data`, { as })).statusCode).toBe(404);
    const historic = (
      await h.request('GET', `${H}/historic-variable-instances?caseInstanceId=${caseId}&variableName=scan`)
    ).json() as { data: { id: string }[] };
    const hid = historic.data[0].id;
    expect((await h.request('GET', `${H}/historic-variable-instances/${hid}/data`, { as })).statusCode).toBe(
      404,
    );
  });
});

describe('variables-async of a case', () => {
  const caseJobs = async (caseId: string) =>
    (await h.request('GET', `/cmmn-api/cmmn-management/jobs?caseInstanceId=${caseId}`)).json().data as {
      id: string;
    }[];

  it('are checked now and written by a job of the case, whose run lets the case move on', async () => {
    const { caseId, taskId: draftId } = await startCase([
      { name: 'approved', type: 'boolean', value: false },
    ]);
    await h.request('POST', `${R}/tasks/${draftId}`, { body: { action: 'complete' } });
    const asked = await h.request('PUT', `${R}/case-instances/${caseId}/variables-async/approved`, {
      body: { name: 'approved', type: 'boolean', value: true },
    });
    expect(asked.statusCode).toBe(204);
    expect(asked.body).toBe('');
    const created = await h.request('POST', `${R}/case-instances/${caseId}/variables-async`, {
      body: [{ name: 'reviewer', value: 'fozzie' }],
    });
    expect(created.statusCode).toBe(201);
    const scanned = await upload('PUT', `${R}/case-instances/${caseId}/variables-async`, {
      name: 'scan',
      type: 'binary',
    });
    expect(scanned.statusCode).toBe(201);
    // nothing written yet
    const before = await h.request('GET', `${R}/case-instances/${caseId}/variables/approved`);
    expect(before.json()).toMatchObject({ value: false });
    expect((await h.request('GET', `${R}/case-instances/${caseId}/variables/reviewer`)).statusCode).toBe(404);
    const jobs = await caseJobs(caseId);
    expect(jobs).toHaveLength(3);
    for (const job of jobs) {
      const run = await h.request('POST', `/cmmn-api/cmmn-management/jobs/${job.id}`, {
        body: { action: 'execute' },
      });
      expect(run.statusCode).toBe(204);
    }
    expect(await caseJobs(caseId)).toEqual([]);
    const after = await h.request('GET', `${R}/case-instances/${caseId}/variables/approved`);
    expect(after.json()).toMatchObject({ type: 'boolean', value: true });
    expect((await h.request('GET', `${R}/case-instances/${caseId}/variables/reviewer`)).json()).toMatchObject(
      {
        value: 'fozzie',
      },
    );
    const data = await h.request('GET', `${R}/case-instances/${caseId}/variables/scan/data`);
    expect(data.rawPayload.equals(bytes)).toBe(true);
    // the if-part now holds: completing the review reaches the milestone
    const review = (await h.request('GET', `${R}/tasks?caseInstanceId=${caseId}`)).json().data[0] as {
      id: string;
    };
    await h.request('POST', `${R}/tasks/${review.id}`, { body: { action: 'complete' } });
    const milestones = (
      await h.request('GET', `${H}/historic-milestone-instances?caseInstanceId=${caseId}`)
    ).json() as { data: { name: string }[] };
    expect(milestones.data.map((m) => m.name)).toEqual(['Reviewed']);
  });

  it('refuses at once what the job could not do, and a case the user may not see, leaving no job', async () => {
    const { caseId } = await startCase([{ name: 'amount', type: 'integer', value: 5 }]);
    const taken = await h.request('POST', `${R}/case-instances/${caseId}/variables-async`, {
      body: [{ name: 'amount', value: 6 }],
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().exception).toBe(`Variable 'amount' is already present on case instance '${caseId}'.`);
    const missing = await h.request('PUT', `${R}/case-instances/${caseId}/variables-async/nope`, {
      body: { name: 'nope', value: 1 },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().exception).toBe(
      `Case instance '${caseId}' does not have a variable with name: 'nope'.`,
    );
    const badType = await h.request('PUT', `${R}/case-instances/${caseId}/variables-async`, {
      body: [{ name: 'amount', type: 'integer', value: 'many' }],
    });
    expect(badType.statusCode).toBe(400);
    const hidden = await h.request('PUT', `${R}/case-instances/${caseId}/variables-async`, {
      as: 'kermit',
      body: [{ name: 'amount', value: 6 }],
    });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().exception).toContain(`'${caseId}'`);
    const unknown = await h.request('POST', `${R}/case-instances/no-such-case/variables-async`, {
      body: [{ name: 'a', value: 1 }],
    });
    expect(unknown.statusCode).toBe(404);
    expect(await caseJobs(caseId)).toEqual([]);
  });
});

describe('local variables of a plan item instance', () => {
  const startChecks = async () => {
    const started = await h.request('POST', `${R}/case-instances`, {
      body: { caseDefinitionKey: 'planItemVariablesCase' },
    });
    expect(started.statusCode).toBe(201);
    const caseId = (started.json() as { id: string }).id;
    const items = (await h.request('GET', `${R}/plan-item-instances?caseInstanceId=${caseId}`)).json() as {
      data: { id: string; elementId: string; state: string }[];
    };
    const item = items.data.find((i) => i.elementId === 'checkItem')!;
    expect(item.state).toBe('enabled');
    return { caseId, itemId: item.id, url: `${R}/plan-item-instances/${item.id}` };
  };

  it("are the item's own, seen first by its expressions, and kept in history with the item", async () => {
    const { caseId, itemId, url } = await startChecks();
    const created = await h.request('POST', `${url}/variables`, {
      body: [{ name: 'checker', value: 'fozzie' }],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual([
      { name: 'checker', type: 'string', value: 'fozzie', valueUrl: null, scope: 'local' },
    ]);
    // not the case's
    expect((await h.request('GET', `${R}/case-instances/${caseId}/variables/checker`)).statusCode).toBe(404);
    const again = await h.request('POST', `${url}/variables`, {
      body: [{ name: 'checker', value: 'gonzo' }],
    });
    expect(again.statusCode).toBe(409);
    // starting the item creates its task; the assignee expression reads the item's variable
    expect((await h.request('PUT', url, { body: { action: 'start' } })).statusCode).toBe(200);
    const task = (await h.request('GET', `${R}/tasks?caseInstanceId=${caseId}`)).json().data[0] as {
      assignee: string;
    };
    expect(task.assignee).toBe('fozzie');
    const instances = (
      await h.request('GET', `${R}/variable-instances?caseInstanceId=${caseId}&planItemInstanceId=${itemId}`)
    ).json() as { data: { planItemInstanceId: string; variable: { name: string; scope: string } }[] };
    expect(instances.data).toMatchObject([
      { planItemInstanceId: itemId, variable: { name: 'checker', scope: 'local' } },
    ]);
    const history = (
      await h.request('GET', `${H}/historic-variable-instances?caseInstanceId=${caseId}&variableName=checker`)
    ).json() as { data: { planItemInstanceId: string | null }[] };
    expect(history.data).toMatchObject([{ planItemInstanceId: itemId }]);
    const put = await h.request('PUT', `${url}/variables/checker`, {
      body: { name: 'checker', value: 'kermit' },
    });
    expect(put.json()).toMatchObject({ name: 'checker', value: 'kermit', scope: 'local' });
    expect((await h.request('DELETE', `${url}/variables/checker`)).statusCode).toBe(204);
    const missing = await h.request('DELETE', `${url}/variables/checker`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().exception).toBe(
      `Plan item instance '${itemId}' does not have a variable with name: 'checker'.`,
    );
  });

  it('take a binary upload and answer its bytes; variables-async writes them through a job', async () => {
    const { caseId, url } = await startChecks();
    const uploaded = await upload('POST', `${url}/variables`, { name: 'photo', type: 'binary' });
    expect(uploaded.statusCode).toBe(201);
    expect(uploaded.json()).toMatchObject({ name: 'photo', type: 'binary', scope: 'local' });
    const data = await h.request('GET', `${url}/variables/photo/data`);
    expect(data.statusCode).toBe(200);
    expect(data.rawPayload.equals(bytes)).toBe(true);
    const asked = await h.request('POST', `${url}/variables-async`, {
      body: [{ name: 'checker', value: 'fozzie' }],
    });
    expect(asked.statusCode).toBe(201);
    const jobs = (await h.request('GET', `/cmmn-api/cmmn-management/jobs?caseInstanceId=${caseId}`)).json()
      .data as { id: string }[];
    expect(jobs).toHaveLength(1);
    expect(
      (
        await h.request('POST', `/cmmn-api/cmmn-management/jobs/${jobs[0].id}`, {
          body: { action: 'execute' },
        })
      ).statusCode,
    ).toBe(204);
    expect((await h.request('PUT', url, { body: { action: 'start' } })).statusCode).toBe(200);
    const task = (await h.request('GET', `${R}/tasks?caseInstanceId=${caseId}`)).json().data[0] as {
      assignee: string;
    };
    expect(task.assignee).toBe('fozzie');
  });

  it('are not found for a user who may not see the case, nor for an unknown item', async () => {
    const { itemId, url } = await startChecks();
    const hidden = await h.request('POST', `${url}/variables`, {
      as: 'kermit',
      body: [{ name: 'checker', value: 'kermit' }],
    });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().exception).toContain(`'${itemId}'`);
    const hiddenAsync = await h.request('POST', `${url}/variables-async`, {
      as: 'kermit',
      body: [{ name: 'checker', value: 'kermit' }],
    });
    expect(hiddenAsync.statusCode).toBe(404);
    const unknown = await h.request('POST', `${R}/plan-item-instances/no-such-item/variables`, {
      body: [{ name: 'a', value: 1 }],
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().exception).toContain("'no-such-item'");
  });
});
