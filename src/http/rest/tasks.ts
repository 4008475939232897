/**
 * `/process-api/runtime/tasks`: list and query, get, update, actions (complete, claim,
 * unclaim, delegate, resolve), variables, identity links, comments.
 *
 * Who may do what: a user with `access-admin` anything. Anyone else sees a task when they are
 * its assignee or owner, or a candidate or participant (as a user or through a group); lists
 * show only such tasks. They complete or resolve a task assigned to them (or an unassigned
 * one they are a candidate for), and claim only for themselves. Otherwise: 403.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { WeirError } from '../../errors.ts';
import type { IdentityLinkRow, TaskRow } from '../../engine/runtime-types.ts';
import { newId } from '../../engine/ids.ts';
import { removeTaskLocalVariable, setTaskLocalVariables } from '../../engine/task-variables.ts';
import { getTaskRow, loadInstance } from '../../persistence/runtime-sql.ts';
import {
  commentsOf,
  deleteComment,
  deleteIdentityLink,
  getComment,
  identityLinksOfTask,
  insertComment,
  insertIdentityLink,
  listTasks,
  taskSorts,
  type TaskFilter,
} from '../../persistence/rest-tasks-sql.ts';
import { listHistoricTasks } from '../../persistence/rest-history-sql.ts';
import type { Principal } from '../auth/credential-cache.ts';
import { isAdmin, principalOf } from '../auth/basic-auth.ts';
import { idParams, notFound, parseDate, urlsFor, type RestContext } from './context.ts';
import {
  envelope,
  listQuerySchema,
  pagingFrom,
  pagingProperties,
  readPage,
  splitList,
  type PagingInput,
} from './paging.ts';
import { commentResponse, rootVariablesOf, taskIdentityLinkResponse, taskResponse } from './responses.ts';
import {
  queryVariableSchema,
  restVariable,
  restVariableSchema,
  restVariables,
  restVariablesSchema,
  toEngineVariables,
  toVariableConditions,
  type RestQueryVariable,
  type RestVariable,
  type RestVariableInput,
} from './variables.ts';

const tags = ['Tasks'];
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const int = { type: 'integer' } as const;

const taskFilterProperties = {
  name: str,
  nameLike: str,
  description: str,
  descriptionLike: str,
  priority: int,
  minimumPriority: int,
  maximumPriority: int,
  assignee: str,
  assigneeLike: str,
  owner: str,
  ownerLike: str,
  unassigned: bool,
  delegationState: { type: 'string', enum: ['pending', 'resolved'] },
  candidateUser: str,
  candidateGroup: str,
  candidateGroups: str,
  involvedUser: str,
  candidateOrAssigned: str,
  taskDefinitionKey: str,
  taskDefinitionKeyLike: str,
  processInstanceId: str,
  processInstanceBusinessKey: str,
  processInstanceBusinessKeyLike: str,
  processDefinitionId: str,
  processDefinitionKey: str,
  processDefinitionKeyLike: str,
  executionId: str,
  createdOn: str,
  createdBefore: str,
  createdAfter: str,
  dueOn: str,
  dueBefore: str,
  dueAfter: str,
  withoutDueDate: bool,
  excludeSubTasks: bool,
  active: bool,
  includeTaskLocalVariables: bool,
  includeProcessVariables: bool,
  category: str,
  tenantId: str,
  tenantIdLike: str,
  withoutTenantId: bool,
};

type TaskQuery = PagingInput &
  Omit<
    TaskFilter,
    | 'candidateGroups'
    | 'createdOn'
    | 'createdBefore'
    | 'createdAfter'
    | 'dueOn'
    | 'dueBefore'
    | 'dueAfter'
    | 'taskVariables'
    | 'processInstanceVariables'
    | 'visibleTo'
  > & {
    candidateGroup?: string;
    candidateGroups?: string;
    createdOn?: string;
    createdBefore?: string;
    createdAfter?: string;
    dueOn?: string;
    dueBefore?: string;
    dueAfter?: string;
    includeTaskLocalVariables?: boolean;
    includeProcessVariables?: boolean;
  };

interface TaskQueryBody extends TaskQuery {
  taskVariables?: RestQueryVariable[];
  processInstanceVariables?: RestQueryVariable[];
}

const taskQueryBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...taskFilterProperties,
    ...pagingProperties,
    taskVariables: { type: 'array', items: queryVariableSchema },
    processInstanceVariables: { type: 'array', items: queryVariableSchema },
  },
} as const;

interface TaskAction {
  action: 'complete' | 'claim' | 'unclaim' | 'delegate' | 'resolve';
  assignee?: string | null;
  variables?: RestVariableInput[] | null;
  transientVariables?: RestVariableInput[] | null;
  localVariables?: RestVariableInput[] | null;
  formDefinitionId?: string | null;
  outcome?: string | null;
}

const taskActionSchema = {
  type: 'object',
  required: ['action'],
  additionalProperties: false,
  properties: {
    action: { type: 'string', enum: ['complete', 'claim', 'unclaim', 'delegate', 'resolve'] },
    assignee: { type: ['string', 'null'] },
    variables: restVariablesSchema,
    transientVariables: restVariablesSchema,
    localVariables: restVariablesSchema,
    formDefinitionId: { type: ['string', 'null'] },
    outcome: { type: ['string', 'null'] },
  },
} as const;

interface TaskUpdate {
  name?: string | null;
  description?: string | null;
  assignee?: string | null;
  owner?: string | null;
  priority?: number;
  dueDate?: string | null;
  category?: string | null;
  formKey?: string | null;
  parentTaskId?: string | null;
  delegationState?: string | null;
  tenantId?: string | null;
}

const nullableString = { type: ['string', 'null'] } as const;
const taskUpdateSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: nullableString,
    description: nullableString,
    assignee: nullableString,
    owner: nullableString,
    priority: int,
    dueDate: nullableString,
    category: nullableString,
    formKey: nullableString,
    parentTaskId: nullableString,
    delegationState: nullableString,
    tenantId: nullableString,
  },
} as const;

const involves = (principal: Principal, task: TaskRow, links: readonly IdentityLinkRow[]): boolean =>
  task.assignee === principal.userId ||
  task.owner === principal.userId ||
  links.some(
    (l) => l.userId === principal.userId || (l.groupId !== null && principal.groups.includes(l.groupId)),
  );

const isCandidate = (principal: Principal, links: readonly IdentityLinkRow[]): boolean =>
  links.some(
    (l) =>
      l.type === 'candidate' &&
      (l.userId === principal.userId || (l.groupId !== null && principal.groups.includes(l.groupId))),
  );

const forbidden = (principal: Principal, what: string, taskId: string) =>
  new WeirError('WEIR_FORBIDDEN', `User '${principal.userId}' may not ${what} task '${taskId}'`);

export const taskRoutes: FastifyPluginAsync<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;

  /** The task, if this user may see it: 404 when it does not exist, 403 when it is not theirs to see. */
  const visibleTask = async (request: FastifyRequest, taskId: string) => {
    const task = await getTaskRow(db, taskId);
    if (!task) throw notFound('task', taskId);
    const links = await identityLinksOfTask(db, taskId);
    const principal = principalOf(request);
    if (!isAdmin(principal) && !involves(principal, task, links)) throw forbidden(principal, 'see', taskId);
    return { task, links, principal };
  };

  const processVariablesOf = async (task: TaskRow): Promise<RestVariable[]> => {
    if (!task.processInstanceId) return [];
    const instance = await loadInstance(db, task.processInstanceId);
    return instance ? restVariables(rootVariablesOf(instance), 'global') : [];
  };

  const list = async (request: FastifyRequest, q: TaskQueryBody, paging: PagingInput) => {
    const page = readPage(paging, taskSorts, 'id');
    const principal = principalOf(request);
    const groups = [...(splitList(q.candidateGroups) ?? []), ...(q.candidateGroup ? [q.candidateGroup] : [])];
    const filter: TaskFilter = {
      ...q,
      candidateGroups: groups.length > 0 ? groups : undefined,
      createdOn: parseDate('createdOn', q.createdOn),
      createdBefore: parseDate('createdBefore', q.createdBefore),
      createdAfter: parseDate('createdAfter', q.createdAfter),
      dueOn: parseDate('dueOn', q.dueOn),
      dueBefore: parseDate('dueBefore', q.dueBefore),
      dueAfter: parseDate('dueAfter', q.dueAfter),
      taskVariables: toVariableConditions(q.taskVariables),
      processInstanceVariables: toVariableConditions(q.processInstanceVariables),
      visibleTo: isAdmin(principal) ? undefined : { userId: principal.userId, groups: principal.groups },
    };
    const { rows, total } = await listTasks(db, filter, page);
    const urls = urlsFor(rest, request);
    const data = [];
    for (const task of rows) {
      const variables = [
        ...(q.includeTaskLocalVariables ? restVariables(task.variables, 'local') : []),
        ...(q.includeProcessVariables ? await processVariablesOf(task) : []),
      ];
      data.push(taskResponse(task, urls, variables));
    }
    return envelope(data, total, page);
  };

  app.get<{ Querystring: TaskQuery }>(
    '/process-api/runtime/tasks',
    {
      schema: {
        tags,
        summary: 'List tasks (only those the user may see)',
        querystring: listQuerySchema(taskFilterProperties),
      },
    },
    (request) => list(request, request.query, request.query),
  );

  app.post<{ Body: TaskQueryBody; Querystring: PagingInput }>(
    '/process-api/query/tasks',
    {
      schema: {
        tags: ['Query'],
        summary: 'Query tasks (filters and variable conditions in the body)',
        body: taskQueryBodySchema,
        querystring: { type: 'object', properties: pagingProperties },
      },
    },
    (request) => list(request, request.body, pagingFrom(request.body, request.query)),
  );

  const taskParams = idParams('taskId');

  app.get<{ Params: { taskId: string } }>(
    '/process-api/runtime/tasks/:taskId',
    { schema: { tags, summary: 'Get a task', params: taskParams } },
    async (request) => {
      const { task } = await visibleTask(request, request.params.taskId);
      return taskResponse(task, urlsFor(rest, request));
    },
  );

  app.put<{ Params: { taskId: string }; Body: TaskUpdate }>(
    '/process-api/runtime/tasks/:taskId',
    { schema: { tags, summary: 'Update a task', params: taskParams, body: taskUpdateSchema } },
    async (request) => {
      const { task, principal } = await visibleTask(request, request.params.taskId);
      if (!isAdmin(principal) && task.assignee !== principal.userId && task.owner !== principal.userId) {
        throw forbidden(principal, 'update', task.id);
      }
      const body = request.body;
      const changes: Parameters<typeof engine.updateTask>[1] = {};
      if (body.name !== undefined) changes.name = body.name;
      if (body.description !== undefined) changes.description = body.description;
      if (body.owner !== undefined) changes.owner = body.owner;
      if (body.assignee !== undefined) changes.assignee = body.assignee;
      if (body.priority !== undefined) changes.priority = body.priority;
      if (body.dueDate !== undefined)
        changes.dueDate = body.dueDate === null ? null : parseDate('dueDate', body.dueDate)!;
      if (body.category !== undefined) changes.category = body.category;
      if (body.formKey !== undefined) changes.formKey = body.formKey;
      if (body.parentTaskId !== undefined) changes.parentTaskId = body.parentTaskId;
      await engine.updateTask(task.id, changes);
      return taskResponse((await getTaskRow(db, task.id))!, urlsFor(rest, request));
    },
  );

  app.post<{ Params: { taskId: string }; Body: TaskAction }>(
    '/process-api/runtime/tasks/:taskId',
    {
      schema: {
        tags,
        summary: 'Complete, claim, unclaim, delegate or resolve a task',
        params: taskParams,
        body: taskActionSchema,
      },
    },
    async (request, reply) => {
      const { task, links, principal } = await visibleTask(request, request.params.taskId);
      const admin = isAdmin(principal);
      const body = request.body;
      const variables = toEngineVariables(body.variables);
      switch (body.action) {
        case 'complete': {
          const mayComplete =
            admin ||
            task.assignee === principal.userId ||
            (task.assignee === null && isCandidate(principal, links));
          if (!mayComplete) throw forbidden(principal, 'complete', task.id);
          const local = toEngineVariables(body.localVariables);
          await engine.completeTask(task.id, {
            variables: variables.values,
            variableTypes: variables.types,
            localVariables: local.values,
            transientVariables: toEngineVariables(body.transientVariables).values,
            userId: principal.userId,
          });
          break;
        }
        case 'claim':
        case 'unclaim': {
          const assignee = body.action === 'unclaim' ? null : (body.assignee ?? null);
          if (!admin) {
            if (assignee !== null && assignee !== principal.userId)
              throw forbidden(principal, `claim for '${assignee}'`, task.id);
            if (assignee === null && task.assignee !== principal.userId)
              throw forbidden(principal, 'unclaim', task.id);
            if (assignee !== null && !isCandidate(principal, links) && task.assignee !== principal.userId) {
              throw forbidden(principal, 'claim', task.id);
            }
          }
          await engine.claimTask(task.id, assignee);
          break;
        }
        case 'delegate':
          if (!body.assignee)
            throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'An assignee is required when delegating a task.');
          if (!admin && task.assignee !== principal.userId && task.owner !== principal.userId) {
            throw forbidden(principal, 'delegate', task.id);
          }
          await engine.delegateTask(task.id, body.assignee);
          break;
        case 'resolve':
          if (!admin && task.assignee !== principal.userId) throw forbidden(principal, 'resolve', task.id);
          await engine.resolveTask(task.id, variables.values);
          break;
      }
      return reply.code(200).send();
    },
  );

  // --- variables -----------------------------------------------------------------------------

  const varTags = ['Task Variables'];
  const variablesPath = '/process-api/runtime/tasks/:taskId/variables';
  const scopeQuery = { type: 'object', properties: { scope: { type: 'string', enum: ['local', 'global'] } } };

  app.get<{ Params: { taskId: string }; Querystring: { scope?: 'local' | 'global' } }>(
    variablesPath,
    {
      schema: {
        tags: varTags,
        summary: 'Variables of a task (local and of its process)',
        params: taskParams,
        querystring: scopeQuery,
      },
    },
    async (request) => {
      const { task } = await visibleTask(request, request.params.taskId);
      const local = request.query.scope === 'global' ? [] : restVariables(task.variables, 'local');
      const global = request.query.scope === 'local' ? [] : await processVariablesOf(task);
      const names = new Set(local.map((v) => v.name));
      return [...local, ...global.filter((v) => !names.has(v.name))];
    },
  );

  const writeTaskVariables = async (task: TaskRow, list: RestVariableInput[], createOnly: boolean) => {
    if (list.length === 0)
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Request did not contain a list of variables to create.');
    const global = list.filter((v) => v.scope === 'global');
    const local = list.filter((v) => v.scope !== 'global');
    if (createOnly) {
      const instanceVars = global.length > 0 ? await processVariablesOf(task) : [];
      const taken =
        local.find((v) => task.variables[v.name]) ??
        global.find((v) => instanceVars.some((i) => i.name === v.name));
      if (taken)
        throw new WeirError(
          'WEIR_CONFLICT',
          `Variable '${taken.name}' is already present on task '${task.id}'.`,
        );
    }
    if (global.length > 0) {
      if (!task.executionId)
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Task '${task.id}' has no process: no global variables`);
      const { values, types } = toEngineVariables(global);
      await engine.setVariables(task.executionId, values, { types });
    }
    if (local.length > 0) {
      const { values, types } = toEngineVariables(local);
      await setTaskLocalVariables(engine, task.id, values, types);
    }
    const after = (await getTaskRow(db, task.id))!;
    const processVars = global.length > 0 ? await processVariablesOf(after) : [];
    return list.map((v) =>
      v.scope === 'global'
        ? (processVars.find((p) => p.name === v.name) ??
          restVariable(v.name, { type: 'null', value: null }, 'global'))
        : restVariable(v.name, after.variables[v.name], 'local'),
    );
  };

  app.post<{ Params: { taskId: string }; Body: RestVariableInput[] }>(
    variablesPath,
    {
      schema: {
        tags: varTags,
        summary: 'Create task variables (scope local by default; 409 if one exists)',
        params: taskParams,
        body: { type: 'array', items: restVariableSchema },
      },
    },
    async (request, reply) => {
      const { task } = await visibleTask(request, request.params.taskId);
      return reply.code(201).send(await writeTaskVariables(task, request.body, true));
    },
  );

  const variablePath = `${variablesPath}/:variableName`;
  const variableParams = idParams('taskId', 'variableName');

  app.get<{ Params: { taskId: string; variableName: string }; Querystring: { scope?: 'local' | 'global' } }>(
    variablePath,
    {
      schema: {
        tags: varTags,
        summary: 'One variable of a task',
        params: variableParams,
        querystring: scopeQuery,
      },
    },
    async (request) => {
      const { task } = await visibleTask(request, request.params.taskId);
      const { variableName } = request.params;
      if (request.query.scope !== 'global' && task.variables[variableName]) {
        return restVariable(variableName, task.variables[variableName], 'local');
      }
      const global =
        request.query.scope === 'local'
          ? undefined
          : (await processVariablesOf(task)).find((v) => v.name === variableName);
      if (!global) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Task '${task.id}' does not have a variable with name: '${variableName}'.`,
        );
      }
      return global;
    },
  );

  app.put<{ Params: { taskId: string; variableName: string }; Body: RestVariableInput }>(
    variablePath,
    {
      schema: {
        tags: varTags,
        summary: 'Create or update one task variable',
        params: variableParams,
        body: restVariableSchema,
      },
    },
    async (request) => {
      const { task } = await visibleTask(request, request.params.taskId);
      if (request.body.name !== request.params.variableName) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'Variable name in the body must be the same as in the URL',
        );
      }
      const [variable] = await writeTaskVariables(task, [request.body], false);
      return variable;
    },
  );

  app.delete<{
    Params: { taskId: string; variableName: string };
    Querystring: { scope?: 'local' | 'global' };
  }>(
    variablePath,
    {
      schema: {
        tags: varTags,
        summary: 'Delete one task variable',
        params: variableParams,
        querystring: scopeQuery,
      },
    },
    async (request, reply) => {
      const { task } = await visibleTask(request, request.params.taskId);
      const { variableName } = request.params;
      const removed =
        request.query.scope === 'global'
          ? task.executionId !== null && (await engine.removeVariable(task.executionId, variableName))
          : await removeTaskLocalVariable(engine, task.id, variableName);
      if (!removed) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Task '${task.id}' does not have a variable with name: '${variableName}'.`,
        );
      }
      return reply.code(204).send();
    },
  );

  // --- identity links ---------------------------------------------------------------------

  const linkTags = ['Task Identity Links'];

  app.get<{ Params: { taskId: string } }>(
    '/process-api/runtime/tasks/:taskId/identitylinks',
    { schema: { tags: linkTags, summary: 'Identity links of a task', params: taskParams } },
    async (request) => {
      const { task, links } = await visibleTask(request, request.params.taskId);
      const urls = urlsFor(rest, request);
      const implied = [
        ...(task.assignee && !links.some((l) => l.type === 'assignee')
          ? [{ userId: task.assignee, groupId: null, type: 'assignee' as const }]
          : []),
        ...(task.owner && !links.some((l) => l.type === 'owner')
          ? [{ userId: task.owner, groupId: null, type: 'owner' as const }]
          : []),
      ];
      return [...implied, ...links].map((l) => taskIdentityLinkResponse(task.id, l, urls));
    },
  );

  app.post<{ Params: { taskId: string }; Body: { user?: string; group?: string; type: string } }>(
    '/process-api/runtime/tasks/:taskId/identitylinks',
    {
      schema: {
        tags: linkTags,
        summary: 'Add a candidate or participant (user or group) to a task',
        params: taskParams,
        body: {
          type: 'object',
          required: ['type'],
          additionalProperties: false,
          properties: { user: str, group: str, type: { type: 'string', enum: ['candidate', 'participant'] } },
        },
      },
    },
    async (request, reply) => {
      const { task, principal } = await visibleTask(request, request.params.taskId);
      const { user, group, type } = request.body;
      if ((user === undefined) === (group === undefined)) {
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Either user or group is required, not both');
      }
      if (!isAdmin(principal) && task.assignee !== principal.userId && task.owner !== principal.userId) {
        throw forbidden(principal, 'change the people of', task.id);
      }
      const link: IdentityLinkRow = {
        id: newId(),
        type: type as IdentityLinkRow['type'],
        userId: user ?? null,
        groupId: group ?? null,
        taskId: task.id,
        processInstanceId: task.processInstanceId,
        rootInstanceId: task.rootInstanceId,
        createdAt: new Date(),
      };
      await insertIdentityLink(db, link);
      return reply.code(201).send(taskIdentityLinkResponse(task.id, link, urlsFor(rest, request)));
    },
  );

  app.delete<{ Params: { taskId: string; family: 'users' | 'groups'; identityId: string; type: string } }>(
    '/process-api/runtime/tasks/:taskId/identitylinks/:family/:identityId/:type',
    {
      schema: {
        tags: linkTags,
        summary: 'Remove an identity link from a task',
        params: {
          type: 'object',
          required: ['taskId', 'family', 'identityId', 'type'],
          properties: {
            taskId: str,
            family: { type: 'string', enum: ['users', 'groups'] },
            identityId: str,
            type: str,
          },
        },
      },
    },
    async (request, reply) => {
      const { task, principal } = await visibleTask(request, request.params.taskId);
      if (!isAdmin(principal) && task.assignee !== principal.userId && task.owner !== principal.userId) {
        throw forbidden(principal, 'change the people of', task.id);
      }
      const { family, identityId, type } = request.params;
      const removed = await deleteIdentityLink(db, task.id, {
        type,
        ...(family === 'users' ? { userId: identityId } : { groupId: identityId }),
      });
      if (!removed) throw new WeirError('WEIR_NOT_FOUND', `Could not find the requested identity link.`);
      return reply.code(204).send();
    },
  );

  // --- comments ---------------------------------------------------------------------------

  const commentTags = ['Task Comments'];

  /** Comments outlive the task: an ended task is looked up in history. */
  const taskForComments = async (request: FastifyRequest, taskId: string) => {
    if (await getTaskRow(db, taskId)) return (await visibleTask(request, taskId)).task;
    const principal = principalOf(request);
    const { rows } = await listHistoricTasks(
      db,
      {
        taskId,
        visibleTo: isAdmin(principal) ? undefined : { userId: principal.userId, groups: principal.groups },
      },
      { start: 0, size: 1, sort: 'taskInstanceId', order: 'asc' },
    );
    if (!rows[0]) throw notFound('task', taskId);
    return undefined;
  };

  app.get<{ Params: { taskId: string } }>(
    '/process-api/runtime/tasks/:taskId/comments',
    { schema: { tags: commentTags, summary: 'Comments on a task', params: taskParams } },
    async (request) => {
      await taskForComments(request, request.params.taskId);
      const urls = urlsFor(rest, request);
      return (await commentsOf(db, { taskId: request.params.taskId })).map((c) => commentResponse(c, urls));
    },
  );

  app.post<{ Params: { taskId: string }; Body: { message: string; saveProcessInstanceId?: boolean } }>(
    '/process-api/runtime/tasks/:taskId/comments',
    {
      schema: {
        tags: commentTags,
        summary: 'Add a comment to a task',
        params: taskParams,
        body: {
          type: 'object',
          required: ['message'],
          additionalProperties: false,
          properties: { message: { type: 'string', minLength: 1 }, saveProcessInstanceId: bool },
        },
      },
    },
    async (request, reply) => {
      const { task, principal } = await visibleTask(request, request.params.taskId);
      const comment = {
        id: newId(),
        taskId: task.id,
        processInstanceId: request.body.saveProcessInstanceId ? task.processInstanceId : null,
        author: principal.userId,
        message: request.body.message,
        type: 'comment',
        createdAt: new Date(),
      };
      await insertComment(db, comment);
      return reply.code(201).send(commentResponse(comment, urlsFor(rest, request)));
    },
  );

  const commentParams = idParams('taskId', 'commentId');

  app.get<{ Params: { taskId: string; commentId: string } }>(
    '/process-api/runtime/tasks/:taskId/comments/:commentId',
    { schema: { tags: commentTags, summary: 'One comment on a task', params: commentParams } },
    async (request) => {
      await taskForComments(request, request.params.taskId);
      const comment = await getComment(db, request.params.commentId);
      if (!comment || comment.taskId !== request.params.taskId) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Task '${request.params.taskId}' does not have a comment with id '${request.params.commentId}'.`,
        );
      }
      return commentResponse(comment, urlsFor(rest, request));
    },
  );

  app.delete<{ Params: { taskId: string; commentId: string } }>(
    '/process-api/runtime/tasks/:taskId/comments/:commentId',
    { schema: { tags: commentTags, summary: 'Delete a comment on a task', params: commentParams } },
    async (request, reply) => {
      await taskForComments(request, request.params.taskId);
      const principal = principalOf(request);
      const comment = await getComment(db, request.params.commentId);
      if (!comment || comment.taskId !== request.params.taskId) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Task '${request.params.taskId}' does not have a comment with id '${request.params.commentId}'.`,
        );
      }
      if (!isAdmin(principal) && comment.author !== principal.userId)
        throw forbidden(principal, 'delete a comment of', comment.taskId);
      await deleteComment(db, comment.id);
      return reply.code(204).send();
    },
  );
};
