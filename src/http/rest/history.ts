/** `/process-api/history/...` and the `query/historic-...` POST endpoints. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  historicDetailSorts,
  historicInstanceSorts,
  historicTaskSorts,
  historicVariableSorts,
  listHistoricDetails,
  listHistoricProcessInstances,
  listHistoricTasks,
  listHistoricVariables,
} from '../../persistence/rest-history-sql.ts';
import type { Database } from '../../persistence/database.ts';
import { viewerOf } from '../../engine/authorization.ts';
import { principalOf } from '../auth/basic-auth.ts';
import {
  historicVariablesIndexed,
  notFound,
  urlsFor,
  withDates,
  type RestContext,
  type Urls,
} from './context.ts';
import { Bool, Int, listRoutes, Str, StrList } from './list-route.ts';
import {
  historicDetailResponse,
  historicInstanceResponse,
  historicTaskResponse,
  historicVariableResponse,
} from './responses.ts';
import { QueryVariables, restVariable, toVariableConditions, type RestVariable } from './variables.ts';
import {
  HistoricDetail,
  HistoricProcessInstance,
  HistoricTaskInstance,
  HistoricVariableInstance,
} from './schemas/history.ts';

const tags = ['History'];

const instanceFilters = {
  processInstanceId: Str(),
  processDefinitionKey: Str(),
  processDefinitionId: Str(),
  businessKey: Str(),
  businessKeyLike: Str(),
  involvedUser: Str(),
  finished: Bool(),
  superProcessInstanceId: Str(),
  excludeSubprocesses: Bool(),
  finishedAfter: Str('ISO-8601 date'),
  finishedBefore: Str('ISO-8601 date'),
  startedAfter: Str('ISO-8601 date'),
  startedBefore: Str('ISO-8601 date'),
  startedBy: Str(),
  includeProcessVariables: Bool(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};
const instanceDates = ['finishedAfter', 'finishedBefore', 'startedAfter', 'startedBefore'] as const;

/** The historic task filters (the case API's task history takes them too). */
export const historicTaskFilters = {
  taskId: Str(),
  processInstanceId: Str(),
  processDefinitionKey: Str(),
  processDefinitionId: Str(),
  taskName: Str(),
  taskNameLike: Str(),
  taskDescription: Str(),
  taskDescriptionLike: Str(),
  taskDefinitionKey: Str(),
  taskDeleteReason: Str(),
  taskAssignee: Str(),
  taskAssigneeLike: Str(),
  taskOwner: Str(),
  taskOwnerLike: Str(),
  taskInvolvedUser: Str(),
  taskPriority: Int(),
  finished: Bool(),
  processFinished: Bool(),
  dueDateAfter: Str('ISO-8601 date'),
  dueDateBefore: Str('ISO-8601 date'),
  withoutDueDate: Bool(),
  taskCompletedAfter: Str('ISO-8601 date'),
  taskCompletedBefore: Str('ISO-8601 date'),
  taskCreatedAfter: Str('ISO-8601 date'),
  taskCreatedBefore: Str('ISO-8601 date'),
  includeTaskLocalVariables: Bool(),
  includeProcessVariables: Bool(),
  tenantId: Str(),
  withoutTenantId: Bool(),
};
export const historicTaskDates = [
  'dueDateAfter',
  'dueDateBefore',
  'taskCompletedAfter',
  'taskCompletedBefore',
  'taskCreatedAfter',
  'taskCreatedBefore',
] as const;

const variableFilters = {
  processInstanceId: Str(),
  taskId: Str(),
  executionId: Str(),
  excludeTaskVariables: Bool(),
  variableName: Str(),
  variableNameLike: Str(),
};

const detailFilters = {
  id: Str(),
  processInstanceId: Str(),
  executionId: Str(),
  activityInstanceId: Str(),
  taskId: Str(),
  selectOnlyFormProperties: Bool(),
  selectOnlyVariableUpdates: Bool(),
};

const ALL = { start: 0, size: 10_000, sort: 'variableName', order: 'asc' } as const;

/** The process-level variables of an instance, as history kept them. */
const variablesOfInstance = async (
  db: Database,
  processInstanceId: string,
  urls: Urls,
): Promise<RestVariable[]> => {
  const { rows } = await listHistoricVariables(db, { processInstanceId, excludeTaskVariables: true }, ALL);
  const dataUrl = 'process-api/history/historic-process-instances/%s/variables/%s/data';
  return rows
    .filter((v) => v.executionId === processInstanceId)
    .map((v) =>
      restVariable(
        v.name,
        { type: v.type as never, value: v.value },
        'global',
        urls(dataUrl, processInstanceId, v.name),
      ),
    );
};

export const historyRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db } = rest;

  const instances = listRoutes(app, {
    item: HistoricProcessInstance,
    path: 'history/historic-process-instances',
    queryPath: 'query/historic-process-instances',
    tags,
    what: 'historic process instances',
    filters: instanceFilters,
    bodyFilters: { processInstanceIds: StrList(), variables: QueryVariables() },
    sorts: historicInstanceSorts,
    defaultSort: 'processInstanceId',
    load: (request, filter, page) =>
      listHistoricProcessInstances(
        db,
        {
          ...withDates(filter, instanceDates),
          variables: toVariableConditions(filter.variables),
          variableIndex: historicVariablesIndexed(rest),
          visibleTo: viewerOf(principalOf(request)),
        },
        page,
      ),
    respond: async (request, rows, filter) => {
      const urls = urlsFor(rest, request);
      const data = [];
      for (const row of rows) {
        const variables = filter.includeProcessVariables ? await variablesOfInstance(db, row.id, urls) : [];
        data.push(historicInstanceResponse(row, urls, variables));
      }
      return data;
    },
  });

  app.get(
    '/process-api/history/historic-process-instances/:processInstanceId',
    {
      schema: {
        response: { 200: HistoricProcessInstance },
        tags,
        summary: 'Get a historic process instance',
        params: Type.Object({ processInstanceId: Type.String({ minLength: 1 }) }),
      },
    },
    async (request) => {
      const { processInstanceId } = request.params;
      const found = await instances(request, { processInstanceId, includeProcessVariables: true });
      if (!found.data[0]) throw notFound('historic process instance', processInstanceId);
      return found.data[0];
    },
  );

  const tasks = listRoutes(app, {
    item: HistoricTaskInstance,
    path: 'history/historic-task-instances',
    queryPath: 'query/historic-task-instances',
    tags,
    what: 'historic task instances',
    filters: historicTaskFilters,
    bodyFilters: {
      processInstanceIds: StrList(),
      taskVariables: QueryVariables("Conditions on the task's local variables"),
      processVariables: QueryVariables("Conditions on its process instance's variables"),
    },
    sorts: historicTaskSorts,
    defaultSort: 'taskInstanceId',
    load: (request, filter, page) =>
      listHistoricTasks(
        db,
        {
          ...withDates(filter, historicTaskDates),
          taskVariables: toVariableConditions(filter.taskVariables),
          processVariables: toVariableConditions(filter.processVariables),
          variableIndex: historicVariablesIndexed(rest),
          visibleTo: viewerOf(principalOf(request)),
        },
        page,
      ),
    respond: async (request, rows, filter) => {
      const urls = urlsFor(rest, request);
      const data = [];
      for (const row of rows) {
        const variables: RestVariable[] = [];
        if (filter.includeTaskLocalVariables) {
          const local = await listHistoricVariables(db, { taskId: row.id }, ALL);
          variables.push(
            ...local.rows.map((v) =>
              restVariable(
                v.name,
                { type: v.type as never, value: v.value },
                'local',
                urls('process-api/history/historic-task-instances/%s/variables/%s/data', row.id, v.name),
              ),
            ),
          );
        }
        if (filter.includeProcessVariables && row.processInstanceId)
          variables.push(...(await variablesOfInstance(db, row.processInstanceId, urls)));
        data.push(historicTaskResponse(row, urls, variables));
      }
      return data;
    },
  });

  app.get(
    '/process-api/history/historic-task-instances/:taskId',
    {
      schema: {
        response: { 200: HistoricTaskInstance },
        tags,
        summary: 'Get a historic task instance',
        params: Type.Object({ taskId: Type.String({ minLength: 1 }) }),
      },
    },
    async (request) => {
      const found = await tasks(request, { taskId: request.params.taskId });
      if (!found.data[0]) throw notFound('historic task instance', request.params.taskId);
      return found.data[0];
    },
  );

  listRoutes(app, {
    item: HistoricVariableInstance,
    path: 'history/historic-variable-instances',
    queryPath: 'query/historic-variable-instances',
    tags,
    what: 'historic variable instances',
    filters: variableFilters,
    bodyFilters: { variables: QueryVariables() },
    sorts: historicVariableSorts,
    defaultSort: 'variableName',
    load: (request, filter, page) =>
      listHistoricVariables(
        db,
        {
          ...filter,
          variables: toVariableConditions(filter.variables),
          visibleTo: viewerOf(principalOf(request)),
        },
        page,
      ),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((v) => historicVariableResponse(v, urls));
    },
  });

  listRoutes(app, {
    item: HistoricDetail,
    path: 'history/historic-detail',
    queryPath: 'query/historic-detail',
    tags,
    what: 'historic details',
    filters: detailFilters,
    sorts: historicDetailSorts,
    defaultSort: 'processInstanceId',
    load: (request, filter, page) =>
      listHistoricDetails(db, { ...filter, visibleTo: viewerOf(principalOf(request)) }, page),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((d) => historicDetailResponse(d, urls));
    },
  });
};
