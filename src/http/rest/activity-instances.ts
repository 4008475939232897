/**
 * Activity instances, runtime and historic: `GET runtime/activity-instances`,
 * `GET history/historic-activity-instances` and their `query/...` POST forms. Weir keeps one
 * activity table; Flowable's runtime activity instances are the rows of instances still running.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  historicActivitySorts,
  listHistoricActivities,
  type HistoricActivityFilter,
} from '../../persistence/rest-history-sql.ts';
import { viewerOf } from '../../engine/authorization.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { urlsFor, type RestContext } from './context.ts';
import {
  envelope,
  listQuerySchema,
  pagingFrom,
  queryRouteSchema,
  readPage,
  type PagingInput,
} from './paging.ts';
import { activityInstanceResponse, historicActivityResponse } from './responses.ts';

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

const activityProperties = {
  activityId: str,
  activityInstanceId: str,
  activityName: str,
  activityType: str,
  executionId: str,
  finished: bool,
  taskAssignee: str,
  processInstanceId: str,
  processDefinitionId: str,
  tenantId: str,
  tenantIdLike: str,
  withoutTenantId: bool,
};

type ActivityQuery = PagingInput & Omit<HistoricActivityFilter, 'visibleTo' | 'runningInstancesOnly'>;

export const activityInstanceRoutes: FastifyPluginAsync<{ rest: RestContext }> = async (app, { rest }) => {
  const { db } = rest;

  const list = async (request: FastifyRequest, q: ActivityQuery, paging: PagingInput, runtime: boolean) => {
    const page = readPage(paging, historicActivitySorts, 'startTime');
    const { start: _s, size: _z, sort: _o, order: _d, ...filter } = q;
    const { rows, total } = await listHistoricActivities(
      db,
      { ...filter, runningInstancesOnly: runtime, visibleTo: viewerOf(principalOf(request)) },
      page,
    );
    const urls = urlsFor(rest, request);
    const toResponse = runtime ? activityInstanceResponse : historicActivityResponse;
    return envelope(
      rows.map((a) => toResponse(a, urls)),
      total,
      page,
    );
  };

  for (const [runtime, path, tag, what] of [
    [true, 'runtime/activity-instances', 'Runtime', 'activity instances'],
    [false, 'history/historic-activity-instances', 'History', 'historic activity instances'],
  ] as const) {
    app.get<{ Querystring: ActivityQuery }>(
      `/process-api/${path}`,
      { schema: { tags: [tag], summary: `List ${what}`, querystring: listQuerySchema(activityProperties) } },
      (request) => list(request, request.query, request.query, runtime),
    );
    const queryPath = path.replace(/^[a-z]+\//, 'query/');
    app.post<{ Body: ActivityQuery; Querystring: PagingInput }>(
      `/process-api/${queryPath}`,
      {
        schema: queryRouteSchema(`Query ${what}`, {
          ...activityProperties,
          processInstanceIds: { type: 'array', items: str },
        }),
      },
      (request) => list(request, request.body, pagingFrom(request.body, request.query), runtime),
    );
  }
};
