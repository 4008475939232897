/**
 * Activity instances, runtime and historic: `GET runtime/activity-instances`,
 * `GET history/historic-activity-instances` and their `query/...` POST forms. Weir keeps one
 * activity table; Flowable's runtime activity instances are the rows of instances still running.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { historicActivitySorts, listHistoricActivities } from '../../persistence/rest-history-sql.ts';
import { viewerOf } from '../../engine/authorization.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { urlsFor, type RestContext } from './context.ts';
import { Bool, listRoutes, Str, StrList } from './list-route.ts';
import { activityInstanceResponse, historicActivityResponse } from './responses.ts';
import { ActivityInstance, HistoricActivityInstance } from './schemas/history.ts';

const filters = {
  activityId: Str(),
  activityInstanceId: Str(),
  activityName: Str(),
  activityType: Str(),
  executionId: Str(),
  finished: Bool(),
  taskAssignee: Str(),
  processInstanceId: Str(),
  processDefinitionId: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};

export const activityInstanceRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  for (const [runtime, path, tag, what] of [
    [true, 'runtime/activity-instances', 'Runtime', 'activity instances'],
    [false, 'history/historic-activity-instances', 'History', 'historic activity instances'],
  ] as const) {
    listRoutes(app, {
      item: runtime ? ActivityInstance : HistoricActivityInstance,
      path,
      queryPath: path.replace(/^[a-z]+\//, 'query/'),
      tags: [tag],
      what,
      filters,
      bodyFilters: { processInstanceIds: StrList() },
      sorts: historicActivitySorts,
      defaultSort: 'startTime',
      load: (request, filter, page) =>
        listHistoricActivities(
          rest.db,
          { ...filter, runningInstancesOnly: runtime, visibleTo: viewerOf(principalOf(request)) },
          page,
        ),
      respond: (request, rows) => {
        const urls = urlsFor(rest, request);
        const toResponse = runtime ? activityInstanceResponse : historicActivityResponse;
        return rows.map((a) => toResponse(a, urls));
      },
    });
  }
};
