/**
 * The authorization matrix: for every route of the server (method and pattern), a request
 * that exercises it and the status each identity gets. `authorization.test.ts` fails when the
 * server has a route this table lacks, or the table names a route the server no longer has.
 */
import type { World } from './world.ts';
import { WORKER } from './world.ts';

export type Person = 'outsider' | 'involved' | 'candidate' | 'deployer' | 'admin';
type Expected = Record<Person, number>;

/** Before any handler: who is let through the gate at all. */
export type Gate = 'rest' | 'authenticated' | 'open';

export interface RouteCase {
  url: (w: World) => string;
  body?: (w: World) => unknown;
  expect: Expected;
  gate?: Gate;
  /** the multipart deployment upload */
  upload?: true;
}

const row = (outsider: number, involved: number, candidate: number, deployer: number, admin: number) => ({
  outsider,
  involved,
  candidate,
  deployer,
  admin,
});

/** Every REST user (lists come back filtered; see the list tests). */
const anyUser = (s: number) => row(s, s, s, s, s);
/** Admins and holders of deploy-definitions. */
const deployers = (s: number) => row(403, 403, 403, s, s);
const adminsOnly = (s: number) => row(403, 403, 403, 403, s);
/** The case engine's management API: as the process engine's, admins and deployers. */
const caseManagement = deployers;
/** The instance's people: piggy started it, fozzie is a candidate of its task. Others: not found. */
const instancePeople = (s: number) => row(404, s, s, 404, s);
/** The task's people: fozzie (candidate). Piggy started the instance but has no part in the task. */
const taskPeople = (s: number) => row(404, 404, s, 404, s);
/** Changing a task: its assignee or owner; a candidate sees it but may not. */
const taskHolders = (s: number) => row(404, 404, 403, 404, s);
/** An external job: only the user who acquired it (piggy) or an admin. */
const acquirer = (s: number) => row(403, s, 403, 403, s);

const P = '/process-api';
const F = '/form-api';
const instance = (w: World) => `${P}/runtime/process-instances/${w.instanceId}`;
const caseOf = (w: World) => `/cmmn-api/cmmn-runtime/case-instances/${w.caseId}`;
const task = (w: World) => `${P}/runtime/tasks/${w.taskId}`;
const execution = (w: World) => `${P}/runtime/executions/${w.executionId}`;
const ext = '/external-job-api';
const C = '/content-api';
const noSuchJob = 'no-such-job';
const noSuchBatch = 'no-such-batch';

/** idm users and groups: reads for REST users, writes for admins only. */
const idmUsersAndGroups: Record<string, RouteCase> = {
  ['GET /idm-api/users']: { url: () => '/idm-api/users', expect: anyUser(200) },
  ['POST /idm-api/users']: {
    url: () => '/idm-api/users',
    body: (w) => ({ id: `${w.tempUser}-new`, password: 'new-user-secret' }),
    expect: adminsOnly(201),
  },
  ['GET /idm-api/users/:userId']: { url: (w) => `/idm-api/users/${w.tempUser}`, expect: anyUser(200) },
  ['PUT /idm-api/users/:userId']: {
    url: (w) => `/idm-api/users/${w.tempUser}`,
    body: () => ({ firstName: 'Temporary' }),
    expect: adminsOnly(200),
  },
  ['DELETE /idm-api/users/:userId']: { url: (w) => `/idm-api/users/${w.tempUser}`, expect: adminsOnly(204) },
  ['GET /idm-api/groups']: { url: () => '/idm-api/groups', expect: anyUser(200) },
  ['POST /idm-api/groups']: {
    url: () => '/idm-api/groups',
    body: (w) => ({ id: `${w.tempGroup}-new`, name: 'New' }),
    expect: adminsOnly(201),
  },
  ['GET /idm-api/groups/:groupId']: { url: (w) => `/idm-api/groups/${w.tempGroup}`, expect: anyUser(200) },
  ['PUT /idm-api/groups/:groupId']: {
    url: (w) => `/idm-api/groups/${w.tempGroup}`,
    body: () => ({ name: 'Renamed' }),
    expect: adminsOnly(200),
  },
  ['DELETE /idm-api/groups/:groupId']: {
    url: (w) => `/idm-api/groups/${w.tempGroup}`,
    expect: adminsOnly(204),
  },
  ['POST /idm-api/groups/:groupId/members']: {
    url: (w) => `/idm-api/groups/${w.tempGroup}/members`,
    body: (w) => ({ userId: w.granteeUser }),
    expect: adminsOnly(201),
  },
  ['DELETE /idm-api/groups/:groupId/members/:userId']: {
    url: (w) => `/idm-api/groups/${w.tempGroup}/members/${w.tempUser}`,
    expect: adminsOnly(204),
  },
};

const I = `${P}/identity`;

/** The idm users and groups entries, served again under /process-api/identity with the same rules. */
const identityAlias = (): Record<string, RouteCase> =>
  Object.fromEntries(
    Object.entries(idmUsersAndGroups).map(([key, c]) => [
      key.replace(' /idm-api/', ` ${I}/`),
      { ...c, url: (w: World) => c.url(w).replace(/^\/idm-api\//, `${I}/`) },
    ]),
  );

export const routeMatrix: Record<string, RouteCase> = {
  // --- repository ------------------------------------------------------------------------
  [`POST ${P}/repository/deployments`]: {
    url: () => `${P}/repository/deployments`,
    upload: true,
    expect: deployers(201),
  },
  [`GET ${P}/repository/deployments`]: { url: () => `${P}/repository/deployments`, expect: anyUser(200) },
  [`GET ${P}/repository/deployments/:deploymentId`]: {
    url: (w) => `${P}/repository/deployments/${w.deploymentId}`,
    expect: anyUser(200),
  },
  [`DELETE ${P}/repository/deployments/:deploymentId`]: {
    url: (w) => `${P}/repository/deployments/${w.deploymentId}?cascade=true`,
    expect: deployers(204),
  },
  [`GET ${P}/repository/deployments/:deploymentId/resources`]: {
    url: (w) => `${P}/repository/deployments/${w.deploymentId}/resources`,
    expect: anyUser(200),
  },
  [`GET ${P}/repository/deployments/:deploymentId/resources/*`]: {
    url: (w) => `${P}/repository/deployments/${w.deploymentId}/resources/${w.resourceName}`,
    expect: anyUser(200),
  },
  [`GET ${P}/repository/deployments/:deploymentId/resourcedata/*`]: {
    url: (w) => `${P}/repository/deployments/${w.deploymentId}/resourcedata/${w.resourceName}`,
    expect: anyUser(200),
  },
  [`GET ${P}/repository/process-definitions`]: {
    url: () => `${P}/repository/process-definitions`,
    expect: anyUser(200),
  },
  [`GET ${P}/repository/process-definitions/:processDefinitionId`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}`,
    expect: anyUser(200),
  },
  [`PUT ${P}/repository/process-definitions/:processDefinitionId`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}`,
    body: () => ({ action: 'suspend' }),
    expect: deployers(200),
  },
  [`GET ${P}/repository/process-definitions/:processDefinitionId/resourcedata`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/resourcedata`,
    expect: anyUser(200),
  },
  // the world's definition has no start form: every REST user gets as far as that answer
  [`GET ${P}/repository/process-definitions/:processDefinitionId/start-form`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/start-form`,
    expect: anyUser(404),
  },

  // the world's definition is not drawn: every REST user gets as far as Flowable's 400
  [`GET ${P}/repository/process-definitions/:processDefinitionId/image`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/image`,
    expect: anyUser(400),
  },
  [`GET ${P}/repository/process-definitions/:processDefinitionId/model`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/model`,
    expect: anyUser(200),
  },
  [`GET ${P}/repository/process-definitions/:processDefinitionId/decisions`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/decisions`,
    expect: anyUser(200),
  },
  [`GET ${P}/repository/process-definitions/:processDefinitionId/decision-tables`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/decision-tables`,
    expect: anyUser(200),
  },
  [`GET ${P}/repository/process-definitions/:processDefinitionId/form-definitions`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/form-definitions`,
    expect: anyUser(200),
  },
  [`GET ${P}/repository/process-definitions/:processDefinitionId/identitylinks`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/identitylinks`,
    expect: anyUser(200),
  },
  [`POST ${P}/repository/process-definitions/:processDefinitionId/identitylinks`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/identitylinks`,
    body: () => ({ user: 'statler' }),
    expect: deployers(201),
  },
  [`GET ${P}/repository/process-definitions/:processDefinitionId/identitylinks/:family/:identityId`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/identitylinks/groups/sales`,
    expect: anyUser(200),
  },
  [`DELETE ${P}/repository/process-definitions/:processDefinitionId/identitylinks/:family/:identityId`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/identitylinks/groups/sales`,
    expect: deployers(204),
  },

  // --- process instances -------------------------------------------------------------------
  // candidate starters of the world: piggy and the sales group (fozzie)
  [`POST ${P}/runtime/process-instances`]: {
    url: () => `${P}/runtime/process-instances`,
    body: (w) => ({ processDefinitionId: w.definitionId }),
    expect: row(403, 201, 201, 403, 201),
  },
  [`GET ${P}/runtime/process-instances`]: {
    url: () => `${P}/runtime/process-instances`,
    expect: anyUser(200),
  },
  [`GET ${P}/runtime/process-instances/:processInstanceId`]: { url: instance, expect: instancePeople(200) },
  [`DELETE ${P}/runtime/process-instances/:processInstanceId`]: {
    url: instance,
    expect: instancePeople(204),
  },
  [`PUT ${P}/runtime/process-instances/:processInstanceId`]: {
    url: instance,
    body: () => ({ action: 'suspend' }),
    expect: instancePeople(200),
  },
  [`POST ${P}/runtime/process-instances/:processInstanceId/evaluate-conditions`]: {
    url: (w) => `${instance(w)}/evaluate-conditions`,
    expect: instancePeople(200),
  },
  [`GET ${P}/runtime/process-instances/:processInstanceId/identitylinks`]: {
    url: (w) => `${instance(w)}/identitylinks`,
    expect: instancePeople(200),
  },
  // the world is not drawn: its people get as far as Flowable's 400, others not even that
  [`GET ${P}/runtime/process-instances/:processInstanceId/diagram`]: {
    url: (w) => `${instance(w)}/diagram`,
    expect: instancePeople(400),
  },
  [`POST ${P}/runtime/process-instances/:processInstanceId/identitylinks`]: {
    url: (w) => `${instance(w)}/identitylinks`,
    body: () => ({ user: 'waldorf', type: 'participant' }),
    expect: instancePeople(201),
  },
  [`GET ${P}/runtime/process-instances/:processInstanceId/identitylinks/:family/:identityId/:type`]: {
    url: (w) => `${instance(w)}/identitylinks/users/piggy/starter`,
    expect: instancePeople(200),
  },
  [`DELETE ${P}/runtime/process-instances/:processInstanceId/identitylinks/:family/:identityId/:type`]: {
    url: (w) => `${instance(w)}/identitylinks/users/statler/participant`,
    expect: instancePeople(204),
  },
  [`GET ${P}/runtime/process-instances/:processInstanceId/variables`]: {
    url: (w) => `${instance(w)}/variables`,
    expect: instancePeople(200),
  },
  [`POST ${P}/runtime/process-instances/:processInstanceId/variables`]: {
    url: (w) => `${instance(w)}/variables`,
    body: () => [{ name: 'fresh', value: 1 }],
    expect: instancePeople(201),
  },
  [`PUT ${P}/runtime/process-instances/:processInstanceId/variables`]: {
    url: (w) => `${instance(w)}/variables`,
    body: () => [{ name: 'secret', value: 'overwritten' }],
    expect: instancePeople(201),
  },
  [`DELETE ${P}/runtime/process-instances/:processInstanceId/variables`]: {
    url: (w) => `${instance(w)}/variables`,
    expect: instancePeople(204),
  },
  [`GET ${P}/runtime/process-instances/:processInstanceId/variables/:variableName`]: {
    url: (w) => `${instance(w)}/variables/secret`,
    expect: instancePeople(200),
  },
  [`PUT ${P}/runtime/process-instances/:processInstanceId/variables/:variableName`]: {
    url: (w) => `${instance(w)}/variables/secret`,
    body: () => ({ name: 'secret', value: 'overwritten' }),
    expect: instancePeople(200),
  },
  [`DELETE ${P}/runtime/process-instances/:processInstanceId/variables/:variableName`]: {
    url: (w) => `${instance(w)}/variables/secret`,
    expect: instancePeople(204),
  },

  [`GET ${P}/runtime/process-instances/:processInstanceId/variables/:variableName/data`]: {
    url: (w) => `${instance(w)}/variables/photo/data`,
    expect: instancePeople(200),
  },
  [`POST ${P}/runtime/process-instances/:processInstanceId/variables-async`]: {
    url: (w) => `${instance(w)}/variables-async`,
    body: () => [{ name: 'fresh', value: 1 }],
    expect: instancePeople(201),
  },
  [`PUT ${P}/runtime/process-instances/:processInstanceId/variables-async`]: {
    url: (w) => `${instance(w)}/variables-async`,
    body: () => [{ name: 'secret', value: 'overwritten' }],
    expect: instancePeople(201),
  },
  [`PUT ${P}/runtime/process-instances/:processInstanceId/variables-async/:variableName`]: {
    url: (w) => `${instance(w)}/variables-async/secret`,
    body: () => ({ name: 'secret', value: 'overwritten' }),
    expect: instancePeople(204),
  },

  // --- executions, subscriptions, signals ----------------------------------------------------
  [`GET ${P}/runtime/executions`]: { url: () => `${P}/runtime/executions`, expect: anyUser(200) },
  // a broadcast signal, as in Flowable open to every REST user (docs/security.md)
  [`PUT ${P}/runtime/executions`]: {
    url: () => `${P}/runtime/executions`,
    body: () => ({ action: 'signalEventReceived', signalName: 'nobody-listens' }),
    expect: anyUser(204),
  },
  [`GET ${P}/runtime/executions/:executionId`]: {
    url: (w) => `${P}/runtime/executions/${w.executionId}`,
    expect: instancePeople(200),
  },
  [`PUT ${P}/runtime/executions/:executionId`]: {
    url: (w) => `${P}/runtime/executions/${w.executionId}`,
    body: () => ({ action: 'messageEventReceived', messageName: 'poke' }),
    // the execution moves on to the join, where it waits for the other branches
    expect: instancePeople(200),
  },
  [`GET ${P}/runtime/executions/:executionId/activities`]: {
    url: (w) => `${P}/runtime/executions/${w.executionId}/activities`,
    expect: instancePeople(200),
  },
  [`GET ${P}/runtime/executions/:executionId/variables`]: {
    url: (w) => `${P}/runtime/executions/${w.executionId}/variables`,
    expect: instancePeople(200),
  },
  [`POST ${P}/runtime/executions/:executionId/variables`]: {
    url: (w) => `${execution(w)}/variables`,
    body: () => [{ name: 'fresh', value: 1 }],
    expect: instancePeople(201),
  },
  [`PUT ${P}/runtime/executions/:executionId/variables`]: {
    url: (w) => `${execution(w)}/variables`,
    body: () => [{ name: 'secret', value: 'overwritten', scope: 'global' }],
    expect: instancePeople(201),
  },
  [`DELETE ${P}/runtime/executions/:executionId/variables`]: {
    url: (w) => `${execution(w)}/variables`,
    expect: instancePeople(204),
  },
  [`GET ${P}/runtime/executions/:executionId/variables/:variableName`]: {
    url: (w) => `${execution(w)}/variables/secret`,
    expect: instancePeople(200),
  },
  [`PUT ${P}/runtime/executions/:executionId/variables/:variableName`]: {
    url: (w) => `${execution(w)}/variables/secret`,
    body: () => ({ name: 'secret', value: 'overwritten', scope: 'global' }),
    expect: instancePeople(200),
  },
  [`DELETE ${P}/runtime/executions/:executionId/variables/:variableName`]: {
    url: (w) => `${execution(w)}/variables/secret?scope=global`,
    expect: instancePeople(204),
  },
  [`GET ${P}/runtime/executions/:executionId/variables/:variableName/data`]: {
    url: (w) => `${execution(w)}/variables/photo/data`,
    expect: instancePeople(200),
  },
  [`POST ${P}/runtime/executions/:executionId/variables-async`]: {
    url: (w) => `${execution(w)}/variables-async`,
    body: () => [{ name: 'fresh', value: 1 }],
    expect: instancePeople(204),
  },
  [`PUT ${P}/runtime/executions/:executionId/variables-async`]: {
    url: (w) => `${execution(w)}/variables-async`,
    body: () => [{ name: 'fresh', value: 1 }],
    expect: instancePeople(204),
  },
  [`PUT ${P}/runtime/executions/:executionId/variables-async/:variableName`]: {
    url: (w) => `${execution(w)}/variables-async/secret`,
    body: () => ({ name: 'secret', value: 'overwritten', scope: 'global' }),
    expect: instancePeople(204),
  },
  [`GET ${P}/runtime/variable-instances`]: {
    url: () => `${P}/runtime/variable-instances`,
    expect: anyUser(200),
  },
  [`POST ${P}/query/variable-instances`]: {
    url: () => `${P}/query/variable-instances`,
    body: () => ({}),
    expect: anyUser(200),
  },
  [`GET ${P}/runtime/variable-instances/:varInstanceId/data`]: {
    url: (w) => `${P}/runtime/variable-instances/${w.binaryVariableId}/data`,
    expect: instancePeople(200),
  },
  [`POST ${P}/query/executions`]: {
    url: () => `${P}/query/executions`,
    body: () => ({}),
    expect: anyUser(200),
  },
  [`GET ${P}/runtime/activity-instances`]: {
    url: () => `${P}/runtime/activity-instances`,
    expect: anyUser(200),
  },
  [`POST ${P}/query/activity-instances`]: {
    url: () => `${P}/query/activity-instances`,
    body: () => ({}),
    expect: anyUser(200),
  },
  [`GET ${P}/runtime/event-subscriptions`]: {
    url: () => `${P}/runtime/event-subscriptions`,
    expect: anyUser(200),
  },
  [`GET ${P}/runtime/event-subscriptions/:eventSubscriptionId`]: {
    url: (w) => `${P}/runtime/event-subscriptions/${w.subscriptionId}`,
    expect: instancePeople(200),
  },
  [`POST ${P}/runtime/signals`]: {
    url: () => `${P}/runtime/signals`,
    body: () => ({ signalName: 'nobody-listens' }),
    expect: anyUser(204),
  },

  // --- tasks -----------------------------------------------------------------------------------
  [`GET ${P}/runtime/tasks`]: { url: () => `${P}/runtime/tasks`, expect: anyUser(200) },
  [`GET ${P}/runtime/tasks/:taskId`]: { url: task, expect: taskPeople(200) },
  [`PUT ${P}/runtime/tasks/:taskId`]: { url: task, body: () => ({ priority: 80 }), expect: taskHolders(200) },
  // legacy forms: the world's task has no form properties, so submitting completes it
  [`GET ${P}/form/form-data`]: {
    url: (w) => `${P}/form/form-data?taskId=${w.taskId}`,
    expect: taskPeople(200),
  },
  [`POST ${P}/form/form-data`]: {
    url: () => `${P}/form/form-data`,
    body: (w) => ({ taskId: w.taskId, properties: [] }),
    expect: taskPeople(204),
  },
  [`POST ${P}/runtime/tasks/:taskId`]: {
    url: task,
    body: () => ({ action: 'complete' }),
    expect: taskPeople(200),
  },
  [`GET ${P}/runtime/tasks/:taskId/variables`]: {
    url: (w) => `${task(w)}/variables`,
    expect: taskPeople(200),
  },
  [`POST ${P}/runtime/tasks/:taskId/variables`]: {
    url: (w) => `${task(w)}/variables`,
    body: () => [{ name: 'note', value: 'seen' }],
    expect: taskPeople(201),
  },
  [`GET ${P}/runtime/tasks/:taskId/variables/:variableName`]: {
    url: (w) => `${task(w)}/variables/secret?scope=global`,
    expect: taskPeople(200),
  },
  [`PUT ${P}/runtime/tasks/:taskId/variables/:variableName`]: {
    url: (w) => `${task(w)}/variables/secret`,
    body: () => ({ name: 'secret', value: 'overwritten', scope: 'global' }),
    expect: taskPeople(200),
  },
  [`DELETE ${P}/runtime/tasks/:taskId/variables/:variableName`]: {
    url: (w) => `${task(w)}/variables/secret?scope=global`,
    expect: taskPeople(204),
  },
  [`DELETE ${P}/runtime/tasks/:taskId/variables`]: {
    url: (w) => `${task(w)}/variables`,
    expect: taskPeople(204),
  },
  [`GET ${P}/runtime/tasks/:taskId/variables/:variableName/data`]: {
    url: (w) => `${task(w)}/variables/photo/data`,
    expect: taskPeople(200),
  },
  [`GET ${P}/runtime/tasks/:taskId/identitylinks`]: {
    url: (w) => `${task(w)}/identitylinks`,
    expect: taskPeople(200),
  },
  [`POST ${P}/runtime/tasks/:taskId/identitylinks`]: {
    url: (w) => `${task(w)}/identitylinks`,
    body: () => ({ user: 'kermit', type: 'participant' }),
    expect: taskHolders(201),
  },
  [`DELETE ${P}/runtime/tasks/:taskId/identitylinks/:family/:identityId/:type`]: {
    url: (w) => `${task(w)}/identitylinks/groups/sales/candidate`,
    expect: taskHolders(204),
  },
  [`GET ${P}/runtime/tasks/:taskId/comments`]: { url: (w) => `${task(w)}/comments`, expect: taskPeople(200) },
  [`POST ${P}/runtime/tasks/:taskId/comments`]: {
    url: (w) => `${task(w)}/comments`,
    body: () => ({ message: 'Looked at it' }),
    expect: taskPeople(201),
  },
  [`GET ${P}/runtime/tasks/:taskId/comments/:commentId`]: {
    url: (w) => `${task(w)}/comments/${w.commentId}`,
    expect: taskPeople(200),
  },
  // admin wrote the comment: a candidate sees it but only its author (or an admin) deletes it
  [`DELETE ${P}/runtime/tasks/:taskId/comments/:commentId`]: {
    url: (w) => `${task(w)}/comments/${w.commentId}`,
    expect: taskHolders(204),
  },

  [`POST ${P}/runtime/tasks`]: {
    url: () => `${P}/runtime/tasks`,
    body: () => ({ name: 'A task of no process' }),
    expect: anyUser(201),
  },
  [`PUT ${P}/runtime/tasks`]: {
    url: () => `${P}/runtime/tasks`,
    body: (w) => ({ taskIds: [w.taskId], priority: 80 }),
    expect: taskHolders(200),
  },
  // a process task is never deleted over REST: a candidate may not, an admin hears why (403)
  [`DELETE ${P}/runtime/tasks/:taskId`]: { url: task, expect: row(404, 404, 403, 404, 403) },
  [`GET ${P}/runtime/tasks/:taskId/subtasks`]: {
    url: (w) => `${task(w)}/subtasks`,
    expect: taskPeople(200),
  },
  [`GET ${P}/runtime/tasks/:taskId/attachments`]: {
    url: (w) => `${task(w)}/attachments`,
    expect: taskPeople(200),
  },
  [`POST ${P}/runtime/tasks/:taskId/attachments`]: {
    url: (w) => `${task(w)}/attachments`,
    body: () => ({ name: 'Link', externalUrl: 'https://example.org' }),
    expect: taskPeople(201),
  },
  [`GET ${P}/runtime/tasks/:taskId/attachments/:attachmentId`]: {
    url: (w) => `${task(w)}/attachments/${w.attachmentId}`,
    expect: taskPeople(200),
  },
  // admin attached it: a candidate sees it but only its author, the assignee or owner deletes it
  [`DELETE ${P}/runtime/tasks/:taskId/attachments/:attachmentId`]: {
    url: (w) => `${task(w)}/attachments/${w.attachmentId}`,
    expect: taskHolders(204),
  },
  // the world's attachment is a link: those who see it learn it has no content
  [`GET ${P}/runtime/tasks/:taskId/attachments/:attachmentId/content`]: {
    url: (w) => `${task(w)}/attachments/${w.attachmentId}/content`,
    expect: row(404, 404, 404, 404, 404),
  },
  [`GET ${P}/runtime/tasks/:taskId/events`]: { url: (w) => `${task(w)}/events`, expect: taskPeople(200) },
  // a comment is one of the task's events
  [`GET ${P}/runtime/tasks/:taskId/events/:eventId`]: {
    url: (w) => `${task(w)}/events/${w.commentId}`,
    expect: taskPeople(200),
  },
  [`DELETE ${P}/runtime/tasks/:taskId/events/:eventId`]: {
    url: (w) => `${task(w)}/events/${w.commentId}`,
    expect: taskHolders(204),
  },
  [`GET ${P}/runtime/tasks/:taskId/identitylinks/:family`]: {
    url: (w) => `${task(w)}/identitylinks/groups`,
    expect: taskPeople(200),
  },
  [`GET ${P}/runtime/tasks/:taskId/identitylinks/:family/:identityId/:type`]: {
    url: (w) => `${task(w)}/identitylinks/groups/sales/candidate`,
    expect: taskPeople(200),
  },

  // --- queries and history ------------------------------------------------------------------
  [`POST ${P}/query/process-instances`]: {
    url: () => `${P}/query/process-instances`,
    body: () => ({}),
    expect: anyUser(200),
  },
  [`POST ${P}/query/tasks`]: { url: () => `${P}/query/tasks`, body: () => ({}), expect: anyUser(200) },
  [`POST ${P}/query/historic-process-instances`]: {
    url: () => `${P}/query/historic-process-instances`,
    body: () => ({}),
    expect: anyUser(200),
  },
  [`POST ${P}/query/historic-task-instances`]: {
    url: () => `${P}/query/historic-task-instances`,
    body: () => ({}),
    expect: anyUser(200),
  },

  // --- search API: every REST user queries; results are filtered (test/search) --------------
  ...(Object.fromEntries(
    ['tasks', 'process-instances', 'historic-process-instances', 'case-instances'].flatMap((list) => [
      [
        `POST /search-api/query/${list}`,
        { url: () => `/search-api/query/${list}`, body: () => ({}), expect: anyUser(200) },
      ],
      [
        `POST /search-api/counts/${list}`,
        { url: () => `/search-api/counts/${list}`, body: () => ({ groupBy: 'state' }), expect: anyUser(200) },
      ],
    ]),
  ) as Record<string, RouteCase>),
  [`POST ${P}/query/historic-activity-instances`]: {
    url: () => `${P}/query/historic-activity-instances`,
    body: () => ({}),
    expect: anyUser(200),
  },
  [`POST ${P}/query/historic-variable-instances`]: {
    url: () => `${P}/query/historic-variable-instances`,
    body: () => ({}),
    expect: anyUser(200),
  },
  [`GET ${P}/history/historic-detail`]: {
    url: () => `${P}/history/historic-detail`,
    expect: anyUser(200),
  },
  [`POST ${P}/query/historic-detail`]: {
    url: () => `${P}/query/historic-detail`,
    body: () => ({}),
    expect: anyUser(200),
  },
  [`GET ${P}/history/historic-process-instances`]: {
    url: () => `${P}/history/historic-process-instances`,
    expect: anyUser(200),
  },
  [`GET ${P}/history/historic-process-instances/:processInstanceId`]: {
    url: (w) => `${P}/history/historic-process-instances/${w.instanceId}`,
    expect: instancePeople(200),
  },
  [`GET ${P}/history/historic-activity-instances`]: {
    url: () => `${P}/history/historic-activity-instances`,
    expect: anyUser(200),
  },
  [`GET ${P}/history/historic-task-instances`]: {
    url: () => `${P}/history/historic-task-instances`,
    expect: anyUser(200),
  },
  [`GET ${P}/history/historic-task-instances/:taskId`]: {
    url: (w) => `${P}/history/historic-task-instances/${w.taskId}`,
    expect: taskPeople(200),
  },
  [`GET ${P}/history/historic-variable-instances/:varInstanceId/data`]: {
    url: (w) => `${P}/history/historic-variable-instances/${w.binaryVariableId}/data`,
    expect: instancePeople(200),
  },
  [`GET ${P}/history/historic-process-instances/:processInstanceId/variables/:variableName/data`]: {
    url: (w) => `${P}/history/historic-process-instances/${w.instanceId}/variables/photo/data`,
    expect: instancePeople(200),
  },
  [`GET ${P}/history/historic-task-instances/:taskId/variables/:variableName/data`]: {
    url: (w) => `${P}/history/historic-task-instances/${w.taskId}/variables/photo/data`,
    expect: taskPeople(200),
  },
  [`GET ${P}/history/historic-detail/:detailId/data`]: {
    url: (w) => `${P}/history/historic-detail/${w.binaryDetailId}/data`,
    expect: instancePeople(200),
  },
  [`GET ${P}/history/historic-variable-instances`]: {
    url: () => `${P}/history/historic-variable-instances`,
    expect: anyUser(200),
  },

  // --- models: every REST user reads, deployers write ----------------------------------------
  [`GET ${P}/repository/models`]: { url: () => `${P}/repository/models`, expect: anyUser(200) },
  [`POST ${P}/repository/models`]: {
    url: () => `${P}/repository/models`,
    body: () => ({ name: 'New model' }),
    expect: deployers(201),
  },
  [`GET ${P}/repository/models/:modelId`]: {
    url: (w) => `${P}/repository/models/${w.modelId}`,
    expect: anyUser(200),
  },
  [`PUT ${P}/repository/models/:modelId`]: {
    url: (w) => `${P}/repository/models/${w.modelId}`,
    body: () => ({ name: 'Renamed' }),
    expect: deployers(200),
  },
  [`DELETE ${P}/repository/models/:modelId`]: {
    url: (w) => `${P}/repository/models/${w.modelId}`,
    expect: deployers(204),
  },
  [`GET ${P}/repository/models/:modelId/source`]: {
    url: (w) => `${P}/repository/models/${w.modelId}/source`,
    expect: anyUser(200),
  },
  [`PUT ${P}/repository/models/:modelId/source`]: {
    url: (w) => `${P}/repository/models/${w.modelId}/source`,
    upload: true,
    expect: deployers(204),
  },
  [`GET ${P}/repository/models/:modelId/source-extra`]: {
    url: (w) => `${P}/repository/models/${w.modelId}/source-extra`,
    expect: anyUser(404),
  },
  [`PUT ${P}/repository/models/:modelId/source-extra`]: {
    url: (w) => `${P}/repository/models/${w.modelId}/source-extra`,
    upload: true,
    expect: deployers(204),
  },

  // the world's instance is running: those who see it hear that its history cannot go yet (409)
  [`DELETE ${P}/history/historic-process-instances/:processInstanceId`]: {
    url: (w) => `${P}/history/historic-process-instances/${w.instanceId}`,
    expect: instancePeople(409),
  },
  [`POST ${P}/history/historic-process-instances/delete`]: {
    url: () => `${P}/history/historic-process-instances/delete`,
    body: (w) => ({ action: 'delete', instanceIds: [w.instanceId] }),
    expect: instancePeople(409),
  },
  // a candidate sees the task but may not delete its history; an admin hears it is running
  [`DELETE ${P}/history/historic-task-instances/:taskId`]: {
    url: (w) => `${P}/history/historic-task-instances/${w.taskId}`,
    expect: row(404, 404, 403, 404, 409),
  },
  [`GET ${P}/history/historic-process-instances/:processInstanceId/comments`]: {
    url: (w) => `${P}/history/historic-process-instances/${w.instanceId}/comments`,
    expect: instancePeople(200),
  },
  [`POST ${P}/history/historic-process-instances/:processInstanceId/comments`]: {
    url: (w) => `${P}/history/historic-process-instances/${w.instanceId}/comments`,
    body: () => ({ message: 'Seen' }),
    expect: instancePeople(201),
  },
  [`GET ${P}/history/historic-process-instances/:processInstanceId/comments/:commentId`]: {
    url: (w) => `${P}/history/historic-process-instances/${w.instanceId}/comments/${w.instanceCommentId}`,
    expect: instancePeople(200),
  },
  // admin wrote it: the instance's people see it, only its author (or an admin) deletes it
  [`DELETE ${P}/history/historic-process-instances/:processInstanceId/comments/:commentId`]: {
    url: (w) => `${P}/history/historic-process-instances/${w.instanceId}/comments/${w.instanceCommentId}`,
    expect: row(404, 403, 403, 404, 204),
  },
  [`GET ${P}/history/historic-process-instances/:processInstanceId/identitylinks`]: {
    url: (w) => `${P}/history/historic-process-instances/${w.instanceId}/identitylinks`,
    expect: instancePeople(200),
  },
  [`GET ${P}/history/historic-task-instances/:taskId/identitylinks`]: {
    url: (w) => `${P}/history/historic-task-instances/${w.taskId}/identitylinks`,
    expect: taskPeople(200),
  },
  [`GET ${P}/history/historic-task-log-entries`]: {
    url: () => `${P}/history/historic-task-log-entries`,
    expect: anyUser(200),
  },

  // --- management: admins and deployers; ids that do not exist answer 404 past the gate --------
  [`GET ${P}/management/jobs`]: { url: () => `${P}/management/jobs`, expect: deployers(200) },
  [`GET ${P}/management/jobs/:jobId`]: {
    url: () => `${P}/management/jobs/${noSuchJob}`,
    expect: deployers(404),
  },
  [`DELETE ${P}/management/jobs/:jobId`]: {
    url: () => `${P}/management/jobs/${noSuchJob}`,
    expect: deployers(404),
  },
  [`POST ${P}/management/jobs/:jobId`]: {
    url: () => `${P}/management/jobs/${noSuchJob}`,
    body: () => ({ action: 'execute' }),
    expect: deployers(404),
  },
  [`GET ${P}/management/jobs/:jobId/exception-stacktrace`]: {
    url: () => `${P}/management/jobs/${noSuchJob}/exception-stacktrace`,
    expect: deployers(404),
  },
  [`GET ${P}/management/timer-jobs`]: { url: () => `${P}/management/timer-jobs`, expect: deployers(200) },
  [`GET ${P}/management/timer-jobs/:jobId`]: {
    url: (w) => `${P}/management/timer-jobs/${w.timerJobId}`,
    expect: deployers(200),
  },
  [`DELETE ${P}/management/timer-jobs/:jobId`]: {
    url: (w) => `${P}/management/timer-jobs/${w.timerJobId}`,
    expect: deployers(204),
  },
  [`POST ${P}/management/timer-jobs/:jobId`]: {
    url: (w) => `${P}/management/timer-jobs/${w.timerJobId}`,
    body: () => ({ action: 'move' }),
    expect: deployers(204),
  },
  [`GET ${P}/management/timer-jobs/:jobId/exception-stacktrace`]: {
    url: (w) => `${P}/management/timer-jobs/${w.timerJobId}/exception-stacktrace`,
    expect: deployers(404),
  },
  [`GET ${P}/management/deadletter-jobs`]: {
    url: () => `${P}/management/deadletter-jobs`,
    expect: deployers(200),
  },
  [`GET ${P}/management/deadletter-jobs/:jobId`]: {
    url: () => `${P}/management/deadletter-jobs/${noSuchJob}`,
    expect: deployers(404),
  },
  [`DELETE ${P}/management/deadletter-jobs/:jobId`]: {
    url: () => `${P}/management/deadletter-jobs/${noSuchJob}`,
    expect: deployers(404),
  },
  [`POST ${P}/management/deadletter-jobs/:jobId`]: {
    url: () => `${P}/management/deadletter-jobs/${noSuchJob}`,
    body: () => ({ action: 'move' }),
    expect: deployers(404),
  },
  [`GET ${P}/management/deadletter-jobs/:jobId/exception-stacktrace`]: {
    url: () => `${P}/management/deadletter-jobs/${noSuchJob}/exception-stacktrace`,
    expect: deployers(404),
  },
  [`GET ${P}/management/suspended-jobs`]: {
    url: () => `${P}/management/suspended-jobs`,
    expect: deployers(200),
  },
  [`GET ${P}/management/suspended-jobs/:jobId`]: {
    url: () => `${P}/management/suspended-jobs/${noSuchJob}`,
    expect: deployers(404),
  },
  [`DELETE ${P}/management/suspended-jobs/:jobId`]: {
    url: () => `${P}/management/suspended-jobs/${noSuchJob}`,
    expect: deployers(404),
  },
  [`GET ${P}/management/suspended-jobs/:jobId/exception-stacktrace`]: {
    url: () => `${P}/management/suspended-jobs/${noSuchJob}/exception-stacktrace`,
    expect: deployers(404),
  },
  [`GET ${P}/management/engine`]: { url: () => `${P}/management/engine`, expect: deployers(200) },
  [`POST ${P}/management/deadletter-jobs`]: {
    url: () => `${P}/management/deadletter-jobs`,
    body: () => ({ action: 'move', jobIds: [noSuchJob] }),
    expect: deployers(404),
  },
  [`GET ${P}/management/history-jobs`]: { url: () => `${P}/management/history-jobs`, expect: deployers(200) },
  [`GET ${P}/management/history-jobs/:jobId`]: {
    url: () => `${P}/management/history-jobs/${noSuchJob}`,
    expect: deployers(404),
  },
  [`DELETE ${P}/management/history-jobs/:jobId`]: {
    url: () => `${P}/management/history-jobs/${noSuchJob}`,
    expect: deployers(404),
  },
  [`POST ${P}/management/history-jobs/:jobId`]: {
    url: () => `${P}/management/history-jobs/${noSuchJob}`,
    body: () => ({ action: 'execute' }),
    expect: deployers(404),
  },
  // engine properties: deployers read the derived ones; only admins see and change the table
  [`GET ${P}/management/properties`]: { url: () => `${P}/management/properties`, expect: deployers(200) },
  [`GET ${P}/management/engine-properties`]: {
    url: () => `${P}/management/engine-properties`,
    expect: adminsOnly(200),
  },
  [`POST ${P}/management/engine-properties`]: {
    url: () => `${P}/management/engine-properties`,
    body: (w) => ({ name: `created.${w.instanceId}`, value: 'v' }),
    expect: adminsOnly(201),
  },
  [`PUT ${P}/management/engine-properties/:engineProperty`]: {
    url: (w) => `${P}/management/engine-properties/${w.propertyName}`,
    body: () => ({ value: 'changed' }),
    expect: adminsOnly(200),
  },
  [`DELETE ${P}/management/engine-properties/:engineProperty`]: {
    url: (w) => `${P}/management/engine-properties/${w.propertyName}`,
    expect: adminsOnly(204),
  },
  // tables: admins only (rows hold every instance's data)
  [`GET ${P}/management/tables`]: { url: () => `${P}/management/tables`, expect: adminsOnly(200) },
  [`GET ${P}/management/tables/:tableName`]: {
    url: () => `${P}/management/tables/weir_task`,
    expect: adminsOnly(200),
  },
  [`GET ${P}/management/tables/:tableName/columns`]: {
    url: () => `${P}/management/tables/weir_task/columns`,
    expect: adminsOnly(200),
  },
  [`GET ${P}/management/tables/:tableName/data`]: {
    url: () => `${P}/management/tables/weir_task/data`,
    expect: adminsOnly(200),
  },

  // --- operator actions on instances: change state, migration, batches (deployers) ----------
  // (the idm section grants only to users and groups of its own world, so order does not matter)
  [`POST ${P}/runtime/process-instances/:processInstanceId/change-state`]: {
    url: (w) => `${instance(w)}/change-state`,
    body: () => ({ cancelActivityIds: ['poke'], startActivityIds: ['poke'] }),
    expect: deployers(200),
  },
  [`POST ${P}/runtime/executions/:executionId/change-state`]: {
    url: (w) => `${P}/runtime/executions/${w.executionId}/change-state`,
    body: () => ({ startActivityIds: ['poke'] }),
    expect: deployers(200),
  },
  [`POST ${P}/runtime/process-instances/:processInstanceId/inject`]: {
    url: (w) => `${instance(w)}/inject`,
    body: () => ({ injectionType: 'task', name: 'Injected check' }),
    expect: deployers(200),
  },
  [`POST ${P}/runtime/process-instances/:processInstanceId/migrate`]: {
    url: (w) => `${instance(w)}/migrate`,
    body: (w) => ({ toProcessDefinitionId: w.definitionId }),
    expect: deployers(200),
  },
  [`POST ${P}/runtime/process-instances/:processInstanceId/validate-migration`]: {
    url: (w) => `${instance(w)}/validate-migration`,
    body: (w) => ({ toProcessDefinitionId: w.definitionId }),
    expect: deployers(200),
  },
  [`POST ${P}/repository/process-definitions/:processDefinitionId/migrate`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/migrate`,
    // only this world's instance: earlier rows left suspended instances of the shared definition
    body: (w) => ({ toProcessDefinitionId: w.definitionId, processInstanceIdsToMigrate: [w.instanceId] }),
    expect: deployers(200),
  },
  [`POST ${P}/runtime/process-instances/delete`]: {
    url: () => `${P}/runtime/process-instances/delete`,
    body: (w) => ({ action: 'delete', instanceIds: [w.instanceId] }),
    expect: instancePeople(204),
  },
  [`POST ${P}/repository/process-definitions/:processDefinitionId/batch-migrate`]: {
    url: (w) => `${P}/repository/process-definitions/${w.definitionId}/batch-migrate`,
    body: (w) => ({ toProcessDefinitionId: w.definitionId, processInstanceIdsToMigrate: [w.instanceId] }),
    expect: deployers(200),
  },
  [`GET ${P}/management/batches`]: { url: () => `${P}/management/batches`, expect: deployers(200) },
  [`GET ${P}/management/batches/:batchId`]: {
    url: () => `${P}/management/batches/${noSuchBatch}`,
    expect: deployers(404),
  },
  [`DELETE ${P}/management/batches/:batchId`]: {
    url: () => `${P}/management/batches/${noSuchBatch}`,
    expect: deployers(404),
  },
  [`GET ${P}/management/batches/:batchId/batch-document`]: {
    url: () => `${P}/management/batches/${noSuchBatch}/batch-document`,
    expect: deployers(404),
  },
  [`GET ${P}/management/batches/:batchId/summary`]: {
    url: () => `${P}/management/batches/${noSuchBatch}/summary`,
    expect: deployers(404),
  },
  [`GET ${P}/management/batches/:batchId/batch-parts`]: {
    url: () => `${P}/management/batches/${noSuchBatch}/batch-parts`,
    expect: deployers(404),
  },
  [`GET ${P}/management/batch-parts/:batchPartId`]: {
    url: () => `${P}/management/batch-parts/${noSuchBatch}`,
    expect: deployers(404),
  },
  [`GET ${P}/management/batch-parts/:batchPartId/batch-part-document`]: {
    url: () => `${P}/management/batch-parts/${noSuchBatch}/batch-part-document`,
    expect: deployers(404),
  },

  // --- external workers --------------------------------------------------------------------
  [`POST ${ext}/acquire/jobs`]: {
    url: () => `${ext}/acquire/jobs`,
    body: () => ({ topic: 'no-such-topic', lockDuration: 'PT1M', workerId: 'any-worker' }),
    expect: anyUser(200),
  },
  [`POST ${ext}/acquire/jobs/:jobId/complete`]: {
    url: (w) => `${ext}/acquire/jobs/${w.externalJobId}/complete`,
    body: () => ({ workerId: WORKER }),
    expect: acquirer(204),
  },
  [`POST ${ext}/acquire/jobs/:jobId/cmmnTerminate`]: {
    url: (w) => `${ext}/acquire/jobs/${w.externalJobId}/cmmnTerminate`,
    body: () => ({ workerId: WORKER }),
    expect: anyUser(400),
  },
  [`POST ${ext}/acquire/jobs/:jobId/bpmnError`]: {
    url: (w) => `${ext}/acquire/jobs/${w.externalJobId}/bpmnError`,
    body: () => ({ workerId: WORKER, errorCode: 'REFUSED' }),
    expect: acquirer(204),
  },
  [`POST ${ext}/acquire/jobs/:jobId/fail`]: {
    url: (w) => `${ext}/acquire/jobs/${w.externalJobId}/fail`,
    body: () => ({ workerId: WORKER, errorMessage: 'broken' }),
    expect: acquirer(204),
  },
  // releases only the caller's own jobs (see the focused test); always a 204
  [`POST ${ext}/unacquire/jobs`]: {
    url: () => `${ext}/unacquire/jobs`,
    body: () => ({ workerId: WORKER }),
    expect: anyUser(204),
  },
  [`POST ${ext}/unacquire/jobs/:jobId`]: {
    url: (w) => `${ext}/unacquire/jobs/${w.externalJobId}`,
    body: () => ({ workerId: WORKER }),
    expect: acquirer(204),
  },
  [`GET ${ext}/jobs`]: { url: () => `${ext}/jobs`, expect: anyUser(200) },
  [`GET ${ext}/jobs/:jobId`]: { url: (w) => `${ext}/jobs/${w.externalJobId}`, expect: anyUser(200) },

  // --- idm: reads for REST users, writes for admins only (a deployer must not grant itself admin) ---
  ...idmUsersAndGroups,
  ['GET /idm-api/idm-management/engine']: {
    url: () => '/idm-api/idm-management/engine',
    expect: anyUser(200),
  },
  ['GET /idm-api/privileges']: { url: () => '/idm-api/privileges', expect: anyUser(200) },
  ['GET /idm-api/privileges/:privilegeId']: {
    url: (w) => `/idm-api/privileges/${w.privilegeId}`,
    expect: anyUser(200),
  },
  ['GET /idm-api/privileges/:privilegeId/users']: {
    url: (w) => `/idm-api/privileges/${w.privilegeId}/users`,
    expect: anyUser(200),
  },
  ['POST /idm-api/privileges/:privilegeId/users']: {
    url: (w) => `/idm-api/privileges/${w.privilegeId}/users`,
    body: (w) => ({ userId: w.granteeUser }),
    expect: adminsOnly(201),
  },
  ['DELETE /idm-api/privileges/:privilegeId/users/:userId']: {
    url: (w) => `/idm-api/privileges/${w.privilegeId}/users/${w.tempUser}`,
    expect: adminsOnly(204),
  },
  ['GET /idm-api/privileges/:privilegeId/groups']: {
    url: (w) => `/idm-api/privileges/${w.privilegeId}/groups`,
    expect: anyUser(200),
  },
  ['POST /idm-api/privileges/:privilegeId/groups']: {
    url: (w) => `/idm-api/privileges/${w.privilegeId}/groups`,
    body: (w) => ({ groupId: w.granteeGroup }),
    expect: adminsOnly(201),
  },
  ['DELETE /idm-api/privileges/:privilegeId/group/:groupId']: {
    url: (w) => `/idm-api/privileges/${w.privilegeId}/group/${w.tempGroup}`,
    expect: adminsOnly(204),
  },

  // --- /process-api/identity: the idm users and groups again, and a user's info and picture ---
  ...identityAlias(),
  [`GET ${I}/users/:userId/info`]: { url: (w) => `${I}/users/${w.tempUser}/info`, expect: anyUser(200) },
  [`POST ${I}/users/:userId/info`]: {
    url: (w) => `${I}/users/${w.tempUser}/info`,
    body: () => ({ key: 'phone', value: '555-0100' }),
    expect: adminsOnly(201),
  },
  [`GET ${I}/users/:userId/info/:key`]: {
    url: (w) => `${I}/users/${w.tempUser}/info/desk`,
    expect: anyUser(200),
  },
  [`PUT ${I}/users/:userId/info/:key`]: {
    url: (w) => `${I}/users/${w.tempUser}/info/desk`,
    body: () => ({ value: '5C' }),
    expect: adminsOnly(200),
  },
  [`DELETE ${I}/users/:userId/info/:key`]: {
    url: (w) => `${I}/users/${w.tempUser}/info/desk`,
    expect: adminsOnly(204),
  },
  [`GET ${I}/users/:userId/picture`]: {
    url: (w) => `${I}/users/${w.tempUser}/picture`,
    expect: anyUser(200),
  },
  [`PUT ${I}/users/:userId/picture`]: {
    url: (w) => `${I}/users/${w.tempUser}/picture`,
    upload: true,
    expect: adminsOnly(204),
  },

  // --- forms: the form engine's repository and instances (the world's task has no form key) ---
  [`GET ${P}/runtime/tasks/:taskId/form`]: { url: (w) => `${task(w)}/form`, expect: taskPeople(400) },
  [`GET ${P}/history/historic-task-instances/:taskId/form`]: {
    url: (w) => `${P}/history/historic-task-instances/${w.taskId}/form`,
    expect: taskPeople(400),
  },
  // decisions: any REST user runs one (the key names none here); its history is for deployers
  ...Object.fromEntries(
    [
      'execute',
      'execute/single-result',
      'execute-decision',
      'execute-decision/single-result',
      'execute-decision-service',
      'execute-decision-service/single-result',
    ].map((path): [string, RouteCase] => [
      `POST /dmn-api/dmn-rule/${path}`,
      {
        url: () => `/dmn-api/dmn-rule/${path}`,
        body: () => ({ decisionKey: 'no-such-decision' }),
        expect: anyUser(404),
      },
    ]),
  ),
  // the matrix uploads a BPMN file: a deployer gets past the permission check to the 400 for it
  ['POST /dmn-api/dmn-repository/deployments']: {
    url: () => '/dmn-api/dmn-repository/deployments',
    upload: true,
    expect: deployers(400),
  },
  ['GET /dmn-api/dmn-repository/deployments']: {
    url: () => '/dmn-api/dmn-repository/deployments',
    expect: anyUser(200),
  },
  ['GET /dmn-api/dmn-repository/deployments/:deploymentId']: {
    url: () => '/dmn-api/dmn-repository/deployments/no-such-deployment',
    expect: anyUser(404),
  },
  ['DELETE /dmn-api/dmn-repository/deployments/:deploymentId']: {
    url: () => '/dmn-api/dmn-repository/deployments/no-such-deployment',
    expect: deployers(404),
  },
  ['GET /dmn-api/dmn-repository/deployments/:deploymentId/resourcedata/:resourceId']: {
    url: () => '/dmn-api/dmn-repository/deployments/no-such-deployment/resourcedata/x.dmn',
    expect: anyUser(404),
  },
  ...Object.fromEntries(
    ['decisions', 'decision-tables'].flatMap((family): [string, RouteCase][] => [
      [
        `GET /dmn-api/dmn-repository/${family}`,
        { url: () => `/dmn-api/dmn-repository/${family}`, expect: anyUser(200) },
      ],
      [
        `GET /dmn-api/dmn-repository/${family}/:decisionId`,
        { url: () => `/dmn-api/dmn-repository/${family}/no-such-decision`, expect: anyUser(404) },
      ],
      [
        `GET /dmn-api/dmn-repository/${family}/:decisionId/resourcedata`,
        {
          url: () => `/dmn-api/dmn-repository/${family}/no-such-decision/resourcedata`,
          expect: anyUser(404),
        },
      ],
      [
        `GET /dmn-api/dmn-repository/${family}/:decisionId/model`,
        { url: () => `/dmn-api/dmn-repository/${family}/no-such-decision/model`, expect: anyUser(404) },
      ],
    ]),
  ),
  ['GET /dmn-api/dmn-repository/decisions/:decisionId/image']: {
    url: () => '/dmn-api/dmn-repository/decisions/no-such-decision/image',
    expect: anyUser(404),
  },
  ['GET /dmn-api/dmn-management/engine']: {
    url: () => '/dmn-api/dmn-management/engine',
    expect: anyUser(200),
  },
  ['GET /dmn-api/dmn-history/historic-decision-executions']: {
    url: () => '/dmn-api/dmn-history/historic-decision-executions',
    expect: deployers(200),
  },
  ['GET /dmn-api/dmn-history/historic-decision-executions/:historicDecisionExecutionId']: {
    url: () => '/dmn-api/dmn-history/historic-decision-executions/no-such-execution',
    expect: deployers(404),
  },
  ['GET /dmn-api/dmn-history/historic-decision-executions/:historicDecisionExecutionId/auditdata']: {
    url: () => '/dmn-api/dmn-history/historic-decision-executions/no-such-execution/auditdata',
    expect: deployers(404),
  },
  // apps: reads for every REST user, deploying, deleting and changing for deployers
  ['POST /app-api/app-repository/deployments']: {
    // the matrix uploads a BPMN file: a deployer gets past the permission check to the 400 for it
    url: () => '/app-api/app-repository/deployments',
    upload: true,
    expect: deployers(400),
  },
  ['GET /app-api/app-repository/deployments']: {
    url: () => '/app-api/app-repository/deployments',
    expect: anyUser(200),
  },
  ['GET /app-api/app-repository/deployments/:deploymentId']: {
    url: () => '/app-api/app-repository/deployments/no-such-deployment',
    expect: anyUser(404),
  },
  ['DELETE /app-api/app-repository/deployments/:deploymentId']: {
    url: () => '/app-api/app-repository/deployments/no-such-deployment',
    expect: deployers(404),
  },
  ['GET /app-api/app-repository/deployments/:deploymentId/resources']: {
    url: () => '/app-api/app-repository/deployments/no-such-deployment/resources',
    expect: anyUser(404),
  },
  ['GET /app-api/app-repository/deployments/:deploymentId/resources/*']: {
    url: () => '/app-api/app-repository/deployments/no-such-deployment/resources/a/b.app',
    expect: anyUser(404),
  },
  ['GET /app-api/app-repository/deployments/:deploymentId/resourcedata/*']: {
    url: () => '/app-api/app-repository/deployments/no-such-deployment/resourcedata/a/b.app',
    expect: anyUser(404),
  },
  ['GET /app-api/app-repository/app-definitions']: {
    url: () => '/app-api/app-repository/app-definitions',
    expect: anyUser(200),
  },
  ['GET /app-api/app-repository/app-definitions/:appDefinitionId']: {
    url: () => '/app-api/app-repository/app-definitions/no-such-app',
    expect: anyUser(404),
  },
  ['PUT /app-api/app-repository/app-definitions/:appDefinitionId']: {
    url: () => '/app-api/app-repository/app-definitions/no-such-app',
    body: () => ({ category: 'renamed' }),
    expect: deployers(404),
  },
  ['GET /app-api/app-repository/app-definitions/:appDefinitionId/resourcedata']: {
    url: () => '/app-api/app-repository/app-definitions/no-such-app/resourcedata',
    expect: anyUser(404),
  },
  ['GET /app-api/app-repository/app-definitions/:appDefinitionId/model']: {
    url: () => '/app-api/app-repository/app-definitions/no-such-app/model',
    expect: anyUser(404),
  },
  ['GET /app-api/app-management/engine']: {
    url: () => '/app-api/app-management/engine',
    expect: anyUser(200),
  },
  // the matrix uploads a BPMN file: a deployer gets past the permission check to the 400 for it
  [`POST ${F}/form-repository/deployments`]: {
    url: () => `${F}/form-repository/deployments`,
    upload: true,
    expect: deployers(400),
  },
  [`GET ${F}/form-repository/deployments`]: {
    url: () => `${F}/form-repository/deployments`,
    expect: anyUser(200),
  },
  [`GET ${F}/form-repository/deployments/:deploymentId`]: {
    url: (w) => `${F}/form-repository/deployments/${w.formDeploymentId}`,
    expect: anyUser(200),
  },
  [`DELETE ${F}/form-repository/deployments/:deploymentId`]: {
    url: (w) => `${F}/form-repository/deployments/${w.formDeploymentId}`,
    expect: deployers(204),
  },
  [`GET ${F}/form-repository/deployments/:deploymentId/resourcedata/:resourceId`]: {
    url: (w) => `${F}/form-repository/deployments/${w.formDeploymentId}/resourcedata/world.form`,
    expect: anyUser(200),
  },
  [`GET ${F}/form-repository/form-definitions`]: {
    url: () => `${F}/form-repository/form-definitions`,
    expect: anyUser(200),
  },
  [`GET ${F}/form-repository/form-definitions/:formDefinitionId`]: {
    url: (w) => `${F}/form-repository/form-definitions/${w.formDefinitionId}`,
    expect: anyUser(200),
  },
  [`GET ${F}/form-repository/form-definitions/:formDefinitionId/model`]: {
    url: (w) => `${F}/form-repository/form-definitions/${w.formDefinitionId}/model`,
    expect: anyUser(200),
  },
  [`GET ${F}/form-repository/form-definitions/:formDefinitionId/resourcedata`]: {
    url: (w) => `${F}/form-repository/form-definitions/${w.formDefinitionId}/resourcedata`,
    expect: anyUser(200),
  },
  [`POST ${F}/form/model`]: {
    url: () => `${F}/form/model`,
    body: (w) => ({ formDefinitionId: w.formDefinitionId, variables: { note: 'x' } }),
    expect: anyUser(200),
  },
  // a form instance is seen by who submitted it (piggy) and by admins
  [`POST ${F}/form/form-instance-model`]: {
    url: () => `${F}/form/form-instance-model`,
    body: (w) => ({ formInstanceId: w.formInstanceId }),
    expect: row(404, 200, 404, 404, 200),
  },
  [`GET ${F}/form/form-instance/:formInstanceId`]: {
    url: (w) => `${F}/form/form-instance/${w.formInstanceId}`,
    expect: row(404, 200, 404, 404, 200),
  },
  [`GET ${F}/form/form-instances`]: { url: () => `${F}/form/form-instances`, expect: anyUser(200) },
  [`POST ${F}/query/form-instances`]: {
    url: () => `${F}/query/form-instances`,
    body: () => ({ submittedBy: 'piggy' }),
    expect: anyUser(200),
  },
  // storing a form instance for a process instance is a command on it: its people only
  [`POST ${F}/form/form-instances`]: {
    url: () => `${F}/form/form-instances`,
    body: (w) => ({
      formDefinitionId: w.formDefinitionId,
      processInstanceId: w.instanceId,
      variables: { note: 'again' },
    }),
    expect: instancePeople(200),
  },
  [`GET ${F}/form-management/engine`]: { url: () => `${F}/form-management/engine`, expect: anyUser(200) },
  // --- /content-api: the items of an instance are its people's ---------------------------------
  [`GET ${C}/content-service/content-items`]: {
    url: () => `${C}/content-service/content-items`,
    expect: anyUser(200),
  },
  [`POST ${C}/query/content-items`]: {
    url: () => `${C}/query/content-items`,
    body: () => ({}),
    expect: anyUser(200),
  },
  [`POST ${C}/content-service/content-items`]: {
    url: () => `${C}/content-service/content-items`,
    body: (w) => ({ name: 'notes.txt', processInstanceId: w.instanceId }),
    expect: instancePeople(201),
  },
  [`GET ${C}/content-service/content-items/:contentItemId`]: {
    url: (w) => `${C}/content-service/content-items/${w.contentItemId}`,
    expect: instancePeople(200),
  },
  [`PUT ${C}/content-service/content-items/:contentItemId`]: {
    url: (w) => `${C}/content-service/content-items/${w.contentItemId}`,
    body: () => ({ name: 'renamed.txt' }),
    expect: instancePeople(200),
  },
  [`DELETE ${C}/content-service/content-items/:contentItemId`]: {
    url: (w) => `${C}/content-service/content-items/${w.contentItemId}`,
    expect: instancePeople(204),
  },
  [`GET ${C}/content-service/content-items/:contentItemId/data`]: {
    url: (w) => `${C}/content-service/content-items/${w.contentItemId}/data`,
    expect: instancePeople(200),
  },
  [`POST ${C}/content-service/content-items/:contentItemId/data`]: {
    url: (w) => `${C}/content-service/content-items/${w.contentItemId}/data`,
    upload: true,
    expect: instancePeople(201),
  },
  [`GET ${C}/content-management/engine`]: {
    url: () => `${C}/content-management/engine`,
    expect: anyUser(200),
  },

  // --- /conversation-api: an instance's conversation is its participants' (piggy, sales) -----
  ...conversationRoutes(),

  // --- documents and actuator ----------------------------------------------------------------
  // the API's documentation holds no data: open, like the browser app's files
  ['GET /openapi.json']: { url: () => '/openapi.json', gate: 'open', expect: anyUser(200) },
  ['OPTIONS /openapi.json']: { url: () => '/openapi.json', gate: 'open', expect: anyUser(204) },
  ['GET /docs']: { url: () => '/docs', gate: 'open', expect: anyUser(200) },
  ['GET /docs/:file']: { url: () => '/docs/swagger-ui.css', gate: 'open', expect: anyUser(200) },
  ['GET /actuator/health']: { url: () => '/actuator/health', gate: 'open', expect: anyUser(200) },
  ['GET /actuator/info']: { url: () => '/actuator/info', gate: 'open', expect: anyUser(200) },
  ['GET /actuator/cluster']: { url: () => '/actuator/cluster', expect: adminsOnly(200) },
  ['GET /actuator/prometheus']: { url: () => '/actuator/prometheus', expect: adminsOnly(200) },

  // --- browser sessions (docs/ui.md); with Basic credentials there is no session to end ------
  ['POST /auth/login']: {
    url: () => '/auth/login',
    body: () => ({ username: 'gonzo', password: 'gonzo-secret' }),
    gate: 'open',
    expect: anyUser(200),
  },
  ['GET /auth/session']: { url: () => '/auth/session', gate: 'authenticated', expect: anyUser(200) },
  // OpenID Connect (docs/security.md): open, as they lead to a sign-in; this server has no provider
  ['GET /auth/providers']: { url: () => '/auth/providers', gate: 'open', expect: anyUser(200) },
  ['GET /auth/oidc/:registrationId/login']: {
    url: () => '/auth/oidc/keycloak/login',
    gate: 'open',
    expect: anyUser(404),
  },
  ['GET /auth/oidc/:registrationId/callback']: {
    url: () => '/auth/oidc/keycloak/callback?state=x&code=y',
    gate: 'open',
    expect: anyUser(404),
  },
  // --- the case engine: /cmmn-api (unknown ids: the same 404 for everyone let through). A case,
  // its plan items, variables, people and history are for its people (piggy started it, fozzie
  // is a candidate of its open task) and admins; lists are filtered for everyone else.
  ['POST /cmmn-api/cmmn-repository/deployments']: {
    url: () => '/cmmn-api/cmmn-repository/deployments',
    upload: true,
    expect: deployers(400),
  },
  ['GET /cmmn-api/cmmn-repository/deployments']: {
    url: () => '/cmmn-api/cmmn-repository/deployments',
    expect: anyUser(200),
  },
  ['GET /cmmn-api/cmmn-repository/deployments/:deploymentId']: {
    url: () => '/cmmn-api/cmmn-repository/deployments/no-such-deployment',
    expect: anyUser(404),
  },
  ['DELETE /cmmn-api/cmmn-repository/deployments/:deploymentId']: {
    url: () => '/cmmn-api/cmmn-repository/deployments/no-such-deployment',
    expect: deployers(404),
  },
  ['GET /cmmn-api/cmmn-repository/deployments/:deploymentId/resources']: {
    url: () => '/cmmn-api/cmmn-repository/deployments/no-such-deployment/resources',
    expect: anyUser(404),
  },
  ['GET /cmmn-api/cmmn-repository/deployments/:deploymentId/resourcedata/:resourceId']: {
    url: () => '/cmmn-api/cmmn-repository/deployments/no-such-deployment/resourcedata/x.cmmn',
    expect: anyUser(404),
  },
  ['GET /cmmn-api/cmmn-management/engine']: {
    url: () => '/cmmn-api/cmmn-management/engine',
    expect: caseManagement(200),
  },
  ['GET /cmmn-api/cmmn-repository/case-definitions']: {
    url: () => '/cmmn-api/cmmn-repository/case-definitions',
    expect: anyUser(200),
  },
  ['GET /cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId']: {
    url: () => '/cmmn-api/cmmn-repository/case-definitions/no-such-case',
    expect: anyUser(404),
  },
  ['GET /cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId/resourcedata']: {
    url: () => '/cmmn-api/cmmn-repository/case-definitions/no-such-case/resourcedata',
    expect: anyUser(404),
  },
  ['GET /cmmn-api/cmmn-runtime/case-instances']: {
    url: () => '/cmmn-api/cmmn-runtime/case-instances',
    expect: anyUser(200),
  },
  ['POST /cmmn-api/cmmn-runtime/case-instances']: {
    url: () => '/cmmn-api/cmmn-runtime/case-instances',
    body: () => ({ caseDefinitionKey: 'no-such-case' }),
    // an unknown definition in the body is a bad request, as in Flowable's REST API
    expect: anyUser(400),
  },
  ['POST /cmmn-api/cmmn-query/case-instances']: {
    url: () => '/cmmn-api/cmmn-query/case-instances',
    body: () => ({}),
    expect: anyUser(200),
  },
  ...Object.fromEntries(
    ['', '/stage-overview', '/variables', '/variables/x', '/identitylinks'].flatMap(
      (tail): [string, RouteCase][] => [
        [
          `GET /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId${tail.replace('/x', '/:variableName')}`,
          { url: (w) => `${caseOf(w)}${tail}`, expect: instancePeople(200) },
        ],
      ],
    ),
  ),
  ['DELETE /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId']: {
    url: caseOf,
    expect: instancePeople(204),
  },
  ['POST /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/variables']: {
    url: (w) => `${caseOf(w)}/variables`,
    body: () => [{ name: 'y', value: 1 }],
    expect: instancePeople(201),
  },
  ['PUT /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/variables']: {
    url: (w) => `${caseOf(w)}/variables`,
    body: () => [{ name: 'x', value: 2 }],
    expect: instancePeople(201),
  },
  ['PUT /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/variables/:variableName']: {
    url: (w) => `${caseOf(w)}/variables/x`,
    body: () => ({ name: 'x', value: 2 }),
    expect: instancePeople(200),
  },
  ['DELETE /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/variables/:variableName']: {
    url: (w) => `${caseOf(w)}/variables/x`,
    expect: instancePeople(204),
  },
  ['POST /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/identitylinks']: {
    url: (w) => `${caseOf(w)}/identitylinks`,
    body: () => ({ user: 'kermit', type: 'participant' }),
    expect: instancePeople(201),
  },
  ['GET /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/identitylinks/:family/:identityId/:type']: {
    url: (w) => `${caseOf(w)}/identitylinks/users/statler/participant`,
    expect: instancePeople(200),
  },
  ['DELETE /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/identitylinks/:family/:identityId/:type']: {
    url: (w) => `${caseOf(w)}/identitylinks/users/statler/participant`,
    expect: instancePeople(204),
  },
  // --- case change-state and migration: operator actions, for admins and deployers (as the
  // process engine's); the definition routes are tried on an unknown definition
  ['POST /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/change-state']: {
    url: (w) => `${caseOf(w)}/change-state`,
    body: () => ({ terminatePlanItemDefinitionIds: [] }),
    expect: deployers(200),
  },
  ['POST /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/migrate']: {
    url: (w) => `${caseOf(w)}/migrate`,
    // the target is unknown: refused before anything moves
    body: () => ({ toCaseDefinitionId: 'no-such-case' }),
    expect: deployers(400),
  },
  ['POST /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/validate-migration']: {
    url: (w) => `${caseOf(w)}/validate-migration`,
    body: () => ({ toCaseDefinitionId: 'no-such-case' }),
    expect: deployers(200),
  },
  ...Object.fromEntries(
    ['migrate', 'batch-migrate', 'migrate-historic-instances', 'batch-migrate-historic-instances'].map(
      (tail): [string, RouteCase] => [
        `POST /cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId/${tail}`,
        {
          url: () => `/cmmn-api/cmmn-repository/case-definitions/no-such-case/${tail}`,
          body: () => ({ toCaseDefinitionId: 'no-such-case' }),
          expect: deployers(404),
        },
      ],
    ),
  ),
  ['POST /cmmn-api/cmmn-history/historic-case-instances/:caseInstanceId/migrate']: {
    url: () => '/cmmn-api/cmmn-history/historic-case-instances/no-such-case/migrate',
    body: () => ({ toCaseDefinitionId: 'no-such-case' }),
    expect: deployers(404),
  },
  ['GET /cmmn-api/cmmn-runtime/plan-item-instances']: {
    url: () => '/cmmn-api/cmmn-runtime/plan-item-instances',
    expect: anyUser(200),
  },
  ['POST /cmmn-api/cmmn-query/plan-item-instances']: {
    url: () => '/cmmn-api/cmmn-query/plan-item-instances',
    body: () => ({}),
    expect: anyUser(200),
  },
  ['GET /cmmn-api/cmmn-runtime/plan-item-instances/:planItemInstanceId']: {
    url: (w) => `/cmmn-api/cmmn-runtime/plan-item-instances/${w.casePlanItemId}`,
    expect: instancePeople(200),
  },
  ['PUT /cmmn-api/cmmn-runtime/plan-item-instances/:planItemInstanceId']: {
    url: (w) => `/cmmn-api/cmmn-runtime/plan-item-instances/${w.casePlanItemId}`,
    // the task ends, and with it the case: 204, as Flowable answers an ended plan item
    body: () => ({ action: 'trigger' }),
    expect: instancePeople(204),
  },
  ['GET /cmmn-api/cmmn-runtime/tasks']: { url: () => '/cmmn-api/cmmn-runtime/tasks', expect: anyUser(200) },
  ['POST /cmmn-api/cmmn-query/tasks']: {
    url: () => '/cmmn-api/cmmn-query/tasks',
    body: () => ({}),
    expect: anyUser(200),
  },
  ['GET /cmmn-api/cmmn-runtime/tasks/:taskId']: {
    url: () => '/cmmn-api/cmmn-runtime/tasks/no-such-task',
    expect: anyUser(404),
  },
  ['PUT /cmmn-api/cmmn-runtime/tasks/:taskId']: {
    url: () => '/cmmn-api/cmmn-runtime/tasks/no-such-task',
    body: () => ({ priority: 80 }),
    expect: anyUser(404),
  },
  ['POST /cmmn-api/cmmn-runtime/tasks/:taskId']: {
    url: () => '/cmmn-api/cmmn-runtime/tasks/no-such-task',
    body: () => ({ action: 'complete' }),
    expect: anyUser(404),
  },
  ...Object.fromEntries(
    [
      'historic-case-instances',
      'historic-planitem-instances',
      'historic-milestone-instances',
      'historic-variable-instances',
    ].flatMap((family): [string, RouteCase][] => [
      [
        `GET /cmmn-api/cmmn-history/${family}`,
        { url: () => `/cmmn-api/cmmn-history/${family}`, expect: anyUser(200) },
      ],
      [
        `POST /cmmn-api/cmmn-query/${family}`,
        { url: () => `/cmmn-api/cmmn-query/${family}`, body: () => ({}), expect: anyUser(200) },
      ],
    ]),
  ),
  ['GET /cmmn-api/cmmn-history/historic-case-instances/:caseInstanceId']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-case-instances/${w.caseId}`,
    expect: instancePeople(200),
  },
  ['GET /cmmn-api/cmmn-history/historic-case-instances/:caseInstanceId/identitylinks']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-case-instances/${w.caseId}/identitylinks`,
    expect: instancePeople(200),
  },
  // a case task's people: as a process task's (fozzie is a candidate; nobody holds it)
  ['GET /cmmn-api/cmmn-runtime/tasks/:taskId/identitylinks']: {
    url: (w) => `/cmmn-api/cmmn-runtime/tasks/${w.caseTaskId}/identitylinks`,
    expect: taskPeople(200),
  },
  ['POST /cmmn-api/cmmn-runtime/tasks/:taskId/identitylinks']: {
    url: (w) => `/cmmn-api/cmmn-runtime/tasks/${w.caseTaskId}/identitylinks`,
    body: () => ({ user: 'kermit', type: 'participant' }),
    expect: taskHolders(201),
  },
  ['DELETE /cmmn-api/cmmn-runtime/tasks/:taskId/identitylinks/:family/:identityId/:type']: {
    url: (w) => `/cmmn-api/cmmn-runtime/tasks/${w.caseTaskId}/identitylinks/groups/sales/candidate`,
    expect: taskHolders(204),
  },
  // --- case tasks and case variables (helper "tasks"): a case task's routes answer as the
  // process API's for its task (fozzie is a candidate; nobody holds it), a case's as the case's
  ['POST /cmmn-api/cmmn-runtime/tasks']: {
    url: () => '/cmmn-api/cmmn-runtime/tasks',
    body: () => ({ name: 'A task of no case' }),
    expect: anyUser(201),
  },
  ['PUT /cmmn-api/cmmn-runtime/tasks']: {
    url: () => '/cmmn-api/cmmn-runtime/tasks',
    body: (w) => ({ taskIds: [w.caseTaskId], priority: 80 }),
    expect: taskHolders(200),
  },
  // a case's task is never deleted over REST: a candidate may not, an admin hears why (403)
  ['DELETE /cmmn-api/cmmn-runtime/tasks/:taskId']: {
    url: (w) => `/cmmn-api/cmmn-runtime/tasks/${w.caseTaskId}`,
    expect: row(404, 404, 403, 404, 403),
  },
  ['GET /cmmn-api/cmmn-runtime/tasks/:taskId/form']: {
    url: (w) => `/cmmn-api/cmmn-runtime/tasks/${w.caseTaskId}/form`,
    expect: taskPeople(400),
  },
  ...Object.fromEntries(
    [
      ['/subtasks', '/subtasks'],
      ['/identitylinks/:family', '/identitylinks/groups'],
      ['/identitylinks/:family/:identityId/:type', '/identitylinks/groups/sales/candidate'],
      ['/variables', '/variables'],
      ['/variables/:variableName', '/variables/x?scope=global'],
    ].map(([pattern, tail]): [string, RouteCase] => [
      `GET /cmmn-api/cmmn-runtime/tasks/:taskId${pattern}`,
      { url: (w) => `/cmmn-api/cmmn-runtime/tasks/${w.caseTaskId}${tail}`, expect: taskPeople(200) },
    ]),
  ),
  ['POST /cmmn-api/cmmn-runtime/tasks/:taskId/variables']: {
    url: (w) => `/cmmn-api/cmmn-runtime/tasks/${w.caseTaskId}/variables`,
    body: () => [{ name: 'note', value: 'seen' }],
    expect: taskPeople(201),
  },
  ['DELETE /cmmn-api/cmmn-runtime/tasks/:taskId/variables']: {
    url: (w) => `/cmmn-api/cmmn-runtime/tasks/${w.caseTaskId}/variables`,
    expect: taskPeople(204),
  },
  ['PUT /cmmn-api/cmmn-runtime/tasks/:taskId/variables/:variableName']: {
    url: (w) => `/cmmn-api/cmmn-runtime/tasks/${w.caseTaskId}/variables/x`,
    body: () => ({ name: 'x', value: 2, scope: 'global' }),
    expect: taskPeople(200),
  },
  ['DELETE /cmmn-api/cmmn-runtime/tasks/:taskId/variables/:variableName']: {
    url: (w) => `/cmmn-api/cmmn-runtime/tasks/${w.caseTaskId}/variables/x?scope=global`,
    expect: taskPeople(204),
  },
  // x is an integer: no bytes, for those who may see it; nothing at all for the others
  ['GET /cmmn-api/cmmn-runtime/tasks/:taskId/variables/:variableName/data']: {
    url: (w) => `/cmmn-api/cmmn-runtime/tasks/${w.caseTaskId}/variables/x/data`,
    expect: anyUser(404),
  },
  ['GET /cmmn-api/cmmn-runtime/variable-instances']: {
    url: () => '/cmmn-api/cmmn-runtime/variable-instances',
    expect: anyUser(200),
  },
  ['POST /cmmn-api/cmmn-query/variable-instances']: {
    url: () => '/cmmn-api/cmmn-query/variable-instances',
    body: () => ({}),
    expect: anyUser(200),
  },
  ['GET /cmmn-api/cmmn-runtime/variable-instances/:varInstanceId/data']: {
    url: () => '/cmmn-api/cmmn-runtime/variable-instances/no-such-variable/data',
    expect: anyUser(404),
  },
  ['DELETE /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/variables']: {
    url: (w) => `${caseOf(w)}/variables`,
    expect: instancePeople(204),
  },
  ['POST /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/variables-async']: {
    url: (w) => `${caseOf(w)}/variables-async`,
    body: () => [{ name: 'y', value: 1 }],
    expect: instancePeople(201),
  },
  ['PUT /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/variables-async']: {
    url: (w) => `${caseOf(w)}/variables-async`,
    body: () => [{ name: 'x', value: 2 }],
    expect: instancePeople(201),
  },
  ['PUT /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/variables-async/:variableName']: {
    url: (w) => `${caseOf(w)}/variables-async/x`,
    body: () => ({ name: 'x', value: 2 }),
    expect: instancePeople(204),
  },
  // a plan item's local variables: its case's people (x is no local variable of it: 404)
  ['POST /cmmn-api/cmmn-runtime/plan-item-instances/:planItemInstanceId/variables']: {
    url: (w) => `/cmmn-api/cmmn-runtime/plan-item-instances/${w.casePlanItemId}/variables`,
    body: () => [{ name: 'note', value: 'seen' }],
    expect: instancePeople(201),
  },
  ['PUT /cmmn-api/cmmn-runtime/plan-item-instances/:planItemInstanceId/variables/:variableName']: {
    url: (w) => `/cmmn-api/cmmn-runtime/plan-item-instances/${w.casePlanItemId}/variables/note`,
    body: () => ({ name: 'note', value: 'seen' }),
    expect: instancePeople(200),
  },
  ['DELETE /cmmn-api/cmmn-runtime/plan-item-instances/:planItemInstanceId/variables/:variableName']: {
    url: (w) => `/cmmn-api/cmmn-runtime/plan-item-instances/${w.casePlanItemId}/variables/x`,
    expect: anyUser(404),
  },
  ['GET /cmmn-api/cmmn-runtime/plan-item-instances/:planItemInstanceId/variables/:variableName/data']: {
    url: (w) => `/cmmn-api/cmmn-runtime/plan-item-instances/${w.casePlanItemId}/variables/x/data`,
    expect: anyUser(404),
  },
  ['POST /cmmn-api/cmmn-runtime/plan-item-instances/:planItemInstanceId/variables-async']: {
    url: (w) => `/cmmn-api/cmmn-runtime/plan-item-instances/${w.casePlanItemId}/variables-async`,
    body: () => [{ name: 'note', value: 'seen' }],
    expect: instancePeople(201),
  },
  ['PUT /cmmn-api/cmmn-runtime/plan-item-instances/:planItemInstanceId/variables-async/:variableName']: {
    url: (w) => `/cmmn-api/cmmn-runtime/plan-item-instances/${w.casePlanItemId}/variables-async/x`,
    body: () => ({ name: 'x', value: 2 }),
    expect: anyUser(404),
  },
  ['GET /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/variables/:variableName/data']: {
    url: (w) => `${caseOf(w)}/variables/x/data`,
    expect: anyUser(404),
  },
  ['GET /cmmn-api/cmmn-history/historic-case-instances/:caseInstanceId/variables/:variableName/data']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-case-instances/${w.caseId}/variables/x/data`,
    expect: anyUser(404),
  },
  ['GET /cmmn-api/cmmn-history/historic-task-instances/:taskId/variables/:variableName/data']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-task-instances/${w.caseTaskId}/variables/x/data`,
    expect: anyUser(404),
  },
  ['GET /cmmn-api/cmmn-history/historic-variable-instances/:varInstanceId/data']: {
    url: () => '/cmmn-api/cmmn-history/historic-variable-instances/no-such-variable/data',
    expect: anyUser(404),
  },
  // the task history: only tasks the caller took part in (fozzie is a candidate of the case's task)
  ['GET /cmmn-api/cmmn-history/historic-task-instances']: {
    url: () => '/cmmn-api/cmmn-history/historic-task-instances',
    expect: anyUser(200),
  },
  ['POST /cmmn-api/cmmn-query/historic-task-instances']: {
    url: () => '/cmmn-api/cmmn-query/historic-task-instances',
    body: () => ({}),
    expect: anyUser(200),
  },
  ['GET /cmmn-api/cmmn-history/historic-task-instances/:taskId']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-task-instances/${w.caseTaskId}`,
    expect: taskPeople(200),
  },
  ['GET /cmmn-api/cmmn-history/historic-task-instances/:taskId/identitylinks']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-task-instances/${w.caseTaskId}/identitylinks`,
    expect: taskPeople(200),
  },
  ['GET /cmmn-api/cmmn-history/historic-milestone-instances/:milestoneInstanceId']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-milestone-instances/${w.caseMilestoneId}`,
    expect: instancePeople(200),
  },
  ...Object.fromEntries(
    ['jobs', 'timer-jobs', 'deadletter-jobs', 'suspended-jobs'].flatMap((kind): [string, RouteCase][] => [
      [
        `GET /cmmn-api/cmmn-management/${kind}`,
        { url: () => `/cmmn-api/cmmn-management/${kind}`, expect: caseManagement(200) },
      ],
      [
        `GET /cmmn-api/cmmn-management/${kind}/:jobId`,
        { url: () => `/cmmn-api/cmmn-management/${kind}/${noSuchJob}`, expect: caseManagement(404) },
      ],
      [
        `DELETE /cmmn-api/cmmn-management/${kind}/:jobId`,
        { url: () => `/cmmn-api/cmmn-management/${kind}/${noSuchJob}`, expect: caseManagement(404) },
      ],
      [
        `GET /cmmn-api/cmmn-management/${kind}/:jobId/exception-stacktrace`,
        {
          url: () => `/cmmn-api/cmmn-management/${kind}/${noSuchJob}/exception-stacktrace`,
          expect: caseManagement(404),
        },
      ],
    ]),
  ),
  ...Object.fromEntries(
    ['jobs', 'timer-jobs', 'deadletter-jobs'].map((kind): [string, RouteCase] => [
      `POST /cmmn-api/cmmn-management/${kind}/:jobId`,
      {
        url: () => `/cmmn-api/cmmn-management/${kind}/${noSuchJob}`,
        body: () => ({ action: kind === 'jobs' ? 'execute' : 'move' }),
        expect: caseManagement(404),
      },
    ]),
  ),
  ['GET /cmmn-api/cmmn-history/historic-planitem-instances/:planItemInstanceId']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-planitem-instances/${w.casePlanItemId}`,
    expect: instancePeople(200),
  },
  // --- the case lifecycle, definitions and management (one block) ---------------------------
  ['GET /cmmn-api/cmmn-management/history-jobs']: {
    url: () => '/cmmn-api/cmmn-management/history-jobs',
    expect: caseManagement(200),
  },
  ...Object.fromEntries(
    ['GET', 'DELETE'].map((method): [string, RouteCase] => [
      `${method} /cmmn-api/cmmn-management/history-jobs/:jobId`,
      { url: () => `/cmmn-api/cmmn-management/history-jobs/${noSuchJob}`, expect: caseManagement(404) },
    ]),
  ),
  ['POST /cmmn-api/cmmn-management/history-jobs/:jobId']: {
    url: () => `/cmmn-api/cmmn-management/history-jobs/${noSuchJob}`,
    body: () => ({ action: 'execute' }),
    expect: caseManagement(404),
  },
  ['POST /cmmn-api/cmmn-management/deadletter-jobs']: {
    url: () => '/cmmn-api/cmmn-management/deadletter-jobs',
    body: () => ({ action: 'move', jobIds: [noSuchJob] }),
    expect: caseManagement(404),
  },
  ['PUT /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId']: {
    url: caseOf,
    body: () => ({ name: 'Renamed', businessStatus: 'open' }),
    expect: instancePeople(200),
  },
  ['DELETE /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/delete']: {
    url: (w) => `${caseOf(w)}/delete`,
    expect: instancePeople(204),
  },
  ['POST /cmmn-api/cmmn-runtime/case-instances/delete']: {
    url: () => '/cmmn-api/cmmn-runtime/case-instances/delete',
    body: (w) => ({ action: 'terminate', instanceIds: [w.caseId] }),
    expect: instancePeople(204),
  },
  ['GET /cmmn-api/cmmn-runtime/event-subscriptions']: {
    url: () => '/cmmn-api/cmmn-runtime/event-subscriptions',
    expect: anyUser(200),
  },
  ['GET /cmmn-api/cmmn-runtime/event-subscriptions/:eventSubscriptionId']: {
    url: () => '/cmmn-api/cmmn-runtime/event-subscriptions/no-such-subscription',
    expect: anyUser(404),
  },
  // a running case's history is not deleted (400) for its people; others are told it is unknown
  ['DELETE /cmmn-api/cmmn-history/historic-case-instances/:caseInstanceId']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-case-instances/${w.caseId}`,
    expect: instancePeople(400),
  },
  ['POST /cmmn-api/cmmn-history/historic-case-instances/delete']: {
    url: () => '/cmmn-api/cmmn-history/historic-case-instances/delete',
    body: (w) => ({ action: 'delete', instanceIds: [w.caseId] }),
    expect: instancePeople(400),
  },
  ['GET /cmmn-api/cmmn-history/historic-case-instances/:caseInstanceId/stage-overview']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-case-instances/${w.caseId}/stage-overview`,
    expect: instancePeople(200),
  },
  ['DELETE /cmmn-api/cmmn-history/historic-task-instances/:taskId']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-task-instances/${w.caseTaskId}`,
    expect: row(404, 404, 403, 404, 409),
  },
  ['GET /cmmn-api/cmmn-history/historic-task-instances/:taskId/form']: {
    url: (w) => `/cmmn-api/cmmn-history/historic-task-instances/${w.caseTaskId}/form`,
    expect: taskPeople(400),
  },
  ['GET /cmmn-api/cmmn-repository/deployments/:deploymentId/resources/*']: {
    url: () => '/cmmn-api/cmmn-repository/deployments/no-such-deployment/resources/a/b.cmmn',
    expect: anyUser(404),
  },
  ...Object.fromEntries(
    ['/model', '/decisions', '/decision-tables', '/form-definitions', '/start-form', '/identitylinks'].map(
      (tail): [string, RouteCase] => [
        `GET /cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId${tail}`,
        { url: () => `/cmmn-api/cmmn-repository/case-definitions/no-such-case${tail}`, expect: anyUser(404) },
      ],
    ),
  ),
  ['PUT /cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId']: {
    url: () => '/cmmn-api/cmmn-repository/case-definitions/no-such-case',
    body: () => ({ category: 'x' }),
    expect: anyUser(404),
  },
  ['POST /cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId/identitylinks']: {
    url: () => '/cmmn-api/cmmn-repository/case-definitions/no-such-case/identitylinks',
    body: () => ({ user: 'statler' }),
    expect: deployers(404),
  },
  ['GET /cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId/identitylinks/:family/:identityId']: {
    url: () => '/cmmn-api/cmmn-repository/case-definitions/no-such-case/identitylinks/users/statler',
    expect: anyUser(404),
  },
  ['DELETE /cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId/identitylinks/:family/:identityId']: {
    url: () => '/cmmn-api/cmmn-repository/case-definitions/no-such-case/identitylinks/users/statler',
    expect: deployers(404),
  },
  // the authz case's file has no diagram interchange: 400 for whoever may see it
  ['GET /cmmn-api/cmmn-runtime/case-instances/:caseInstanceId/diagram']: {
    url: (w) => `${caseOf(w)}/diagram`,
    expect: instancePeople(400),
  },
  ['GET /cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId/image']: {
    url: () => '/cmmn-api/cmmn-repository/case-definitions/no-such-case/image',
    expect: anyUser(404),
  },
  // --- end of the case lifecycle block
  // --- the browser app's files: open, as the sign-in page is one of them --------------------
  ['GET /']: { url: () => '/', gate: 'open', expect: anyUser(200) },
  ['GET /ui/*']: { url: () => '/ui/app.js', gate: 'open', expect: anyUser(200) },
  ['GET /vendor/:file']: { url: () => '/vendor/preact.mjs', gate: 'open', expect: anyUser(200) },
  ['POST /auth/logout']: { url: () => '/auth/logout', gate: 'authenticated', expect: anyUser(204) },
};

function conversationRoutes(): Record<string, RouteCase> {
  const CV = '/conversation-api/conversations';
  const one = (w: World) => `${CV}/${w.conversationId}`;
  return {
    [`GET ${CV}`]: { url: () => CV, expect: anyUser(200) },
    [`POST /conversation-api/query/conversations`]: {
      url: () => '/conversation-api/query/conversations',
      body: () => ({}),
      expect: anyUser(200),
    },
    [`POST ${CV}`]: { url: () => CV, body: () => ({ name: 'Coffee' }), expect: anyUser(201) },
    [`GET ${CV}/:conversationId`]: { url: one, expect: instancePeople(200) },
    // its creator (admin) only
    [`DELETE ${CV}/:conversationId`]: { url: one, expect: row(404, 403, 403, 404, 204) },
    [`GET ${CV}/:conversationId/participants`]: {
      url: (w) => `${one(w)}/participants`,
      expect: instancePeople(200),
    },
    [`POST ${CV}/:conversationId/participants`]: {
      url: (w) => `${one(w)}/participants`,
      body: () => ({ userId: 'kermit' }),
      expect: instancePeople(201),
    },
    [`DELETE ${CV}/:conversationId/participants/users/:participantId`]: {
      url: (w) => `${one(w)}/participants/users/piggy`,
      expect: instancePeople(204),
    },
    [`DELETE ${CV}/:conversationId/participants/groups/:participantId`]: {
      url: (w) => `${one(w)}/participants/groups/sales`,
      expect: instancePeople(204),
    },
    [`GET ${CV}/:conversationId/messages`]: { url: (w) => `${one(w)}/messages`, expect: instancePeople(200) },
    [`POST ${CV}/:conversationId/messages`]: {
      url: (w) => `${one(w)}/messages`,
      body: () => ({ text: 'I take it' }),
      expect: instancePeople(201),
    },
    [`GET ${CV}/:conversationId/messages/poll`]: {
      url: (w) => `${one(w)}/messages/poll?after=0&wait=0`,
      expect: instancePeople(200),
    },
    [`GET ${CV}/:conversationId/messages/:messageId`]: {
      url: (w) => `${one(w)}/messages/${w.conversationMessageId}`,
      expect: instancePeople(200),
    },
    [`PUT ${CV}/:conversationId/read`]: {
      url: (w) => `${one(w)}/read`,
      body: (w) => ({ messageId: w.conversationMessageId }),
      expect: instancePeople(200),
    },
    // the STOMP endpoint: open to the gate, as STOMP clients authenticate in CONNECT (tested in
    // test/conversations/stomp.test.ts); a plain GET is no WebSocket upgrade and finds nothing
    ['GET /stomp']: { url: () => '/stomp', gate: 'open', expect: anyUser(404) },
    ['GET /conversation-api/management/relay']: {
      url: () => '/conversation-api/management/relay',
      expect: adminsOnly(200),
    },
  };
}

/** What the gate answers an identity without a valid REST credential. */
export const gateAnswer = (
  gate: Gate,
  who: 'anonymous' | 'wrongPassword' | 'noPrivilege',
  /** what a caller let through gets */
  passed = 200,
): number => {
  if (gate === 'open') return passed;
  if (who !== 'noPrivilege') return 401;
  return gate === 'authenticated' ? passed : 403;
};
