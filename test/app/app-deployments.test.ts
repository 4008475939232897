/**
 * The app engine over REST: `.app` models and app archives through `/app-api`, their process,
 * decision and form children (Flowable's AppDeployer with the BPMN, DMN and form engine
 * deployers), versions, refusals that leave nothing behind, and the cascading delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, createHttpHarness, multipart, type HttpHarness, type TestUser } from '../http/harness.ts';
import {
  appModel,
  brokenProcess,
  discountTable,
  messageStarted,
  orderArchive,
  orderProcess,
  reviewForm,
  zip,
} from './app-fixtures.ts';

let h: HttpHarness;

beforeAll(async () => {
  h = await createHttpHarness();
});
afterAll(async () => {
  await h?.close();
});

const upload = (
  api: string,
  files: { name: string; content: Buffer | string }[],
  { query = '', as = 'admin' as TestUser | null, fields = {} as Record<string, string> } = {},
) => {
  const { payload, contentType } = multipart(files, fields);
  return h.app.inject({
    method: 'POST',
    url: `${api}${query}`,
    headers: { ...(as ? { authorization: basic(as) } : {}), 'content-type': contentType },
    payload,
  });
};

const deployApp = (files: { name: string; content: Buffer | string }[], options = {}) =>
  upload('/app-api/app-repository/deployments', files, options);

const get = async (url: string) => {
  const response = await h.request('GET', url);
  expect(response.statusCode, url).toBe(200);
  return response.json();
};

/** How many rows each engine's repository lists: what a refused deployment must leave unchanged. */
const repositoryCounts = async () => ({
  apps: (await get('/app-api/app-repository/deployments')).total,
  appDefinitions: (await get('/app-api/app-repository/app-definitions')).total,
  processes: (await get('/process-api/repository/deployments')).total,
  processDefinitions: (await get('/process-api/repository/process-definitions')).total,
  decisions: (await get('/dmn-api/dmn-repository/deployments')).total,
  forms: (await get('/form-api/form-repository/deployments')).total,
});

describe('an app archive', () => {
  let appDeploymentId: string;

  it('deploys its process, decision and form as child deployments of the app deployment (AppDeployer, BpmnDeployer, DmnDeployer)', async () => {
    const response = await deployApp([{ name: 'order-app.zip', content: orderArchive() }]);
    expect(response.statusCode).toBe(201);
    const deployment = response.json();
    appDeploymentId = deployment.id;
    expect(deployment).toMatchObject({ name: 'order-app', category: null, tenantId: '' });
    expect(deployment.url).toMatch(new RegExp(`/app-api/app-repository/deployments/${deployment.id}$`));

    const apps = await get('/app-api/app-repository/app-definitions?key=orderApp');
    expect(apps.data).toEqual([
      expect.objectContaining({
        key: 'orderApp',
        name: 'App orderApp',
        description: 'Orders, their discount and review form',
        version: 1,
        resourceName: 'order.app',
        deploymentId: appDeploymentId,
        tenantId: '',
      }),
    ]);

    const processes = await get(`/process-api/repository/deployments?parentDeploymentId=${appDeploymentId}`);
    expect(processes.data).toHaveLength(1);
    expect(processes.data[0]).toMatchObject({ name: 'order-app', parentDeploymentId: appDeploymentId });
    const processResources = await get(
      `/process-api/repository/deployments/${processes.data[0].id}/resources`,
    );
    expect(processResources.map((r: { id: string }) => r.id)).toEqual(['processes/order.bpmn20.xml']);
    const definitions = await get(
      `/process-api/repository/process-definitions?deploymentId=${processes.data[0].id}`,
    );
    expect(definitions.data.map((d: { key: string }) => d.key)).toEqual(['appOrder']);

    const dmn = await get(`/dmn-api/dmn-repository/deployments?parentDeploymentId=${appDeploymentId}`);
    expect(dmn.data).toEqual([expect.objectContaining({ parentDeploymentId: appDeploymentId })]);
    const decisions = await get(`/dmn-api/dmn-repository/decisions?deploymentId=${dmn.data[0].id}`);
    expect(decisions.data.map((d: { key: string }) => d.key)).toEqual(['orderDiscount']);

    const forms = await get(`/form-api/form-repository/deployments?parentDeploymentId=${appDeploymentId}`);
    expect(forms.data).toEqual([expect.objectContaining({ parentDeploymentId: appDeploymentId })]);
    const formDefinitions = await get(
      `/form-api/form-repository/form-definitions?parentDeploymentId=${appDeploymentId}`,
    );
    expect(formDefinitions.data.map((f: { key: string }) => f.key)).toEqual(['orderReview']);
  });

  it('keeps every resource of the archive, the .app one typed appDefinition', async () => {
    const resources = await get(`/app-api/app-repository/deployments/${appDeploymentId}/resources`);
    expect(resources.map((r: { id: string; type: string }) => [r.id, r.type])).toEqual([
      ['decisions/discount.dmn', 'resource'],
      ['forms/review.form', 'resource'],
      ['order.app', 'appDefinition'],
      ['processes/order.bpmn20.xml', 'resource'],
    ]);
    const one = await get(
      `/app-api/app-repository/deployments/${appDeploymentId}/resources/processes/order.bpmn20.xml`,
    );
    expect(one.contentUrl).toMatch(/\/resourcedata\/processes%2Forder\.bpmn20\.xml$/);
    const data = await h.request(
      'GET',
      `/app-api/app-repository/deployments/${appDeploymentId}/resourcedata/processes/order.bpmn20.xml`,
    );
    expect(data.statusCode).toBe(200);
    expect(data.body).toBe(orderProcess);
    const missing = await h.request(
      'GET',
      `/app-api/app-repository/deployments/${appDeploymentId}/resourcedata/nothing.here`,
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json().exception).toContain("'nothing.here'");
  });

  it("answers the app definition's .app resource and its model with every AppModel field", async () => {
    const [app] = (await get('/app-api/app-repository/app-definitions?key=orderApp')).data;
    const resource = await h.request('GET', `/app-api/app-repository/app-definitions/${app.id}/resourcedata`);
    expect(resource.statusCode).toBe(200);
    expect(resource.headers['content-type']).toContain('application/json');
    expect(resource.body).toBe(appModel('orderApp'));
    expect(await get(`/app-api/app-repository/app-definitions/${app.id}/model`)).toEqual({
      key: 'orderApp',
      name: 'App orderApp',
      description: 'Orders, their discount and review form',
      theme: null,
      icon: null,
      usersAccess: null,
      groupsAccess: null,
    });
  });

  it("starts its process, which decides with the app's own decision and shows the app's own form, though newer versions exist", async () => {
    // newer versions of the decision and the form, deployed on their own
    expect(
      (
        await upload('/dmn-api/dmn-repository/deployments', [
          { name: 'newer.dmn', content: discountTable('0.9') },
        ])
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await upload('/form-api/form-repository/deployments', [
          { name: 'newer.form', content: reviewForm('Review (newer)') },
        ])
      ).statusCode,
    ).toBe(201);

    const started = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 'appOrder', variables: [{ name: 'amount', value: 50 }] },
    });
    expect(started.statusCode).toBe(201);
    const instanceId = started.json().id;
    const rate = await get(`/process-api/runtime/process-instances/${instanceId}/variables/rate`);
    expect(rate.value).toBe(0.1);
    const [task] = (await get(`/process-api/runtime/tasks?processInstanceId=${instanceId}`)).data;
    expect(task.formKey).toBe('orderReview');
    const form = await get(`/process-api/runtime/tasks/${task.id}/form`);
    expect(form.name).toBe('Review (app)');
  });

  it('deploys a new version of the app, its process, decision and form (AppDefinitionVersionTest)', async () => {
    const response = await deployApp([{ name: 'order-app.zip', content: orderArchive('0.3') }], {
      query: '?deploymentName=Orders%20v2',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().name).toBe('Orders v2');
    const all = await get('/app-api/app-repository/app-definitions?key=orderApp&sort=version');
    expect(all.data.map((a: { version: number }) => a.version)).toEqual([1, 2]);
    const latest = await get('/app-api/app-repository/app-definitions?key=orderApp&latest=true');
    expect(latest.data).toEqual([expect.objectContaining({ version: 2, deploymentId: response.json().id })]);
    const processes = await get('/process-api/repository/process-definitions?key=appOrder&latest=true');
    expect(processes.data[0].version).toBe(2);
    const started = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 'appOrder', variables: [{ name: 'amount', value: 5 }] },
    });
    const rate = await get(`/process-api/runtime/process-instances/${started.json().id}/variables/rate`);
    expect(rate.value).toBe(0.3);
  });
});

describe('a refused app deployment', () => {
  it('refuses an archive with a broken BPMN file, naming the file and the element, and writes nothing', async () => {
    const before = await repositoryCounts();
    const response = await deployApp([
      {
        name: 'broken.zip',
        content: orderArchive('0.1', { 'processes/broken.bpmn20.xml': brokenProcess }),
      },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain('processes/broken.bpmn20.xml');
    expect(response.json().exception).toContain('toNowhere');
    expect(await repositoryCounts()).toEqual(before);
  });

  it('rolls the whole app back when an engine refuses while storing: a start message another process owns', async () => {
    const owner = await upload('/process-api/repository/deployments', [
      { name: 'owner.bpmn20.xml', content: messageStarted('messageOwner') },
    ]);
    expect(owner.statusCode).toBe(201);
    const before = await repositoryCounts();
    const response = await deployApp([
      {
        name: 'taken-message.zip',
        content: orderArchive('0.1', { 'processes/second.bpmn20.xml': messageStarted('messageThief') }),
      },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain(
      "listens to message 'orderPlaced', which already starts process 'messageOwner'",
    );
    expect(await repositoryCounts()).toEqual(before);
  });

  it('refuses an archive with a broken decision table or form alike', async () => {
    const before = await repositoryCounts();
    const badDmn = await deployApp([
      { name: 'bad-dmn.zip', content: orderArchive('0.1', { 'decisions/discount.dmn': '<definitions' }) },
    ]);
    expect(badDmn.statusCode).toBe(400);
    expect(badDmn.json().exception).toContain('decisions/discount.dmn');
    const badForm = await deployApp([
      { name: 'bad-form.zip', content: orderArchive('0.1', { 'forms/review.form': '{"name": "no key"}' }) },
    ]);
    expect(badForm.statusCode).toBe(400);
    expect(badForm.json().exception).toContain('forms/review.form');
    expect(await repositoryCounts()).toEqual(before);
  });

  it('deploys a case model of an archive as a child case deployment; one it cannot read is refused by name', async () => {
    const before = await repositoryCounts();
    const broken = await deployApp([
      { name: 'with-case.zip', content: orderArchive('0.1', { 'cases/claim.cmmn': '<definitions/>' }) },
    ]);
    expect(broken.statusCode).toBe(400);
    expect(broken.json().exception).toContain('cases/claim.cmmn');
    expect(await repositoryCounts()).toEqual(before);
    const claimCase = `<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" targetNamespace="t">
      <case id="claimCase"><casePlanModel id="claimPlan"><planItem id="p" definitionRef="h"/>
      <humanTask id="h" name="Handle the claim"/></casePlanModel></case></definitions>`;
    const deployed = await deployApp([
      { name: 'with-case.zip', content: orderArchive('0.1', { 'cases/claim.cmmn': claimCase }) },
    ]);
    expect(deployed.statusCode).toBe(201);
    const children = await h.db.query<{ id: string }>(
      'SELECT id FROM weir_cmmn_deployment WHERE parent_deployment_id = $1',
      [deployed.json().id],
    );
    expect(children.rows).toHaveLength(1);
    const definitions = await h.request(
      'GET',
      `/cmmn-api/cmmn-repository/case-definitions?deploymentId=${children.rows[0].id}`,
    );
    expect(definitions.json().data).toMatchObject([{ key: 'claimCase', version: 1 }]);
    // the app version it added goes again, with its case deployment, for the tests after it
    const removed = await h.request('DELETE', `/app-api/app-repository/deployments/${deployed.json().id}`);
    expect(removed.statusCode).toBe(204);
    expect(await repositoryCounts()).toEqual(before);
  });

  it('refuses an app model without a key, one that is not JSON, and two app models in one archive', async () => {
    const noKey = await deployApp([{ name: 'nokey.app', content: '{"name": "Nameless"}' }]);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().exception).toContain("nokey.app: the app model has no 'key'");
    const notJson = await deployApp([{ name: 'broken.app', content: '{"key": ' }]);
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().exception).toContain('broken.app: the app model is not JSON');
    const two = await deployApp([
      { name: 'two.zip', content: zip({ 'a.app': appModel('a'), 'b.app': appModel('b') }) },
    ]);
    expect(two.statusCode).toBe(400);
    expect(two.json().exception).toContain('a.app, b.app');
  });

  it('refuses a file that is neither an .app nor an archive, as Flowable does', async () => {
    const response = await deployApp([{ name: 'order.bpmn20.xml', content: orderProcess }]);
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toContain("File 'order.bpmn20.xml' must be of type .app, .zip or .bar");
  });

  it('lets only deployers deploy, and nobody without credentials', async () => {
    const app = [{ name: 'x.app', content: appModel('forbidden') }];
    expect((await deployApp(app, { as: 'kermit' })).statusCode).toBe(403);
    expect((await deployApp(app, { as: null })).statusCode).toBe(401);
    expect((await h.request('GET', '/app-api/app-repository/deployments', { as: 'gonzo' })).statusCode).toBe(
      403,
    );
  });
});

describe('an .app file on its own', () => {
  it('is versioned by key within its tenant, and filtered as Flowable filters app definitions', async () => {
    const first = await deployApp([
      { name: 'helpdesk.app', content: appModel('helpdesk', { theme: 'theme-2' }) },
    ]);
    expect(first.statusCode).toBe(201);
    expect(first.json().name).toBe('helpdesk');
    const second = await deployApp([{ name: 'helpdesk.app', content: appModel('helpdesk') }]);
    const tenant = await deployApp([{ name: 'helpdesk.app', content: appModel('helpdesk') }], {
      query: '?tenantId=acme',
    });
    expect(tenant.json().tenantId).toBe('acme');
    const shared = await get(
      '/app-api/app-repository/app-definitions?key=helpdesk&withoutTenantId=true&sort=version&order=desc',
    );
    expect(shared.data.map((a: { version: number }) => a.version)).toEqual([2, 1]);
    const acme = await get('/app-api/app-repository/app-definitions?key=helpdesk&tenantId=acme');
    expect(acme.data).toEqual([expect.objectContaining({ version: 1, tenantId: 'acme' })]);
    expect((await get(`/app-api/app-repository/deployments?tenantId=acme`)).data).toEqual([
      expect.objectContaining({ id: tenant.json().id }),
    ]);
    const [v1] = (await get(`/app-api/app-repository/app-definitions?deploymentId=${first.json().id}`)).data;
    expect((await get(`/app-api/app-repository/app-definitions/${v1.id}/model`)).theme).toBe('theme-2');
    expect(second.statusCode).toBe(201);
  });

  it("sets an app definition's category", async () => {
    const [app] = (
      await get('/app-api/app-repository/app-definitions?key=helpdesk&version=1&withoutTenantId=true')
    ).data;
    const changed = await h.request('PUT', `/app-api/app-repository/app-definitions/${app.id}`, {
      body: { category: 'support' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().category).toBe('support');
    expect((await get(`/app-api/app-repository/app-definitions?category=support`)).data).toEqual([
      expect.objectContaining({ id: app.id }),
    ]);
    const unknown = await h.request('PUT', '/app-api/app-repository/app-definitions/nope', {
      body: { category: 'x' },
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('deleting an app deployment', () => {
  it('deletes its process, decision and form deployments, cancelling running instances and their history', async () => {
    const deployed = await deployApp([{ name: 'doomed.zip', content: orderArchive('0.5') }]);
    const appId = deployed.json().id;
    const started = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 'appOrder', variables: [{ name: 'amount', value: 1 }] },
    });
    const instanceId = started.json().id;
    const [processDeployment] = (await get(`/process-api/repository/deployments?parentDeploymentId=${appId}`))
      .data;
    expect(started.json().processDefinitionId).toContain('appOrder:');

    const deleted = await h.request('DELETE', `/app-api/app-repository/deployments/${appId}`);
    expect(deleted.statusCode).toBe(204);

    expect((await h.request('GET', `/app-api/app-repository/deployments/${appId}`)).statusCode).toBe(404);
    expect((await get(`/app-api/app-repository/app-definitions?deploymentId=${appId}`)).total).toBe(0);
    expect((await get(`/process-api/repository/deployments?parentDeploymentId=${appId}`)).total).toBe(0);
    expect(
      (await h.request('GET', `/process-api/repository/deployments/${processDeployment.id}`)).statusCode,
    ).toBe(404);
    expect((await get(`/dmn-api/dmn-repository/deployments?parentDeploymentId=${appId}`)).total).toBe(0);
    expect((await get(`/form-api/form-repository/deployments?parentDeploymentId=${appId}`)).total).toBe(0);
    expect((await h.request('GET', `/process-api/runtime/process-instances/${instanceId}`)).statusCode).toBe(
      404,
    );
    expect(
      (await h.request('GET', `/process-api/history/historic-process-instances/${instanceId}`)).statusCode,
    ).toBe(404);
    // the earlier versions of the app are untouched
    expect((await get('/app-api/app-repository/app-definitions?key=orderApp')).total).toBe(2);
    expect((await h.request('DELETE', `/app-api/app-repository/deployments/${appId}`)).statusCode).toBe(404);
  });

  it('is for deployers only', async () => {
    const deployed = await deployApp([{ name: 'kept.app', content: appModel('kept') }]);
    const response = await h.request('DELETE', `/app-api/app-repository/deployments/${deployed.json().id}`, {
      as: 'kermit',
    });
    expect(response.statusCode).toBe(403);
    expect(
      (await h.request('GET', `/app-api/app-repository/deployments/${deployed.json().id}`)).statusCode,
    ).toBe(200);
  });
});

describe('a process deployment that carried decisions and forms', () => {
  it('still deletes them with it, now that their parent may be an app deployment too', async () => {
    const response = await upload('/process-api/repository/deployments', [
      { name: 'order.bpmn20.xml', content: orderProcess.replace('id="appOrder"', 'id="plainOrder"') },
      { name: 'discount.dmn', content: discountTable('0.4') },
      { name: 'review.form', content: reviewForm('Review (process)') },
    ]);
    expect(response.statusCode).toBe(201);
    const id = response.json().id;
    expect((await get(`/dmn-api/dmn-repository/deployments?parentDeploymentId=${id}`)).total).toBe(1);
    expect((await get(`/form-api/form-repository/deployments?parentDeploymentId=${id}`)).total).toBe(1);
    expect((await h.request('DELETE', `/process-api/repository/deployments/${id}`)).statusCode).toBe(204);
    expect((await get(`/dmn-api/dmn-repository/deployments?parentDeploymentId=${id}`)).total).toBe(0);
    expect((await get(`/form-api/form-repository/deployments?parentDeploymentId=${id}`)).total).toBe(0);
  });
});

describe('an app archive in a tenant', () => {
  it('gives its children its tenant, and its process deployment its deployment key, as Flowable does', async () => {
    const response = await deployApp([{ name: 'order-app.zip', content: orderArchive('0.2') }], {
      query: '?tenantId=acme&deploymentKey=orders-key',
    });
    expect(response.statusCode).toBe(201);
    const appId = response.json().id;
    expect(response.json().tenantId).toBe('acme');
    const processes = await get(`/process-api/repository/deployments?parentDeploymentId=${appId}`);
    expect(processes.data).toEqual([expect.objectContaining({ tenantId: 'acme', key: 'orders-key' })]);
    const processDefinitions = await get(
      '/process-api/repository/process-definitions?key=appOrder&tenantId=acme',
    );
    expect(processDefinitions.data).toEqual([expect.objectContaining({ version: 1 })]);
    const decisions = await get('/dmn-api/dmn-repository/decisions?key=orderDiscount&tenantId=acme');
    expect(decisions.data).toEqual([expect.objectContaining({ version: 1 })]);
    const forms = await get('/form-api/form-repository/form-definitions?key=orderReview&tenantId=acme');
    expect(forms.data).toEqual([expect.objectContaining({ version: 1 })]);
    const apps = await get('/app-api/app-repository/app-definitions?key=orderApp&tenantId=acme');
    expect(apps.data).toEqual([expect.objectContaining({ version: 1, deploymentId: appId })]);
  });

  it('answers the app engine info', async () => {
    expect(await get('/app-api/app-management/engine')).toMatchObject({ name: 'default', exception: null });
  });
});
