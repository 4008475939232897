/**
 * The security review's findings (issue 13), each as the attack it was, and what the lists
 * show to whom. The matrix over every route is `authorization-matrix.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecurityHarness, WORKER, type SecurityHarness, type World } from './world.ts';

let h: SecurityHarness;
let w: World;
beforeAll(async () => {
  h = await createSecurityHarness();
  w = await h.world();
}, 120_000);
afterAll(() => h.close());

const P = '/process-api';
const instanceUrl = (id: string) => `${P}/runtime/process-instances/${id}`;

describe("the review's findings", () => {
  it("a REST user can neither read nor overwrite another user's instance variables", async () => {
    const { instanceId } = await h.world();
    const read = await h.send('outsider', 'GET', `${instanceUrl(instanceId)}/variables/secret`);
    expect(read.statusCode).toBe(404);
    expect(read.body).not.toContain('the cake is a lie');
    expect((await h.send('outsider', 'GET', `${instanceUrl(instanceId)}/variables`)).statusCode).toBe(404);
    const overwrite = await h.send('outsider', 'PUT', `${instanceUrl(instanceId)}/variables/secret`, {
      name: 'secret',
      value: 'pwned',
    });
    expect(overwrite.statusCode).toBe(404);
    const overwriteAll = await h.send('outsider', 'PUT', `${instanceUrl(instanceId)}/variables`, [
      { name: 'secret', value: 'pwned' },
    ]);
    expect(overwriteAll.statusCode).toBe(404);
    const stored = await h.send('admin', 'GET', `${instanceUrl(instanceId)}/variables/secret`);
    expect(stored.json().value).toBe('the cake is a lie');
    // the starter reads and writes them
    const own = await h.send('involved', 'PUT', `${instanceUrl(instanceId)}/variables/secret`, {
      name: 'secret',
      value: 'changed by its starter',
    });
    expect(own.json().value).toBe('changed by its starter');
  });

  it("a REST user cannot delete another user's process instance", async () => {
    const { instanceId } = await h.world();
    const deleted = await h.send('outsider', 'DELETE', instanceUrl(instanceId));
    expect(deleted.statusCode).toBe(404);
    expect(deleted.json().exception).toBe(`Could not find a process instance with id '${instanceId}'.`);
    expect((await h.send('admin', 'GET', instanceUrl(instanceId))).statusCode).toBe(200);
  });

  it("a REST user cannot delete the admin's deployment, with or without cascade", async () => {
    const { deploymentId, instanceId } = await h.world({ deployment: true });
    const url = `${P}/repository/deployments/${deploymentId}`;
    const cascade = await h.send('outsider', 'DELETE', `${url}?cascade=true`);
    expect(cascade.statusCode).toBe(403);
    expect(cascade.json().exception).toBe(`User 'kermit' may not delete deployment '${deploymentId}'`);
    expect((await h.send('involved', 'DELETE', `${url}?cascade=true`)).statusCode).toBe(403);
    expect((await h.send('outsider', 'DELETE', url)).statusCode).toBe(403);
    expect((await h.send('admin', 'GET', url)).statusCode).toBe(200);
    expect((await h.send('admin', 'GET', instanceUrl(instanceId))).statusCode).toBe(200);
    // a holder of deploy-definitions (through a group) may
    expect((await h.send('deployer', 'DELETE', `${url}?cascade=true`)).statusCode).toBe(204);
    expect((await h.send('admin', 'GET', url)).statusCode).toBe(404);
  });

  it("an external worker cannot complete another user's locked job by sending its workerId", async () => {
    const { externalJobId, instanceId } = await h.world();
    const jobUrl = `/external-job-api/acquire/jobs/${externalJobId}`;
    const stolen = await h.send('outsider', 'POST', `${jobUrl}/complete`, { workerId: WORKER });
    expect(stolen.statusCode).toBe(403);
    expect(stolen.json().exception).toContain(`User 'kermit' may not report on external worker job`);
    for (const action of ['fail', 'bpmnError']) {
      const response = await h.send('outsider', 'POST', `${jobUrl}/${action}`, {
        workerId: WORKER,
        ...(action === 'bpmnError' ? { errorCode: 'REFUSED' } : {}),
      });
      expect(response.statusCode).toBe(403);
    }
    expect(
      (
        await h.send('outsider', 'POST', `/external-job-api/unacquire/jobs/${externalJobId}`, {
          workerId: WORKER,
        })
      ).statusCode,
    ).toBe(403);
    // releasing "all of WORKER's jobs" releases none of piggy's
    await h.send('outsider', 'POST', '/external-job-api/unacquire/jobs', { workerId: WORKER });
    const job = await h.send('admin', 'GET', `/external-job-api/jobs/${externalJobId}`);
    expect(job.json().lockOwner).toBe(WORKER);
    // the user who acquired it completes it: the instance moves on past the worker's task
    const done = await h.send('involved', 'POST', `${jobUrl}/complete`, { workerId: WORKER });
    expect(done.statusCode).toBe(204);
    const activities = await h.send(
      'admin',
      'GET',
      `${P}/history/historic-activity-instances?processInstanceId=${instanceId}&activityId=work&finished=true`,
    );
    expect(activities.json().total).toBe(1);
  });
});

describe('who starts a definition', () => {
  it('only its candidate starters (users or groups) and admins, when it names any', async () => {
    const start = (as: 'outsider' | 'candidate' | 'deployer') =>
      h.send(as, 'POST', `${P}/runtime/process-instances`, { processDefinitionId: w.definitionId });
    const refused = await start('outsider');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().exception).toBe(
      `User 'kermit' may not start process definition '${w.definitionId}'`,
    );
    expect((await start('deployer')).statusCode).toBe(403);
    const byGroup = await start('candidate');
    expect(byGroup.statusCode).toBe(201);
    expect(byGroup.json().startUserId).toBe('fozzie');
  });
});

describe('lists show only what the caller may see', () => {
  const ids = (response: { json(): { data: { id: string }[] } }) => response.json().data.map((r) => r.id);

  it('runtime instances, executions and subscriptions: total counts only visible rows', async () => {
    const all = await h.send('admin', 'GET', `${P}/runtime/process-instances?size=1000`);
    expect(all.json().total).toBeGreaterThan(1);
    const outsider = await h.send('outsider', 'GET', `${P}/runtime/process-instances`);
    expect(outsider.json()).toMatchObject({ total: 0, data: [] });
    const starter = await h.send('involved', 'GET', `${P}/runtime/process-instances?size=1000`);
    expect(ids(starter)).toContain(w.instanceId);
    expect(starter.json().total).toBe(starter.json().data.length);
    const query = await h.send('outsider', 'POST', `${P}/query/process-instances`, {
      processInstanceIds: [w.instanceId],
    });
    expect(query.json().total).toBe(0);
    for (const list of ['executions', 'event-subscriptions']) {
      const mine = await h.send('outsider', 'GET', `${P}/runtime/${list}?processInstanceId=${w.instanceId}`);
      expect(mine.json()).toMatchObject({ total: 0, data: [] });
      const theirs = await h.send(
        'candidate',
        'GET',
        `${P}/runtime/${list}?processInstanceId=${w.instanceId}`,
      );
      expect(theirs.json().total).toBeGreaterThan(0);
    }
  });

  it('history of instances, activities and variables, also after the instance ended', async () => {
    const { instanceId } = await h.world();
    await h.send('admin', 'DELETE', instanceUrl(instanceId));
    const history = (as: 'outsider' | 'involved', list: string) =>
      h.send(as, 'GET', `${P}/history/${list}?processInstanceId=${instanceId}`);
    for (const list of [
      'historic-process-instances',
      'historic-activity-instances',
      'historic-variable-instances',
    ]) {
      expect((await history('outsider', list)).json().total).toBe(0);
      expect((await history('involved', list)).json().total).toBeGreaterThan(0);
    }
    expect(
      (await h.send('outsider', 'GET', `${P}/history/historic-process-instances/${instanceId}`)).statusCode,
    ).toBe(404);
    expect(
      (await h.send('involved', 'GET', `${P}/history/historic-process-instances/${instanceId}`)).statusCode,
    ).toBe(200);
    const queried = await h.send('outsider', 'POST', `${P}/query/historic-process-instances`, {
      processInstanceId: instanceId,
    });
    expect(queried.json().total).toBe(0);
  });

  it('a participant added to a task sees its instance', async () => {
    const { instanceId, taskId } = await h.world();
    expect((await h.send('outsider', 'GET', instanceUrl(instanceId))).statusCode).toBe(404);
    const added = await h.send('admin', 'POST', `${P}/runtime/tasks/${taskId}/identitylinks`, {
      user: 'kermit',
      type: 'participant',
    });
    expect(added.statusCode).toBe(201);
    expect((await h.send('outsider', 'GET', instanceUrl(instanceId))).statusCode).toBe(200);
    const listed = await h.send('outsider', 'GET', `${P}/runtime/process-instances?size=1000`);
    expect(ids(listed)).toEqual([instanceId]);
  });
});
