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
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import type { TaskRow } from '../../engine/runtime-types.ts';
import { getTaskRow } from '../../persistence/runtime-reads-sql.ts';
import { listTasks, taskSorts } from '../../persistence/rest-tasks-sql.ts';
import { isAdmin, principalOf } from '../auth/basic-auth.ts';
import {
  IdParams,
  NullableStr,
  parseDate,
  urlsFor,
  variablesIndexed,
  withDates,
  type RestContext,
} from './context.ts';
import { Bool, Int, listRoutes, Str } from './list-route.ts';
import { splitList } from './paging.ts';
import { taskResponse } from './responses.ts';
import {
  QueryVariables,
  restVariables,
  RestVariableList,
  toEngineVariables,
  toVariableConditions,
} from './variables.ts';
import { globalVariablesOfTask, visibleTaskFor } from './task-access.ts';
import { completeTaskWithForm } from '../../forms/form-commands.ts';
import { formValuesOf } from './form-api/form-values-input.ts';
import { Task } from './schemas/runtime.ts';
import { NoContent } from './schemas/common.ts';

const tags = ['Tasks'];

const taskFilters = {
  name: Str(),
  nameLike: Str(),
  description: Str(),
  descriptionLike: Str(),
  priority: Int(),
  minimumPriority: Int(),
  maximumPriority: Int(),
  assignee: Str(),
  assigneeLike: Str(),
  owner: Str(),
  ownerLike: Str(),
  unassigned: Bool(),
  delegationState: Type.Optional(Type.Enum(['pending', 'resolved'], { type: 'string' })),
  candidateUser: Str(),
  candidateGroup: Str(),
  candidateGroups: Str(),
  involvedUser: Str(),
  candidateOrAssigned: Str(),
  taskDefinitionKey: Str(),
  taskDefinitionKeyLike: Str(),
  processInstanceId: Str(),
  caseInstanceId: Str(),
  scopeId: Str(),
  scopeType: Str(),
  planItemInstanceId: Str(),
  processInstanceBusinessKey: Str(),
  processInstanceBusinessKeyLike: Str(),
  processDefinitionId: Str(),
  processDefinitionKey: Str(),
  processDefinitionKeyLike: Str(),
  executionId: Str(),
  createdOn: Str(),
  createdBefore: Str(),
  createdAfter: Str(),
  dueOn: Str(),
  dueBefore: Str(),
  dueAfter: Str(),
  withoutDueDate: Bool(),
  excludeSubTasks: Bool(),
  active: Bool(),
  includeTaskLocalVariables: Bool(),
  includeProcessVariables: Bool(),
  category: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};
const taskDates = ['createdOn', 'createdBefore', 'createdAfter', 'dueOn', 'dueBefore', 'dueAfter'] as const;

const TaskActionBody = Type.Object(
  {
    action: Type.Enum(['complete', 'claim', 'unclaim', 'delegate', 'resolve'], { type: 'string' }),
    assignee: NullableStr(),
    variables: RestVariableList(),
    transientVariables: RestVariableList(),
    localVariables: RestVariableList(),
    formDefinitionId: NullableStr(),
    outcome: NullableStr(),
  },
  { additionalProperties: false },
);

const TaskUpdateBody = Type.Object(
  {
    name: NullableStr(),
    description: NullableStr(),
    assignee: NullableStr(),
    owner: NullableStr(),
    priority: Int(),
    dueDate: NullableStr(),
    category: NullableStr(),
    formKey: NullableStr(),
    parentTaskId: NullableStr(),
    delegationState: NullableStr(),
    tenantId: NullableStr(),
  },
  { additionalProperties: false },
);

/**
 * Where the task routes live: the process API's, and the case API's (`/cmmn-api/cmmn-runtime/tasks`),
 * which serve the one shared task table, as Flowable's two REST APIs do.
 */
export interface TaskApi {
  readonly api: 'process-api' | 'cmmn-api';
  readonly runtime: 'runtime' | 'cmmn-runtime';
  readonly query: 'query' | 'cmmn-query';
}

export const processTaskApi: TaskApi = { api: 'process-api', runtime: 'runtime', query: 'query' };
export const caseTaskApi: TaskApi = { api: 'cmmn-api', runtime: 'cmmn-runtime', query: 'cmmn-query' };

/** The route prefix of one API's tasks: `/process-api/runtime/tasks`. */
export const tasksPath = (taskApi: TaskApi): string => `/${taskApi.api}/${taskApi.runtime}/tasks`;

/** The URL (a `urls` pattern) of a task variable's bytes in one API. */
export const taskDataUrl = (taskApi: TaskApi): string =>
  `${taskApi.api}/${taskApi.runtime}/tasks/%s/variables/%s/data`;

export const taskRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext; taskApi?: TaskApi }> = async (
  app,
  { rest, taskApi = processTaskApi },
) => {
  const { engine, db } = rest;
  const base = tasksPath(taskApi);
  const visibleTask = (request: FastifyRequest, taskId: string) => visibleTaskFor(db, request, taskId);
  const processVariablesOf = (task: TaskRow) => globalVariablesOfTask(db, task);

  listRoutes(app, {
    item: Task,
    api: taskApi.api,
    path: `${taskApi.runtime}/tasks`,
    queryPath: `${taskApi.query}/tasks`,
    tags,
    what: 'tasks (only those the user may see)',
    filters: taskFilters,
    bodyFilters: { taskVariables: QueryVariables(), processInstanceVariables: QueryVariables() },
    sorts: taskSorts,
    defaultSort: 'id',
    load: (request, filter, page) => {
      const principal = principalOf(request);
      const groups = [
        ...(splitList(filter.candidateGroups) ?? []),
        ...(filter.candidateGroup ? [filter.candidateGroup] : []),
      ];
      return listTasks(
        db,
        {
          ...withDates(filter, taskDates),
          candidateGroups: groups.length > 0 ? groups : undefined,
          taskVariables: toVariableConditions(filter.taskVariables),
          processInstanceVariables: toVariableConditions(filter.processInstanceVariables),
          variableIndex: variablesIndexed(rest),
          visibleTo: isAdmin(principal) ? undefined : { userId: principal.userId, groups: principal.groups },
        },
        page,
      );
    },
    respond: async (request, rows, filter) => {
      const urls = urlsFor(rest, request);
      const data = [];
      for (const task of rows) {
        const variables = [
          ...(filter.includeTaskLocalVariables
            ? restVariables(task.variables, 'local', (name) => urls(taskDataUrl(taskApi), task.id, name))
            : []),
          ...(filter.includeProcessVariables ? await processVariablesOf(task) : []),
        ];
        data.push(taskResponse(task, urls, variables, taskApi.api));
      }
      return data;
    },
  });

  const taskParams = IdParams('taskId');

  app.get(
    `${base}/:taskId`,
    { schema: { response: { 200: Task }, tags, summary: 'Get a task', params: taskParams } },
    async (request) => {
      const { task } = await visibleTask(request, request.params.taskId);
      return taskResponse(task, urlsFor(rest, request), [], taskApi.api);
    },
  );

  app.put(
    `${base}/:taskId`,
    {
      schema: {
        response: { 200: Task },
        tags,
        summary: 'Update a task',
        params: taskParams,
        body: TaskUpdateBody,
      },
    },
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
      return taskResponse((await getTaskRow(db, taskId))!, urlsFor(rest, request), [], taskApi.api);
    },
  );

  app.post(
    `${base}/:taskId`,
    {
      schema: {
        response: { 200: NoContent },
        tags,
        summary: 'Complete, claim, unclaim, delegate or resolve a task',
        params: taskParams,
        body: TaskActionBody,
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
          if (body.formDefinitionId) {
            // Flowable's complete with a form: the variables are the form's values, checked against it
            await completeTaskWithForm(
              engine,
              taskId,
              {
                formDefinitionId: body.formDefinitionId,
                outcome: body.outcome,
                values: formValuesOf(body.variables),
                completion: {
                  localVariables: local.values,
                  transientVariables: toEngineVariables(body.transientVariables).values,
                  userId: principal.userId,
                },
              },
              principal,
            );
            break;
          }
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
