/** `/process-api/history/...` and the `query/historic-...` POST endpoints. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  historicDetailSorts,
  historicInstanceSorts,
  historicTaskSorts,
  historicVariableSorts,
  listHistoricDetails,
  listHistoricProcessInstances,
  listHistoricTasks,
  listHistoricVariables,
  type HistoricInstanceFilter,
  type HistoricTaskFilter,
  type HistoricDetailFilter,
  type HistoricVariableFilter,
} from '../../persistence/rest-history-sql.ts';
import { viewerOf } from '../../engine/authorization.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { idParams, notFound, parseDate, urlsFor, type RestContext } from './context.ts';
import {
  envelope,
  listQuerySchema,
  pagingFrom,
  queryRouteSchema,
  readPage,
  type PagingInput,
} from './paging.ts';
import {
  historicDetailResponse,
  historicInstanceResponse,
  historicTaskResponse,
  historicVariableResponse,
} from './responses.ts';
import {
  queryVariableSchema,
  restVariable,
  toVariableConditions,
  type RestQueryVariable,
  type RestVariable,
} from './variables.ts';

const tags = ['History'];
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

const instanceProperties = {
  processInstanceId: str,
  processDefinitionKey: str,
  processDefinitionId: str,
  businessKey: str,
  businessKeyLike: str,
  involvedUser: str,
  finished: bool,
  superProcessInstanceId: str,
  excludeSubprocesses: bool,
  finishedAfter: str,
  finishedBefore: str,
  startedAfter: str,
  startedBefore: str,
  startedBy: str,
  includeProcessVariables: bool,
  tenantId: str,
  tenantIdLike: str,
  withoutTenantId: bool,
};

type InstanceQuery = PagingInput &
  Omit<
    HistoricInstanceFilter,
    'finishedAfter' | 'finishedBefore' | 'startedAfter' | 'startedBefore' | 'variables'
  > & {
    finishedAfter?: string;
    finishedBefore?: string;
    startedAfter?: string;
    startedBefore?: string;
    includeProcessVariables?: boolean;
    variables?: RestQueryVariable[];
  };

const taskProperties = {
  taskId: str,
  processInstanceId: str,
  processDefinitionKey: str,
  processDefinitionId: str,
  taskName: str,
  taskNameLike: str,
  taskDescription: str,
  taskDescriptionLike: str,
  taskDefinitionKey: str,
  taskDeleteReason: str,
  taskAssignee: str,
  taskAssigneeLike: str,
  taskOwner: str,
  taskOwnerLike: str,
  taskInvolvedUser: str,
  taskPriority: { type: 'integer' },
  finished: bool,
  processFinished: bool,
  dueDateAfter: str,
  dueDateBefore: str,
  withoutDueDate: bool,
  taskCompletedAfter: str,
  taskCompletedBefore: str,
  taskCreatedAfter: str,
  taskCreatedBefore: str,
  includeTaskLocalVariables: bool,
  includeProcessVariables: bool,
  tenantId: str,
  withoutTenantId: bool,
};

type TaskQuery = PagingInput &
  Omit<
    HistoricTaskFilter,
    | 'dueDateAfter'
    | 'dueDateBefore'
    | 'taskCompletedAfter'
    | 'taskCompletedBefore'
    | 'taskCreatedAfter'
    | 'taskCreatedBefore'
    | 'visibleTo'
  > & {
    dueDateAfter?: string;
    dueDateBefore?: string;
    taskCompletedAfter?: string;
    taskCompletedBefore?: string;
    taskCreatedAfter?: string;
    taskCreatedBefore?: string;
    includeTaskLocalVariables?: boolean;
    includeProcessVariables?: boolean;
  };

const variableProperties = {
  processInstanceId: str,
  taskId: str,
  executionId: str,
  excludeTaskVariables: bool,
  variableName: str,
  variableNameLike: str,
};

type VariableQuery = PagingInput &
  Omit<HistoricVariableFilter, 'variables' | 'visibleTo'> & { variables?: RestQueryVariable[] };

const detailProperties = {
  id: str,
  processInstanceId: str,
  executionId: str,
  activityInstanceId: str,
  taskId: str,
  selectOnlyFormProperties: bool,
  selectOnlyVariableUpdates: bool,
};

type DetailQuery = PagingInput & Omit<HistoricDetailFilter, 'visibleTo'>;

const ALL = { start: 0, size: 10_000, sort: 'variableName', order: 'asc' } as const;

export const historyRoutes: FastifyPluginAsync<{ rest: RestContext }> = async (app, { rest }) => {
  const { db } = rest;

  const variablesOfInstance = async (processInstanceId: string): Promise<RestVariable[]> => {
    const { rows } = await listHistoricVariables(db, { processInstanceId, excludeTaskVariables: true }, ALL);
    return rows
      .filter((v) => v.executionId === processInstanceId)
      .map((v) => restVariable(v.name, { type: v.type as never, value: v.value }, 'global'));
  };

  const instances = async (request: FastifyRequest, q: InstanceQuery, paging: PagingInput) => {
    const page = readPage(paging, historicInstanceSorts, 'processInstanceId');
    const { rows, total } = await listHistoricProcessInstances(
      db,
      {
        ...q,
        finishedAfter: parseDate('finishedAfter', q.finishedAfter),
        finishedBefore: parseDate('finishedBefore', q.finishedBefore),
        startedAfter: parseDate('startedAfter', q.startedAfter),
        startedBefore: parseDate('startedBefore', q.startedBefore),
        variables: toVariableConditions(q.variables),
        visibleTo: viewerOf(principalOf(request)),
      },
      page,
    );
    const urls = urlsFor(rest, request);
    const data = [];
    for (const row of rows) {
      data.push(
        historicInstanceResponse(
          row,
          urls,
          q.includeProcessVariables ? await variablesOfInstance(row.id) : [],
        ),
      );
    }
    return envelope(data, total, page);
  };

  app.get<{ Querystring: InstanceQuery }>(
    '/process-api/history/historic-process-instances',
    {
      schema: {
        tags,
        summary: 'List historic process instances',
        querystring: listQuerySchema(instanceProperties),
      },
    },
    (request) => instances(request, request.query, request.query),
  );

  app.post<{ Body: InstanceQuery; Querystring: PagingInput }>(
    '/process-api/query/historic-process-instances',
    {
      schema: queryRouteSchema('Query historic process instances', {
        ...instanceProperties,
        processInstanceIds: { type: 'array', items: str },
        variables: { type: 'array', items: queryVariableSchema },
      }),
    },
    (request) => instances(request, request.body, pagingFrom(request.body, request.query)),
  );

  app.get<{ Params: { processInstanceId: string } }>(
    '/process-api/history/historic-process-instances/:processInstanceId',
    { schema: { tags, summary: 'Get a historic process instance', params: idParams('processInstanceId') } },
    async (request) => {
      const { processInstanceId } = request.params;
      const { rows } = await listHistoricProcessInstances(
        db,
        { processInstanceId, visibleTo: viewerOf(principalOf(request)) },
        { start: 0, size: 1, sort: 'processInstanceId', order: 'asc' },
      );
      if (!rows[0]) throw notFound('historic process instance', processInstanceId);
      return historicInstanceResponse(
        rows[0],
        urlsFor(rest, request),
        await variablesOfInstance(processInstanceId),
      );
    },
  );

  const tasks = async (request: FastifyRequest, q: TaskQuery, paging: PagingInput) => {
    const page = readPage(paging, historicTaskSorts, 'taskInstanceId');
    const principal = principalOf(request);
    const { rows, total } = await listHistoricTasks(
      db,
      {
        ...q,
        dueDateAfter: parseDate('dueDateAfter', q.dueDateAfter),
        dueDateBefore: parseDate('dueDateBefore', q.dueDateBefore),
        taskCompletedAfter: parseDate('taskCompletedAfter', q.taskCompletedAfter),
        taskCompletedBefore: parseDate('taskCompletedBefore', q.taskCompletedBefore),
        taskCreatedAfter: parseDate('taskCreatedAfter', q.taskCreatedAfter),
        taskCreatedBefore: parseDate('taskCreatedBefore', q.taskCreatedBefore),
        visibleTo: viewerOf(principal),
      },
      page,
    );
    const urls = urlsFor(rest, request);
    const data = [];
    for (const row of rows) {
      const variables: RestVariable[] = [];
      if (q.includeTaskLocalVariables) {
        const local = await listHistoricVariables(db, { taskId: row.id }, ALL);
        variables.push(
          ...local.rows.map((v) => restVariable(v.name, { type: v.type as never, value: v.value }, 'local')),
        );
      }
      if (q.includeProcessVariables && row.processInstanceId)
        variables.push(...(await variablesOfInstance(row.processInstanceId)));
      data.push(historicTaskResponse(row, urls, variables));
    }
    return envelope(data, total, page);
  };

  app.get<{ Querystring: TaskQuery }>(
    '/process-api/history/historic-task-instances',
    {
      schema: { tags, summary: 'List historic task instances', querystring: listQuerySchema(taskProperties) },
    },
    (request) => tasks(request, request.query, request.query),
  );

  app.post<{ Body: TaskQuery; Querystring: PagingInput }>(
    '/process-api/query/historic-task-instances',
    {
      schema: queryRouteSchema('Query historic task instances', {
        ...taskProperties,
        processInstanceIds: { type: 'array', items: str },
      }),
    },
    (request) => tasks(request, request.body, pagingFrom(request.body, request.query)),
  );

  app.get<{ Params: { taskId: string } }>(
    '/process-api/history/historic-task-instances/:taskId',
    { schema: { tags, summary: 'Get a historic task instance', params: idParams('taskId') } },
    async (request) => {
      const result = await tasks(request, { taskId: request.params.taskId }, { start: 0, size: 1 });
      if (!result.data[0]) throw notFound('historic task instance', request.params.taskId);
      return result.data[0];
    },
  );

  const variables = async (request: FastifyRequest, q: VariableQuery, paging: PagingInput) => {
    const page = readPage(paging, historicVariableSorts, 'variableName');
    const { rows, total } = await listHistoricVariables(
      db,
      { ...q, variables: toVariableConditions(q.variables), visibleTo: viewerOf(principalOf(request)) },
      page,
    );
    const urls = urlsFor(rest, request);
    return envelope(
      rows.map((v) => historicVariableResponse(v, urls)),
      total,
      page,
    );
  };

  app.get<{ Querystring: VariableQuery }>(
    '/process-api/history/historic-variable-instances',
    {
      schema: {
        tags,
        summary: 'List historic variable instances',
        querystring: listQuerySchema(variableProperties),
      },
    },
    (request) => variables(request, request.query, request.query),
  );

  app.post<{ Body: VariableQuery; Querystring: PagingInput }>(
    '/process-api/query/historic-variable-instances',
    {
      schema: queryRouteSchema('Query historic variable instances', {
        ...variableProperties,
        variables: { type: 'array', items: queryVariableSchema },
      }),
    },
    (request) => variables(request, request.body, pagingFrom(request.body, request.query)),
  );

  const details = async (request: FastifyRequest, q: DetailQuery, paging: PagingInput) => {
    const page = readPage(paging, historicDetailSorts, 'processInstanceId');
    const { rows, total } = await listHistoricDetails(
      db,
      { ...q, visibleTo: viewerOf(principalOf(request)) },
      page,
    );
    const urls = urlsFor(rest, request);
    return envelope(
      rows.map((d) => historicDetailResponse(d, urls)),
      total,
      page,
    );
  };

  app.get<{ Querystring: DetailQuery }>(
    '/process-api/history/historic-detail',
    { schema: { tags, summary: 'List historic details', querystring: listQuerySchema(detailProperties) } },
    (request) => details(request, request.query, request.query),
  );

  app.post<{ Body: DetailQuery; Querystring: PagingInput }>(
    '/process-api/query/historic-detail',
    { schema: queryRouteSchema('Query historic details', detailProperties) },
    (request) => details(request, request.body, pagingFrom(request.body, request.query)),
  );
};
