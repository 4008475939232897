/**
 * The CMMN REST API's shapes and status codes, as a Flowable client sees them: deployments and
 * their resources, case definitions (versions, latest, resource data), starting case instances
 * (by key, by id, with a business key, returning variables; refusals), reading, listing,
 * querying and deleting them, plan item instances, tasks, and authentication. After Flowable's
 * CMMN REST tests: `DeploymentCollectionResourceTest`, `DeploymentResourcesResourceTest`,
 * `CaseDefinitionCollectionResourceTest`, `CaseDefinitionResourceTest`,
 * `CaseInstanceCollectionResourceTest`, `CaseInstanceResourceTest`,
 * `CaseInstanceQueryResourceTest`, `PlanItemInstanceResourceTest`, `TaskResourceTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../http/harness.ts';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  caseTasksOf,
  cmmnFixture,
  deployCase,
  planItemOf,
  startCase,
  stillOpen,
  tryStartCase,
  useCmmnFamily,
} from './cmmn-support.ts';
import { listOf, ok, restVariables } from './support.ts';

const { harness } = useCmmnFamily('rest');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

const definitionOf = async (key: string) =>
  (await listOf(h, `${CMMN}/cmmn-repository/case-definitions?key=${key}&latest=true`))[0];

describe('deployments', () => {
  it('deploying a .cmmn answers 201 with the deployment (DeploymentCollectionResourceTest.testGetDeployments)', async () => {
    const response = await deployCase(
      h,
      'shapes.cmmn',
      (await cmmnFixture('rest/restCase.cmmn')).replaceAll('restCase', 'shapesCase'),
    );
    expect(response.statusCode).toBe(201);
    const deployment = response.json();
    expect(deployment).toMatchObject({ name: 'shapes.cmmn', tenantId: '' });
    expect(deployment.url as string).toMatch(
      new RegExp(`/cmmn-api/cmmn-repository/deployments/${deployment.id as string}$`),
    );
    expect(Number.isNaN(Date.parse(deployment.deploymentTime as string))).toBe(false);
  });

  it('a deployment lists its resource as a case definition (DeploymentResourcesResourceTest.testGetDeploymentResources)', async () => {
    const definition = await definitionOf('restCase');
    const resources = (await ok(
      h,
      'GET',
      `${CMMN}/cmmn-repository/deployments/${definition.deploymentId as string}/resources`,
    )) as {
      id: string;
      type: string;
      mediaType: string;
      contentUrl: string;
    }[];
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({ id: 'restCase.cmmn', type: 'caseDefinition' });
    expect(resources[0].contentUrl).toContain('/resourcedata/restCase.cmmn');
  });

  it('the resource data is the deployed XML (DeploymentResourceResourceTest.testGetDeploymentResourceContent)', async () => {
    const definition = await definitionOf('restCase');
    const response = await h.request(
      'GET',
      `${CMMN}/cmmn-repository/deployments/${definition.deploymentId as string}/resourcedata/restCase.cmmn`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(await cmmnFixture('rest/restCase.cmmn'));
  });

  it('an unknown deployment is a 404 (DeploymentResourceTest.testGetUnexistingDeployment)', async () => {
    const response = await h.request('GET', `${CMMN}/cmmn-repository/deployments/no-such-deployment`);
    expect(response.statusCode).toBe(404);
  });

  it('deleting a deployment answers 204, and its case definition is gone (DeploymentResourceTest.testDeleteDeployment)', async () => {
    const response = await deployCase(
      h,
      'gone.cmmn',
      (await cmmnFixture('rest/restCase.cmmn')).replaceAll('restCase', 'goneCase'),
    );
    const deploymentId = response.json().id as string;
    expect(
      (await h.request('DELETE', `${CMMN}/cmmn-repository/deployments/${deploymentId}`)).statusCode,
    ).toBe(204);
    expect((await h.request('GET', `${CMMN}/cmmn-repository/deployments/${deploymentId}`)).statusCode).toBe(
      404,
    );
    expect(await listOf(h, `${CMMN}/cmmn-repository/case-definitions?key=goneCase`)).toHaveLength(0);
  });

  it('a deployment without a file is a 400, and nothing is deployed (DeploymentCollectionResourceTest)', async () => {
    const { payload, contentType } = multipart([], { tenantId: '' });
    const before = await listOf(h, `${CMMN}/cmmn-repository/deployments?size=1000`);
    const response = await h.request('POST', `${CMMN}/cmmn-repository/deployments`, {
      body: payload,
      headers: { 'content-type': contentType },
    });
    expect(response.statusCode).toBe(400);
    expect(await listOf(h, `${CMMN}/cmmn-repository/deployments?size=1000`)).toHaveLength(before.length);
  });
});

describe('case definitions', () => {
  it('a case definition has its key, name, version 1, deployment and resource (CaseDefinitionResourceTest.testGetCaseDefinition)', async () => {
    const definition = await definitionOf('restCase');
    expect(definition).toMatchObject({ key: 'restCase', name: 'REST case', version: 1, tenantId: '' });
    const single = await ok(h, 'GET', `${CMMN}/cmmn-repository/case-definitions/${definition.id as string}`);
    expect(single).toMatchObject({
      id: definition.id,
      key: 'restCase',
      deploymentId: definition.deploymentId,
    });
    expect(single.resource as string).toContain('restCase.cmmn');
    expect(decodeURIComponent(single.url as string)).toContain(
      `/cmmn-api/cmmn-repository/case-definitions/${definition.id as string}`,
    );
  });

  it('deploying the same key again makes version 2 the latest (CaseDefinitionCollectionResourceTest.testGetCaseDefinitions)', async () => {
    const xml = (await cmmnFixture('rest/restCase.cmmn')).replaceAll('restCase', 'versionedCase');
    await deployCase(h, 'v1.cmmn', xml);
    await deployCase(h, 'v2.cmmn', xml.replace('name="REST case"', 'name="REST case v2"'));
    const all = await listOf(h, `${CMMN}/cmmn-repository/case-definitions?key=versionedCase&sort=version`);
    expect(all.map((row) => row.version)).toEqual([1, 2]);
    const latest = await listOf(h, `${CMMN}/cmmn-repository/case-definitions?key=versionedCase&latest=true`);
    expect(latest.map((row) => row.version)).toEqual([2]);
  });

  it('a case starts from the latest version of its key (CaseInstanceCollectionResourceTest.testStartCase)', async () => {
    const xml = (await cmmnFixture('rest/restCase.cmmn')).replaceAll('restCase', 'latestCase');
    await deployCase(h, 'l1.cmmn', xml);
    await deployCase(h, 'l2.cmmn', xml);
    const latest = await definitionOf('latestCase');
    expect((await startCase(h, 'latestCase')).caseDefinitionId).toBe(latest.id);
  });

  it('case definitions can be listed by deployment (CaseDefinitionCollectionResourceTest)', async () => {
    const definition = await definitionOf('restOther');
    const rows = await listOf(
      h,
      `${CMMN}/cmmn-repository/case-definitions?deploymentId=${definition.deploymentId as string}`,
    );
    expect(rows.map((row) => row.key)).toEqual(['restOther']);
  });

  it('the case definition’s resource data is its XML (CaseDefinitionResourceTest.testGetProcessDefinitionResourceData)', async () => {
    const definition = await definitionOf('restOther');
    const response = await h.request(
      'GET',
      `${CMMN}/cmmn-repository/case-definitions/${definition.id as string}/resourcedata`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<case id="restOther"');
  });

  it('an unknown case definition is a 404 (CaseDefinitionResourceTest.testGetUnexistingCaseDefinition)', async () => {
    const response = await h.request('GET', `${CMMN}/cmmn-repository/case-definitions/no-such-definition`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toHaveProperty('message');
  });
});

describe('starting case instances', () => {
  it('a started case answers 201 with Flowable’s case instance shape (CaseInstanceCollectionResourceTest.testStartCase)', async () => {
    const response = await tryStartCase(h, 'restCase', {}, { businessKey: 'bk-1' });
    expect(response.statusCode).toBe(201);
    const instance = response.json();
    expect(instance).toMatchObject({
      businessKey: 'bk-1',
      startUserId: 'admin',
      state: 'active',
      ended: false,
      completed: false,
      caseDefinitionName: 'REST case',
      tenantId: '',
      parentId: null,
    });
    expect(instance.url as string).toMatch(
      new RegExp(`/cmmn-api/cmmn-runtime/case-instances/${instance.id as string}$`),
    );
    expect(decodeURIComponent(instance.caseDefinitionUrl as string)).toContain(
      instance.caseDefinitionId as string,
    );
  });

  it('a case can be started by its definition id (CaseInstanceCollectionResourceTest.testStartCaseUsingDefinitionId)', async () => {
    const definition = await definitionOf('restOther');
    const response = await h.request('POST', `${CMMN}/cmmn-runtime/case-instances`, {
      body: { caseDefinitionId: definition.id },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().caseDefinitionId).toBe(definition.id);
  });

  it('returnVariables gives the case variables back (CaseInstanceCollectionResourceTest.testStartCaseWithVariables)', async () => {
    const instance = await startCase(h, 'restCase', { colour: 'green', count: 4 }, { returnVariables: true });
    const variables = Object.fromEntries(
      (instance.variables as { name: string; value: unknown }[]).map((variable) => [
        variable.name,
        variable.value,
      ]),
    );
    expect(variables).toMatchObject({ colour: 'green', count: 4 });
  });

  it('an unknown case definition key is refused and nothing starts (CaseInstanceCollectionResourceTest.testStartCaseExceptions)', async () => {
    const response = await tryStartCase(h, 'noSuchCase');
    expect(response.statusCode).toBe(400);
    expect(response.json().exception as string).toContain('noSuchCase');
  });

  it('naming both a definition id and a key is a 400 (CaseInstanceCollectionResourceTest)', async () => {
    const definition = await definitionOf('restCase');
    const response = await h.request('POST', `${CMMN}/cmmn-runtime/case-instances`, {
      body: { caseDefinitionId: definition.id, caseDefinitionKey: 'restCase' },
    });
    expect(response.statusCode).toBe(400);
  });

  it('naming neither is a 400 (CaseInstanceCollectionResourceTest)', async () => {
    const response = await h.request('POST', `${CMMN}/cmmn-runtime/case-instances`, {
      body: { businessKey: 'x' },
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('reading, listing and deleting case instances', () => {
  it('a case instance can be read by its id (CaseInstanceResourceTest.testGetCaseInstance)', async () => {
    const started = await startCase(h, 'restCase');
    const single = await ok(h, 'GET', `${CMMN}/cmmn-runtime/case-instances/${started.id as string}`);
    expect(single).toMatchObject({
      id: started.id,
      caseDefinitionId: started.caseDefinitionId,
      state: 'active',
    });
  });

  it('an unknown case instance is a 404 with Flowable’s error body (CaseInstanceResourceTest.testGetUnexistingCaseInstance)', async () => {
    const response = await h.request('GET', `${CMMN}/cmmn-runtime/case-instances/no-such-case`);
    expect(response.statusCode).toBe(404);
    expect(Object.keys(response.json()).sort()).toEqual(['exception', 'message']);
  });

  it('case instances are listed by definition key in the list envelope (CaseInstanceCollectionResourceTest.testGetCaseInstances)', async () => {
    await startCase(h, 'restOther');
    const response = await ok(h, 'GET', `${CMMN}/cmmn-runtime/case-instances?caseDefinitionKey=restOther`);
    expect(response).toMatchObject({ start: 0, sort: 'id', order: 'asc' });
    expect(response.total).toBeGreaterThanOrEqual(1);
    expect(
      (response.data as { caseDefinitionId: string }[]).every((row) => row.caseDefinitionId.length > 0),
    ).toBe(true);
  });

  it('case instances are listed by business key (CaseInstanceCollectionResourceTest.testGetCaseInstances)', async () => {
    const started = await startCase(h, 'restCase', {}, { businessKey: 'unique-bk-42' });
    const rows = await listOf(h, `${CMMN}/cmmn-runtime/case-instances?businessKey=unique-bk-42`);
    expect(rows.map((row) => row.id)).toEqual([started.id]);
  });

  it('the query body finds case instances by a variable value (CaseInstanceQueryResourceTest.testQueryCaseInstancesWithVariables)', async () => {
    const started = await startCase(h, 'restCase', { city: 'query-city-1' });
    await startCase(h, 'restCase', { city: 'query-city-2' });
    const response = await ok(h, 'POST', `${CMMN}/cmmn-query/case-instances`, {
      caseDefinitionKey: 'restCase',
      variables: [{ name: 'city', value: 'query-city-1', operation: 'equals', type: 'string' }],
    });
    expect((response.data as { id: string }[]).map((row) => row.id)).toEqual([started.id]);
  });

  it('an unknown sort field is a 400 (CaseInstanceCollectionResourceTest)', async () => {
    const response = await h.request('GET', `${CMMN}/cmmn-runtime/case-instances?sort=noSuchField`);
    expect(response.statusCode).toBe(400);
  });

  it('deleting a case instance answers 204 and removes its tasks (CaseInstanceResourceTest.testDeleteCaseInstance)', async () => {
    const started = await startCase(h, 'restCase');
    const before = await caseTasksOf(h, started.id as string);
    expect(before).toHaveLength(1);
    const response = await h.request('DELETE', `${CMMN}/cmmn-runtime/case-instances/${started.id as string}`);
    expect(response.statusCode).toBe(204);
    expect(
      (await h.request('GET', `${CMMN}/cmmn-runtime/case-instances/${started.id as string}`)).statusCode,
    ).toBe(404);
    expect(await stillOpen(h, before)).toEqual([]);
  });

  it('deleting an unknown case instance is a 404 (CaseInstanceResourceTest.testDeleteUnexistingCaseInstance)', async () => {
    const response = await h.request('DELETE', `${CMMN}/cmmn-runtime/case-instances/no-such-case`);
    expect(response.statusCode).toBe(404);
  });
});

describe('plan item instances and tasks', () => {
  it('a plan item instance has Flowable’s fields (PlanItemInstanceResourceTest.testGetPlanItemInstance)', async () => {
    const started = await startCase(h, 'restCase');
    const item = await planItemOf(h, started.id as string, 'taskItem');
    const single = await ok(h, 'GET', `${CMMN}/cmmn-runtime/plan-item-instances/${item.id}`);
    expect(single).toMatchObject({
      id: item.id,
      name: 'Handle',
      caseInstanceId: started.id,
      caseDefinitionId: started.caseDefinitionId,
      planItemDefinitionId: 'handle',
      planItemDefinitionType: 'humantask',
      elementId: 'taskItem',
      state: 'active',
      stage: false,
      stageInstanceId: null,
      tenantId: '',
    });
    for (const field of ['url', 'caseInstanceUrl', 'caseDefinitionUrl', 'createTime', 'lastStartedTime'])
      expect(single[field], field).toBeTruthy();
  });

  it('an unknown plan item instance is a 404 (PlanItemInstanceResourceTest.testGetUnexistingPlanItemInstance)', async () => {
    const response = await h.request('GET', `${CMMN}/cmmn-runtime/plan-item-instances/no-such-item`);
    expect(response.statusCode).toBe(404);
  });

  it('a human task’s plan item refers to its task (PlanItemInstanceResourceTest.testGetEndedPlanItems)', async () => {
    const started = await startCase(h, 'restCase');
    const item = await planItemOf(h, started.id as string, 'taskItem');
    const [task] = await caseTasksOf(h, started.id as string);
    const single = await ok(h, 'GET', `${CMMN}/cmmn-runtime/plan-item-instances/${item.id}`);
    expect(single.referenceId).toBe(task.id);
  });

  it('plan item instances can be filtered by definition type and state (PlanItemInstanceCollectionResourceTest)', async () => {
    const started = await startCase(h, 'restCase');
    const rows = await listOf(
      h,
      `${CMMN}/cmmn-runtime/plan-item-instances?caseInstanceId=${started.id as string}&planItemDefinitionType=humantask&state=active`,
    );
    expect(rows.map((row) => row.elementId)).toEqual(['taskItem']);
  });

  it('an unknown task is a 404 (TaskResourceTest.testActionsUnexistingTask)', async () => {
    const response = await h.request('GET', `${CMMN}/cmmn-runtime/tasks/no-such-task`);
    expect(response.statusCode).toBe(404);
  });

  it('updating a case task’s assignee and priority shows in the task (TaskResourceTest.testUpdateTask)', async () => {
    const started = await startCase(h, 'restCase');
    const [task] = await caseTasksOf(h, started.id as string);
    await ok(h, 'PUT', `${CMMN}/cmmn-runtime/tasks/${task.id}`, { assignee: 'fozzie', priority: 12 });
    const [updated] = await caseTasksOf(h, started.id as string);
    expect(updated).toMatchObject({ assignee: 'fozzie', priority: 12 });
  });

  it('tasks can be listed by case definition (TaskCollectionResourceTest)', async () => {
    const started = await startCase(h, 'restOther');
    const rows = await listOf(
      h,
      `${CMMN}/cmmn-runtime/tasks?caseDefinitionId=${started.caseDefinitionId as string}&size=100`,
    );
    expect(rows.map((row) => row.caseInstanceId)).toContain(started.id);
  });
});

describe('authentication', () => {
  it('the CMMN API needs credentials (BaseSpringRestTestCase: 401 without authentication)', async () => {
    const response = await h.request('GET', `${CMMN}/cmmn-runtime/case-instances`, { as: null });
    expect(response.statusCode).toBe(401);
  });

  it('a user without the REST API privilege is refused (BaseSpringRestTestCase: 403)', async () => {
    const response = await h.request('GET', `${CMMN}/cmmn-runtime/case-instances`, { as: 'gonzo' });
    expect(response.statusCode).toBe(403);
  });

  it('a REST API user may start a case (CaseInstanceCollectionResourceTest)', async () => {
    const response = await h.request('POST', `${CMMN}/cmmn-runtime/case-instances`, {
      as: 'fozzie',
      body: { caseDefinitionKey: 'restCase', variables: restVariables({ who: 'fozzie' }) },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().startUserId).toBe('fozzie');
  });
});
