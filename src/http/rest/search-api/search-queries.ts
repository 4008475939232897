/**
 * `POST /search-api/query/{tasks|process-instances|historic-process-instances|case-instances}`:
 * queries on the search index, with Flowable's paging envelope, and
 * `POST /search-api/counts/{...}` with the same filters and `groupBy`
 * (`processDefinitionKey`, `state` or `assignee`) for dashboards. A user finds only the
 * tasks and instances they may see (the same rules as the process-api lists); case instances
 * (running and ended) are for admins and deployers, as the case API is, until cases have
 * per-instance visibility.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { viewerOf } from '../../../engine/authorization.ts';
import type { SortColumns } from '../../../persistence/rest-query-sql.ts';
import { searchGroupColumns, type SearchGroup } from '../../../persistence/search-query-sql.ts';
import type { SearchIndex, SearchQuery } from '../../../search/search-index.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { parseDate, urlsFor, type RestContext } from '../context.ts';
import {
  caseInstanceJson,
  historicInstanceJson,
  instanceJson,
  SearchCaseInstance,
  SearchCounts,
  SearchHistoricProcessInstance,
  SearchProcessInstance,
  SearchTask,
  taskJson,
} from './search-responses.ts';
import { listRoutes } from '../list-route.ts';
import {
  caseSearchFilters,
  historicInstanceSearchFilters,
  instanceSearchFilters,
  taskSearchFilters,
  variableConditions,
} from './search-filters.ts';

type Body = Record<string, unknown>;
const str = (body: Body, name: string) => body[name] as string | undefined;

const baseQuery = (request: FastifyRequest, body: Body): SearchQuery & { kind: SearchQuery['kind'] } => ({
  kind: 'process',
  text: str(body, 'text'),
  processDefinitionKey: str(body, 'processDefinitionKey'),
  processDefinitionId: str(body, 'processDefinitionId'),
  processInstanceId: str(body, 'processInstanceId'),
  businessKey: str(body, 'businessKey'),
  tenantId: str(body, 'tenantId'),
  state: str(body, 'state'),
  visibleTo: viewerOf(principalOf(request)),
});

const taskQuery = (request: FastifyRequest, body: Body): SearchQuery => ({
  ...baseQuery(request, body),
  kind: 'task',
  runtime: true,
  taskDefinitionKey: str(body, 'taskDefinitionKey'),
  assignee: str(body, 'assignee'),
  owner: str(body, 'owner'),
  unassigned: body.unassigned === true,
  candidateUser: str(body, 'candidateUser'),
  candidateGroups: body.candidateGroups as string[] | undefined,
  createdAfter: parseDate('createdAfter', str(body, 'createdAfter')),
  createdBefore: parseDate('createdBefore', str(body, 'createdBefore')),
  dueAfter: parseDate('dueAfter', str(body, 'dueAfter')),
  dueBefore: parseDate('dueBefore', str(body, 'dueBefore')),
  variables: [
    ...variableConditions('task', body.taskVariables as never),
    ...variableConditions('process', body.processInstanceVariables as never),
  ],
});

const instanceQuery = (request: FastifyRequest, body: Body): SearchQuery => ({
  ...baseQuery(request, body),
  startedBy: str(body, 'startedBy'),
  createdAfter: parseDate('startedAfter', str(body, 'startedAfter')),
  createdBefore: parseDate('startedBefore', str(body, 'startedBefore')),
  variables: variableConditions('process', body.variables as never),
});

const runtimeInstanceQuery = (request: FastifyRequest, body: Body): SearchQuery => ({
  ...instanceQuery(request, body),
  runtime: true,
});

const historicInstanceQuery = (request: FastifyRequest, body: Body): SearchQuery => ({
  ...instanceQuery(request, body),
  historic: true,
  finished: body.finished as boolean | undefined,
  endedAfter: parseDate('finishedAfter', str(body, 'finishedAfter')),
  endedBefore: parseDate('finishedBefore', str(body, 'finishedBefore')),
});

/** Cases: each caller finds the cases they may see, as `/cmmn-api`'s case lists show them. */
const caseQuery = (request: FastifyRequest, body: Body): SearchQuery => {
  return {
    kind: 'case',
    visibleTo: viewerOf(principalOf(request)),
    historic: true,
    text: str(body, 'text'),
    processDefinitionKey: str(body, 'caseDefinitionKey'),
    processDefinitionId: str(body, 'caseDefinitionId'),
    businessKey: str(body, 'businessKey'),
    tenantId: str(body, 'tenantId'),
    state: str(body, 'state'),
    startedBy: str(body, 'startedBy'),
    createdAfter: parseDate('startedAfter', str(body, 'startedAfter')),
    createdBefore: parseDate('startedBefore', str(body, 'startedBefore')),
    finished: body.finished as boolean | undefined,
    endedAfter: parseDate('finishedAfter', str(body, 'finishedAfter')),
    endedBefore: parseDate('finishedBefore', str(body, 'finishedBefore')),
    variables: variableConditions('case', body.variables as never),
  };
};

const taskSorts: SortColumns = {
  id: 'd.id',
  name: 'd.title',
  priority: 'd.priority',
  assignee: 'd.assignee',
  createTime: 'd.created_at',
  dueDate: 'd.due_date',
  processDefinitionKey: 'd.definition_key',
};

const instanceSorts: SortColumns = {
  id: 'd.id',
  name: 'd.title',
  businessKey: 'd.business_key',
  startTime: 'd.created_at',
  processDefinitionKey: 'd.definition_key',
  state: 'd.state',
};

/** The four lists of the search API, each declared once here. */
const searchLists = [
  {
    path: 'tasks',
    what: 'tasks in the search index',
    filters: taskSearchFilters,
    sorts: taskSorts,
    defaultSort: 'createTime',
    query: taskQuery,
    item: SearchTask,
    json: taskJson,
  },
  {
    path: 'process-instances',
    what: 'process instances in the search index',
    filters: instanceSearchFilters,
    sorts: instanceSorts,
    defaultSort: 'startTime',
    query: runtimeInstanceQuery,
    item: SearchProcessInstance,
    json: instanceJson,
  },
  {
    path: 'historic-process-instances',
    what: 'historic process instances in the search index',
    filters: historicInstanceSearchFilters,
    sorts: { ...instanceSorts, endTime: 'd.ended_at' },
    defaultSort: 'startTime',
    query: historicInstanceQuery,
    item: SearchHistoricProcessInstance,
    json: historicInstanceJson,
  },
  {
    path: 'case-instances',
    what: 'case instances in the search index (running and ended; admins and deployers)',
    filters: caseSearchFilters,
    sorts: {
      id: 'd.id',
      name: 'd.title',
      businessKey: 'd.business_key',
      startTime: 'd.created_at',
      endTime: 'd.ended_at',
      caseDefinitionKey: 'd.definition_key',
      state: 'd.state',
    },
    defaultSort: 'startTime',
    query: caseQuery,
    item: SearchCaseInstance,
    json: caseInstanceJson,
  },
] as const;

const groupNames = Object.keys(searchGroupColumns) as SearchGroup[];

const registerCounts = (
  app: FastifyInstance,
  rest: RestContext,
  search: SearchIndex,
  list: (typeof searchLists)[number],
) => {
  const body = Type.Object(
    { ...list.filters, groupBy: Type.Enum(groupNames, { type: 'string' }) },
    { additionalProperties: false },
  );
  app.post(
    `/search-api/counts/${list.path}`,
    {
      schema: {
        tags: ['Search'],
        summary: `Count ${list.what}, grouped`,
        body,
        response: { 200: SearchCounts },
      },
    },
    async (request) => {
      const sent = request.body as Body & { groupBy: SearchGroup };
      const data = await search.count(rest.db, list.query(request, sent), sent.groupBy);
      return { groupBy: sent.groupBy, data, total: data.reduce((sum, g) => sum + g.count, 0) };
    },
  );
};

export const searchRoutes: FastifyPluginAsync<{ rest: RestContext; search: SearchIndex }> = async (
  app,
  { rest, search },
) => {
  for (const list of searchLists) {
    listRoutes(app, {
      api: 'search-api',
      item: list.item,
      queryPath: `query/${list.path}`,
      tags: ['Search'],
      what: list.what,
      filters: list.filters,
      sorts: list.sorts,
      defaultSort: list.defaultSort,
      load: (request, filter, page) =>
        search.query(rest.db, list.query(request, filter as Body), list.sorts, page),
      respond: (request, rows) => {
        const urls = urlsFor(rest, request);
        return rows.map((d) => list.json(urls, d));
      },
    });
    registerCounts(app, rest, search, list);
  }
};
