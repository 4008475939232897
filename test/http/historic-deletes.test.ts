import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.deploy(['http-one-task.bpmn20.xml']);
});
afterAll(() => h.close());

const tasks = '/process-api/runtime/tasks';
const history = '/process-api/history';

/** An instance of the one-task process, as `as` started it; `finish` completes its task. */
const instance = async (finish: boolean, as: 'admin' | 'kermit' = 'admin') => {
  const started = await startInstance(h, { processDefinitionKey: 'httpOneTask' }, as);
  const taskId = (await h.request('GET', `${tasks}?processInstanceId=${started.id}`)).json().data[0]
    .id as string;
  await h.request('POST', `${tasks}/${taskId}/comments`, {
    body: { message: 'on the task', saveProcessInstanceId: true },
  });
  if (finish) await h.request('POST', `${tasks}/${taskId}`, { body: { action: 'complete' } });
  return { id: started.id as string, taskId };
};

const count = async (table: string, id: string) => {
  const tables: Record<string, string> = {
    hiTasks: `SELECT count(*)::int AS n FROM weir_hi_task_instance WHERE process_instance_id = $1`,
    hiActivities: `SELECT count(*)::int AS n FROM weir_hi_activity_instance WHERE process_instance_id = $1`,
    comments: `SELECT count(*)::int AS n FROM weir_comment WHERE process_instance_id = $1`,
    hiLinks: `SELECT count(*)::int AS n FROM weir_hi_identity_link WHERE task_id = $1`,
    taskLog: `SELECT count(*)::int AS n FROM weir_hi_task_log_entry WHERE task_id = $1`,
  };
  const { rows } = await h.db.query<{ n: number }>(tables[table], [id]);
  return rows[0].n;
};

describe('DELETE history/historic-process-instances/{id}', () => {
  it('deletes an ended instance with its task, activity, comment, link and log history', async () => {
    const { id, taskId } = await instance(true);
    expect(await count('hiTasks', id)).toBe(1);
    expect(await count('hiLinks', taskId)).toBe(1);
    expect(await count('taskLog', taskId)).toBeGreaterThan(0);
    const response = await h.request('DELETE', `${history}/historic-process-instances/${id}`);
    expect(response.statusCode).toBe(204);
    expect((await h.request('GET', `${history}/historic-process-instances/${id}`)).statusCode).toBe(404);
    for (const [table, key] of [
      ['hiTasks', id],
      ['hiActivities', id],
      ['comments', id],
      ['hiLinks', taskId],
      ['taskLog', taskId],
    ])
      expect(await count(table, key)).toBe(0);
  });

  it('refuses a running instance (409) and an unknown one (404)', async () => {
    const { id } = await instance(false);
    const running = await h.request('DELETE', `${history}/historic-process-instances/${id}`);
    expect(running.statusCode).toBe(409);
    expect(running.json().exception).toContain('still running');
    expect((await h.request('GET', `${history}/historic-process-instances/${id}`)).statusCode).toBe(200);
    expect((await h.request('DELETE', `${history}/historic-process-instances/nope`)).statusCode).toBe(404);
  });

  it('hides the instance of someone else (404)', async () => {
    const { id } = await instance(true);
    expect(
      (await h.request('DELETE', `${history}/historic-process-instances/${id}`, { as: 'kermit' })).statusCode,
    ).toBe(404);
    expect(
      (await h.request('DELETE', `${history}/historic-process-instances/${id}`, { as: null })).statusCode,
    ).toBe(401);
  });
});

describe('POST history/historic-process-instances/delete', () => {
  it('deletes all named instances, or none when one cannot be deleted', async () => {
    const a = await instance(true);
    const b = await instance(true);
    const running = await instance(false);
    const refused = await h.request('POST', `${history}/historic-process-instances/delete`, {
      body: { action: 'delete', instanceIds: [a.id, running.id] },
    });
    expect(refused.statusCode).toBe(409);
    expect((await h.request('GET', `${history}/historic-process-instances/${a.id}`)).statusCode).toBe(200);
    const missing = await h.request('POST', `${history}/historic-process-instances/delete`, {
      body: { action: 'delete', instanceIds: [a.id, 'ghost'] },
    });
    expect(missing.statusCode).toBe(404);
    const ok = await h.request('POST', `${history}/historic-process-instances/delete`, {
      body: { action: 'delete', instanceIds: [a.id, b.id] },
    });
    expect(ok.statusCode).toBe(204);
    expect((await h.request('GET', `${history}/historic-process-instances/${a.id}`)).statusCode).toBe(404);
    expect((await h.request('GET', `${history}/historic-process-instances/${b.id}`)).statusCode).toBe(404);
  });

  it('refuses another action and a body without ids', async () => {
    const wrong = await h.request('POST', `${history}/historic-process-instances/delete`, {
      body: { action: 'suspend', instanceIds: ['x'] },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().exception).toBe("Illegal action: 'suspend'.");
    const empty = await h.request('POST', `${history}/historic-process-instances/delete`, {
      body: { action: 'delete' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().exception).toContain('instanceIds');
  });
});

describe('DELETE history/historic-task-instances/{id}', () => {
  it("deletes an ended task's history; refuses a running one", async () => {
    const { taskId } = await instance(true);
    expect((await h.request('DELETE', `${history}/historic-task-instances/${taskId}`)).statusCode).toBe(204);
    expect((await h.request('GET', `${history}/historic-task-instances/${taskId}`)).statusCode).toBe(404);
    expect(await count('hiLinks', taskId)).toBe(0);
    const open = await instance(false);
    expect((await h.request('DELETE', `${history}/historic-task-instances/${open.taskId}`)).statusCode).toBe(
      409,
    );
    expect((await h.request('DELETE', `${history}/historic-task-instances/nope`)).statusCode).toBe(404);
  });

  it('lets its assignee delete it; to anyone else no longer linked it is not found', async () => {
    const { taskId } = await instance(false);
    await h.request('POST', `${tasks}/${taskId}`, {
      as: 'fozzie',
      body: { action: 'claim', assignee: 'fozzie' },
    });
    await h.request('PUT', `${tasks}/${taskId}`, { body: { assignee: null } });
    await h.request('POST', `${tasks}/${taskId}`, { body: { action: 'complete' } });
    // fozzie is no longer assignee, and candidate links go with the runtime task
    expect(
      (await h.request('DELETE', `${history}/historic-task-instances/${taskId}`, { as: 'kermit' }))
        .statusCode,
    ).toBe(404);
    const mine = await h.request('POST', tasks, { body: { name: 'Mine', assignee: 'kermit' } });
    await h.request('POST', `${tasks}/${mine.json().id}`, { as: 'kermit', body: { action: 'complete' } });
    expect(
      (await h.request('DELETE', `${history}/historic-task-instances/${mine.json().id}`, { as: 'kermit' }))
        .statusCode,
    ).toBe(204);
  });
});

describe('comments on a process instance', () => {
  it('adds, lists, reads and deletes comments on running and ended instances', async () => {
    for (const finish of [false, true]) {
      const { id } = await instance(finish, 'kermit');
      const path = `${history}/historic-process-instances/${id}/comments`;
      const created = await h.request('POST', path, { as: 'kermit', body: { message: 'About this order' } });
      expect(created.statusCode).toBe(201);
      const comment = created.json();
      expect(comment).toMatchObject({
        author: 'kermit',
        message: 'About this order',
        taskId: null,
        processInstanceId: id,
        url: expect.stringContaining(
          `/process-api/history/historic-process-instances/${id}/comments/${comment.id}`,
        ),
        processInstanceUrl: expect.stringContaining(`/process-api/history/historic-process-instances/${id}`),
      });
      const list = await h.request('GET', path, { as: 'kermit' });
      expect(list.json().map((c: { message: string }) => c.message)).toEqual([
        'on the task',
        'About this order',
      ]);
      expect((await h.request('GET', `${path}/${comment.id}`, { as: 'kermit' })).json()).toEqual(comment);
      const adminComment = (await h.request('POST', path, { body: { message: 'admin here' } })).json();
      expect((await h.request('DELETE', `${path}/${adminComment.id}`, { as: 'kermit' })).statusCode).toBe(
        403,
      );
      expect((await h.request('DELETE', `${path}/${comment.id}`, { as: 'kermit' })).statusCode).toBe(204);
      expect((await h.request('GET', `${path}/${comment.id}`)).statusCode).toBe(404);
    }
  });

  it('refuses an empty message, an unknown instance and a stranger', async () => {
    const { id } = await instance(false);
    // the admin started it and kermit has no part in it
    const path = `${history}/historic-process-instances/${id}/comments`;
    expect((await h.request('GET', path, { as: 'kermit' })).statusCode).toBe(404);
    expect((await h.request('POST', path, { as: 'kermit', body: { message: 'x' } })).statusCode).toBe(404);
    const empty = await h.request('POST', `${history}/historic-process-instances/${id}/comments`, {
      body: { message: '' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().exception).toContain('message');
    expect((await h.request('GET', `${history}/historic-process-instances/nope/comments`)).statusCode).toBe(
      404,
    );
    expect(
      (
        await h.request('POST', `${history}/historic-process-instances/nope/comments`, {
          body: { message: 'x' },
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('identity links history kept', () => {
  it('answers the starter of an instance and the people of an ended task', async () => {
    const { id, taskId } = await instance(false, 'kermit');
    await h.request('POST', `${tasks}/${taskId}/identitylinks`, {
      body: { user: 'gonzo', type: 'participant' },
    });
    await h.request('PUT', `${tasks}/${taskId}`, { body: { owner: 'fozzie', assignee: 'kermit' } });
    await h.request('POST', `${tasks}/${taskId}`, { body: { action: 'complete' } });
    const instanceLinks = await h.request(
      'GET',
      `${history}/historic-process-instances/${id}/identitylinks`,
      {
        as: 'kermit',
      },
    );
    expect(instanceLinks.json()).toEqual([
      {
        type: 'starter',
        userId: 'kermit',
        groupId: null,
        taskId: null,
        taskUrl: null,
        processInstanceId: id,
        processInstanceUrl: expect.stringContaining(`/process-api/history/historic-process-instances/${id}`),
      },
    ]);
    const taskLinks = await h.request('GET', `${history}/historic-task-instances/${taskId}/identitylinks`, {
      as: 'kermit',
    });
    expect(
      taskLinks
        .json()
        .map((l: { type: string; userId: string | null; groupId: string | null }) => [
          l.type,
          l.userId ?? l.groupId,
        ]),
    ).toEqual([
      ['assignee', 'kermit'],
      ['owner', 'fozzie'],
      ['candidate', 'sales'],
      ['participant', 'gonzo'],
    ]);
    expect(taskLinks.json()[0]).toMatchObject({
      taskId,
      taskUrl: expect.stringContaining(`/process-api/history/historic-task-instances/${taskId}`),
      processInstanceId: null,
    });
    expect((await h.request('GET', `${history}/historic-task-instances/nope/identitylinks`)).statusCode).toBe(
      404,
    );
    const other = await instance(true);
    expect(
      (
        await h.request('GET', `${history}/historic-process-instances/${other.id}/identitylinks`, {
          as: 'kermit',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('forgets a link removed from the running task', async () => {
    const { taskId } = await instance(false);
    await h.request('DELETE', `${tasks}/${taskId}/identitylinks/groups/sales/candidate`);
    const links = await h.request('GET', `${history}/historic-task-instances/${taskId}/identitylinks`);
    expect(links.json()).toEqual([]);
  });
});

describe('deleting a deployment with cascade', () => {
  it('also removes the attachments, identity links, comments and task log of its tasks', async () => {
    const deployment = await h.deploy(['http-one-task.bpmn20.xml']);
    const definitions = await h.request(
      'GET',
      `/process-api/repository/process-definitions?deploymentId=${deployment.id as string}`,
    );
    const started = await startInstance(h, { processDefinitionId: definitions.json().data[0].id });
    const taskId = (await h.request('GET', `${tasks}?processInstanceId=${started.id}`)).json().data[0]
      .id as string;
    await h.request('POST', `${tasks}/${taskId}/attachments`, {
      body: { name: 'a', externalUrl: 'https://x.org' },
    });
    await h.request('POST', `${tasks}/${taskId}/comments`, { body: { message: 'task only' } });
    await h.request('POST', `${tasks}/${taskId}`, { body: { action: 'complete' } });
    const removed = await h.request(
      'DELETE',
      `/process-api/repository/deployments/${deployment.id as string}?cascade=true`,
    );
    expect(removed.statusCode).toBe(204);
    for (const sql of [
      `SELECT count(*)::int AS n FROM weir_attachment WHERE task_id = $1`,
      `SELECT count(*)::int AS n FROM weir_comment WHERE task_id = $1`,
      `SELECT count(*)::int AS n FROM weir_hi_identity_link WHERE task_id = $1`,
      `SELECT count(*)::int AS n FROM weir_hi_task_log_entry WHERE task_id = $1`,
    ]) {
      const { rows } = await h.db.query<{ n: number }>(sql, [taskId]);
      expect(rows[0].n).toBe(0);
    }
  });
});
