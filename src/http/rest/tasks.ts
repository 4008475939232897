/**
 * `/process-api/runtime/tasks`: list and query, get, update, actions (complete, claim,
 * unclaim, delegate, resolve). Variables are in `task-variables.ts`, identity links and comments
 * in `task-links-comments.ts`, who may see what in `task-access.ts`.
 *
 * Who may do what: a user with `access-admin` anything. Anyone else sees a task when they are
 * its assignee or owner, or a candidate or participant (as a user or through a group); lists
 * show only such tasks. They complete or resolve a task assigned to them (or an unassigned
 * one they are a candidate for), and claim only for themselves. Otherwise: 403.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { WeirError } from '../../errors.ts';
import type { TaskRow } from '../../engine/runtime-types.ts';
import { getTaskRow } from '../../persistence/runtime-sql.ts';
import { listTasks, taskSorts, type TaskFilter } from '../../persistence/rest-tasks-sql.ts';
import { isAdmin, principalOf } from '../auth/basic-auth.ts';
import { idParams, parseDate, urlsFor, type RestContext } from './context.ts';
import {
  envelope,
  listQuerySchema,
  pagingFrom,
  pagingProperties,
  readPage,
  splitList,
  type PagingInput,
} from './paging.ts';
import { taskResponse } from './responses.ts';
import {
  queryVariableSchema,
  restVariables,
  restVariablesSchema,
  toEngineVariables,
  toVariableConditions,
  type RestQueryVariable,
  type RestVariableInput,
} from './variables.ts';
import { processVariablesOfTask, visibleTaskFor } from './task-access.ts';

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

export const taskRoutes: FastifyPluginAsync<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;
  const visibleTask = (request: FastifyRequest, taskId: string) => visibleTaskFor(db, request, taskId);
  const processVariablesOf = (task: TaskRow) => processVariablesOfTask(db, task);

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
        ...(q.includeTaskLocalVariables
          ? restVariables(task.variables, 'local', (name) =>
              urls('process-api/runtime/tasks/%s/variables/%s/data', task.id, name),
            )
          : []),
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
      const principal = principalOf(request);
      const taskId = request.params.taskId;
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
      await engine.updateTask(taskId, changes, principal);
      return taskResponse((await getTaskRow(db, taskId))!, urlsFor(rest, request));
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
      const principal = principalOf(request);
      const taskId = request.params.taskId;
      const body = request.body;
      const variables = toEngineVariables(body.variables);
      switch (body.action) {
        case 'complete': {
          const local = toEngineVariables(body.localVariables);
          const completion = {
            variables: variables.values,
            variableTypes: variables.types,
            localVariables: local.values,
            transientVariables: toEngineVariables(body.transientVariables).values,
            userId: principal.userId,
          };
          await engine.completeTask(taskId, completion, principal);
          break;
        }
        case 'claim':
        case 'unclaim':
          await engine.claimTask(
            taskId,
            body.action === 'unclaim' ? null : (body.assignee ?? null),
            principal,
          );
          break;
        case 'delegate':
          if (!body.assignee)
            throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'An assignee is required when delegating a task.');
          await engine.delegateTask(taskId, body.assignee, principal);
          break;
        case 'resolve':
          await engine.resolveTask(taskId, variables.values, principal);
          break;
      }
      return reply.code(200).send();
    },
  );
};
