/**
 * The people and objects of the authorization tests. Besides the HTTP harness's users:
 * `piggy` (access-rest-api) starts the instances and acquires their external job, and `rowlf`
 * (access-rest-api, and deploy-definitions through the group `deployers`) deploys.
 *
 * A world is one fresh deployment of `authz-world.bpmn20.xml` and one instance of it, started
 * by piggy: a task for the sales group (fozzie), an external job piggy holds, a message
 * subscription, a timer job, a comment by admin, statler as a participant, and a user and a
 * group to delete.
 *
 * Each world also has a case of `authz-case.cmmn` (deployed once), started by piggy: its task
 * is for the sales group (fozzie), its milestone is reached, it holds the variable `x`, and
 * statler is a participant.
 */
import { readFile } from 'node:fs/promises';
import type { LightMyRequestResponse } from 'fastify';
import { addMembership, grantPrivilege, insertGroup } from '../../src/persistence/idm-sql.ts';
import {
  addUser,
  basic,
  createHttpHarness,
  fixtureUrl,
  multipart,
  type HttpHarness,
} from '../http/harness.ts';

export const identities = [
  'anonymous',
  'wrongPassword',
  'noPrivilege',
  'outsider',
  'involved',
  'candidate',
  'deployer',
  'admin',
] as const;
export type Identity = (typeof identities)[number];

const credentialsOf: Record<Identity, string | undefined> = {
  anonymous: undefined,
  wrongPassword: basic('kermit', 'not-kermits-password'),
  noPrivilege: basic('gonzo'),
  outsider: basic('kermit'),
  involved: basic('piggy'),
  candidate: basic('fozzie'),
  deployer: basic('rowlf'),
  admin: basic('admin'),
};

export const WORKER = 'piggy-worker';

export interface World {
  deploymentId: string;
  definitionId: string;
  resourceName: string;
  instanceId: string;
  taskId: string;
  executionId: string;
  subscriptionId: string;
  timerJobId: string;
  externalJobId: string;
  commentId: string;
  attachmentId: string;
  instanceCommentId: string;
  /** a content item of the instance, with data, created by admin */
  contentItemId: string;
  /** the instance's conversation, by admin: piggy and the sales group (fozzie) take part */
  conversationId: string;
  /** a message of it, by piggy */
  conversationMessageId: number;

  /** the runtime and history id of `photo`, a binary variable of the instance */
  binaryVariableId: string;
  /** the historic detail that recorded `photo` */
  binaryDetailId: string;
  tempUser: string;
  tempGroup: string;
  /** A user and a group with no privilege, for the grant routes: granting to the matrix's own
   * callers would change what every later entry expects of them. */
  granteeUser: string;
  granteeGroup: string;
  privilegeId: string;
  /** A model with a source, and an engine property an operator set. */
  modelId: string;
  propertyName: string;
  /** A form deployed on its own (each world its own), and a form instance piggy submitted. */
  formDeploymentId: string;
  formDefinitionId: string;
  formInstanceId: string;
  /** piggy's case, its human task's plan item and its reached milestone */
  caseId: string;
  casePlanItemId: string;
  caseMilestoneId: string;
  /** the task of that plan item (for the sales group: fozzie) */
  caseTaskId: string;
}

export interface SecurityHarness extends HttpHarness {
  send(
    as: Identity,
    method: string,
    url: string,
    body?: unknown,
    contentType?: string,
  ): Promise<LightMyRequestResponse>;
  /**
   * A fresh world. `deployment`: a new deployment, else the first world's; `idm`: only a new
   * user, group and privilege grants (no instance), for the idm routes.
   */
  world(options?: { deployment?: boolean; idm?: boolean; forms?: boolean }): Promise<World>;
  deployWorld(as: Identity): Promise<LightMyRequestResponse>;
}

export const createSecurityHarness = async (): Promise<SecurityHarness> => {
  // The matrix sends a wrong password on every route; the login throttle (tested on its own in
  // http-limits.test.ts) would turn those 401s into 429s after ten of them.
  const h = await createHttpHarness({
    limits: { maxLoginFailuresPerUser: 100_000, maxLoginFailuresPerAddress: 100_000 },
  });
  await addUser(h.db, 'piggy', ['access-rest-api']);
  await addUser(h.db, 'rowlf', ['access-rest-api']);
  await insertGroup(h.db, { id: 'deployers', name: 'Deployers', type: 'security-role' });
  await addMembership(h.db, 'deployers', 'rowlf');
  await grantPrivilege(h.db, 'deploy-definitions', { groupId: 'deployers' });
  const xml = await readFile(fixtureUrl('authz-world.bpmn20.xml'));
  const caseXml = await readFile(new URL('../fixtures/cmmn/authz-case.cmmn', import.meta.url));
  let counter = 0;

  const send: SecurityHarness['send'] = (as, method, url, body, contentType) => {
    const credentials = credentialsOf[as];
    return h.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(credentials ? { authorization: credentials } : {}),
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  };
  const json = async (as: Identity, method: string, url: string, body?: unknown) => {
    const response = await send(as, method, url, body);
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const deployWorld = (as: Identity) => {
    const { payload, contentType } = multipart([{ name: 'authz-world.bpmn20.xml', content: xml }]);
    return send(as, 'POST', '/process-api/repository/deployments', payload, contentType);
  };

  const deployment = async () => {
    const deployed = await deployWorld('admin');
    if (deployed.statusCode !== 201) throw new Error(`deploy: ${deployed.body}`);
    const deploymentId = deployed.json().id as string;
    const definitions = await json(
      'admin',
      'GET',
      `/process-api/repository/process-definitions?deploymentId=${deploymentId}`,
    );
    return { deploymentId, definitionId: definitions.data[0].id as string };
  };

  const idmWorld = async (base: World): Promise<World> => {
    const n = ++counter;
    const tempUser = `temp-user-${n}`;
    const tempGroup = `temp-group-${n}`;
    await json('admin', 'POST', '/idm-api/users', { id: tempUser, password: 'temporary-secret' });
    await json('admin', 'POST', '/idm-api/groups', { id: tempGroup, name: 'Temporary' });
    await json('admin', 'POST', `/idm-api/groups/${tempGroup}/members`, { userId: tempUser });
    const granteeUser = `temp-grantee-${n}`;
    const granteeGroup = `temp-grantees-${n}`;
    await json('admin', 'POST', '/idm-api/users', { id: granteeUser, password: 'temporary-secret' });
    await json('admin', 'POST', '/idm-api/groups', { id: granteeGroup, name: 'Grantees' });
    const privileges = (await json('admin', 'GET', '/idm-api/privileges')).data as {
      id: string;
      name: string;
    }[];
    const privilegeId = privileges.find((p) => p.name === 'deploy-definitions')!.id;
    await json('admin', 'POST', `/idm-api/privileges/${privilegeId}/users`, { userId: tempUser });
    await json('admin', 'POST', `/idm-api/privileges/${privilegeId}/groups`, { groupId: tempGroup });
    await json('admin', 'POST', `/process-api/identity/users/${tempUser}/info`, { key: 'desk', value: '4B' });
    const picture = multipart([{ name: 'face.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]) }], {
      mimeType: 'image/png',
    });
    const uploaded = await send(
      'admin',
      'PUT',
      `/process-api/identity/users/${tempUser}/picture`,
      picture.payload,
      picture.contentType,
    );
    if (uploaded.statusCode !== 204) throw new Error(`picture: ${uploaded.body}`);
    return { ...base, tempUser, tempGroup, granteeUser, granteeGroup, privilegeId };
  };

  /** A form of one optional field, deployed by admin; piggy submits it for the instance. */
  const formWorld = async (instanceId: string) => {
    const form = JSON.stringify({ key: 'worldForm', fields: [{ id: 'note', type: 'text' }] });
    const upload = multipart([{ name: 'world.form', content: form }]);
    const deployed = await send(
      'admin',
      'POST',
      '/form-api/form-repository/deployments',
      upload.payload,
      upload.contentType,
    );
    if (deployed.statusCode !== 201) throw new Error(`form deployment: ${deployed.body}`);
    const formDeploymentId = deployed.json().id as string;
    const forms = await json(
      'admin',
      'GET',
      `/form-api/form-repository/form-definitions?deploymentId=${formDeploymentId}`,
    );
    const formDefinitionId = forms.data[0].id as string;
    const submitted = await send('involved', 'POST', '/form-api/form/form-instances', {
      formDefinitionId,
      processInstanceId: instanceId,
      variables: { note: 'filled by piggy' },
    });
    if (submitted.statusCode !== 200) throw new Error(`form instance: ${submitted.body}`);
    const instances = await json(
      'admin',
      'GET',
      `/form-api/form/form-instances?processInstanceId=${instanceId}`,
    );
    return { formDeploymentId, formDefinitionId, formInstanceId: instances.data[0].id as string };
  };

  /** Older worlds' jobs may be acquirable again (a worker released them): acquire until ours comes. */
  const acquireJobOf = async (instanceId: string): Promise<string> => {
    for (let round = 0; round < 20; round++) {
      const acquired = (await json('involved', 'POST', '/external-job-api/acquire/jobs', {
        topic: 'authz',
        lockDuration: 'PT1H',
        numberOfTasks: 100,
        workerId: WORKER,
      })) as { id: string; processInstanceId: string }[];
      const ours = acquired.find((j) => j.processInstanceId === instanceId);
      if (ours) return ours.id;
      if (acquired.length === 0) break;
    }
    throw new Error('the world has no external job');
  };

  let caseDefinitionId: string | undefined;
  /** A case of piggy's (the case definition deployed by admin on the first call). */
  const caseWorld = async () => {
    if (!caseDefinitionId) {
      const upload = multipart([{ name: 'authz-case.cmmn', content: caseXml }]);
      const deployed = await send(
        'admin',
        'POST',
        '/cmmn-api/cmmn-repository/deployments',
        upload.payload,
        upload.contentType,
      );
      if (deployed.statusCode !== 201) throw new Error(`case deployment: ${deployed.body}`);
      const definitions = await json(
        'admin',
        'GET',
        `/cmmn-api/cmmn-repository/case-definitions?deploymentId=${deployed.json().id}`,
      );
      caseDefinitionId = definitions.data[0].id as string;
    }
    const started = await json('involved', 'POST', '/cmmn-api/cmmn-runtime/case-instances', {
      caseDefinitionId,
      variables: [{ name: 'x', value: 1 }],
    });
    const caseId = started.id as string;
    const items = await json(
      'admin',
      'GET',
      `/cmmn-api/cmmn-runtime/plan-item-instances?caseInstanceId=${caseId}&planItemDefinitionType=humantask`,
    );
    const milestones = await json(
      'admin',
      'GET',
      `/cmmn-api/cmmn-history/historic-milestone-instances?caseInstanceId=${caseId}`,
    );
    const tasks = await json('admin', 'GET', `/cmmn-api/cmmn-runtime/tasks?caseInstanceId=${caseId}`);
    await json('admin', 'POST', `/cmmn-api/cmmn-runtime/case-instances/${caseId}/identitylinks`, {
      user: 'statler',
      type: 'participant',
    });
    return {
      caseId,
      casePlanItemId: items.data[0].id as string,
      caseMilestoneId: milestones.data[0].id as string,
      caseTaskId: tasks.data[0].id as string,
    };
  };

  let first: World | undefined;

  const world = async (
    options: { deployment?: boolean; idm?: boolean; forms?: boolean } = {},
  ): Promise<World> => {
    if (first && options.idm) return idmWorld(first);
    const { deploymentId, definitionId } = first && !options.deployment ? first : await deployment();
    const instance = await json('involved', 'POST', '/process-api/runtime/process-instances', {
      processDefinitionId: definitionId,
      variables: [{ name: 'secret', value: 'the cake is a lie' }],
    });
    const instanceId = instance.id as string;
    const tasks = await json('admin', 'GET', `/process-api/runtime/tasks?processInstanceId=${instanceId}`);
    const subscriptions = await json(
      'admin',
      'GET',
      `/process-api/runtime/event-subscriptions?processInstanceId=${instanceId}`,
    );
    const timers = await json(
      'admin',
      'GET',
      `/process-api/management/timer-jobs?processInstanceId=${instanceId}`,
    );
    const externalJobId = await acquireJobOf(instanceId);
    const taskId = tasks.data[0].id as string;
    const comment = await json('admin', 'POST', `/process-api/runtime/tasks/${taskId}/comments`, {
      message: 'Checked by admin',
    });
    const model = await json('admin', 'POST', '/process-api/repository/models', { name: 'World model' });
    const source = multipart([{ name: 'model.json', content: '{"modelType":"bpmn"}' }]);
    const sourced = await send(
      'admin',
      'PUT',
      `/process-api/repository/models/${model.id}/source`,
      source.payload,
      source.contentType,
    );
    if (sourced.statusCode !== 204) throw new Error(`model source: ${sourced.body}`);
    const propertyName = `world.${instanceId}`;
    const property = await send('admin', 'POST', '/process-api/management/engine-properties', {
      name: propertyName,
      value: 'x',
    });
    if (property.statusCode !== 201) throw new Error(`engine property: ${property.body}`);

    // statler (no user of the tests) is involved, so that removing a link has one to remove
    await json('admin', 'POST', `/process-api/runtime/process-instances/${instanceId}/identitylinks`, {
      user: 'statler',
      type: 'participant',
    });

    const attachment = await json('admin', 'POST', `/process-api/runtime/tasks/${taskId}/attachments`, {
      name: 'Spec',
      externalUrl: 'https://example.org/spec',
    });
    const document = multipart([{ name: 'spec.txt', content: 'the spec' }], {
      name: 'spec.txt',
      processInstanceId: instanceId,
    });
    const stored = await send(
      'admin',
      'POST',
      '/content-api/content-service/content-items',
      document.payload,
      document.contentType,
    );
    if (stored.statusCode !== 201) throw new Error(`content item: ${stored.body}`);
    const conversation = await json('admin', 'POST', '/conversation-api/conversations', {
      processInstanceId: instanceId,
      participants: [{ userId: 'piggy' }, { groupId: 'sales' }],
    });
    const message = await json(
      'involved',
      'POST',
      `/conversation-api/conversations/${conversation.id}/messages`,
      {
        text: 'Who takes this one?',
      },
    );
    const instanceComment = await json(
      'admin',
      'POST',
      `/process-api/history/historic-process-instances/${instanceId}/comments`,
      { message: 'Instance checked by admin' },
    );
    const photo = multipart([{ name: 'photo.png', content: 'not really a png' }], { name: 'photo' });
    const uploaded = await send(
      'admin',
      'POST',
      `/process-api/runtime/process-instances/${instanceId}/variables`,
      photo.payload,
      photo.contentType,
    );
    if (uploaded.statusCode !== 201) throw new Error(`binary variable: ${uploaded.body}`);
    const variables = await json(
      'admin',
      'GET',
      `/process-api/runtime/variable-instances?processInstanceId=${instanceId}&variableName=photo`,
    );
    const details = await json(
      'admin',
      'GET',
      `/process-api/history/historic-detail?processInstanceId=${instanceId}&size=100`,
    );
    const made: World = {
      deploymentId,
      definitionId,
      resourceName: 'authz-world.bpmn20.xml',
      instanceId,
      taskId,
      executionId: subscriptions.data[0].executionId,
      subscriptionId: subscriptions.data[0].id,
      timerJobId: timers.data[0].id,
      externalJobId,
      commentId: comment.id,
      attachmentId: attachment.id,
      instanceCommentId: instanceComment.id,
      contentItemId: (stored.json() as { id: string }).id,
      conversationId: conversation.id as string,
      conversationMessageId: message.id as number,

      binaryVariableId: variables.data[0].id,
      binaryDetailId: details.data.find((d: { variable: { name: string } }) => d.variable.name === 'photo')
        .id,
      tempUser: '',
      tempGroup: '',
      granteeUser: '',
      granteeGroup: '',
      privilegeId: '',
      modelId: model.id as string,
      propertyName,
      ...(await caseWorld()),
      // a form deployment and instance of its own only where a form route changes them
      ...(first && !options.forms
        ? {
            formDeploymentId: first.formDeploymentId,
            formDefinitionId: first.formDefinitionId,
            formInstanceId: first.formInstanceId,
          }
        : await formWorld(instanceId)),
    };
    if (first) return made;
    first = await idmWorld(made);
    return first;
  };

  return Object.assign(h, { send, world, deployWorld });
};
