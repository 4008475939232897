/**
 * `management/history-jobs`. Flowable can write history asynchronously, through history jobs
 * that a separate executor turns into ACT_HI_* rows later. Weir writes every history row in
 * the same transaction as the runtime change it records (engine/flush.ts), so there is never a
 * history job: the list is always empty and every id is unknown (404). The routes exist so that
 * Flowable clients and admin tools that poll them keep working.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import type { RestContext } from './context.ts';
import { Bool, listRoutes, Str } from './list-route.ts';
import { Job } from './schemas/jobs.ts';
import { NoContent } from './schemas/common.ts';

const params = Type.Object({ jobId: Type.String({ minLength: 1 }) });
const noHistoryJob = (id: string) =>
  new WeirError(
    'WEIR_NOT_FOUND',
    `Could not find a history job with id '${id}'. (Weir writes history synchronously and has no history jobs.)`,
  );

/** Where the routes live: the process engine's management API, or the case engine's. */
export interface HistoryJobApi {
  readonly api: 'process-api' | 'cmmn-api';
  readonly management: 'management' | 'cmmn-management';
  readonly tags: readonly string[];
}

const processApi: HistoryJobApi = { api: 'process-api', management: 'management', tags: ['Jobs'] };

export const historyJobRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext; on?: HistoryJobApi }> = async (
  app,
  { on = processApi },
) => {
  const base = `/${on.api}/${on.management}/history-jobs`;
  const tags = [...on.tags];
  listRoutes(app, {
    item: Job,
    api: on.api,
    path: `${on.management}/history-jobs`,
    tags,
    what: 'history jobs (always none: Weir writes history synchronously)',
    filters: {
      id: Str(),
      scopeType: Str(),
      handlerType: Str(),
      handlerTypes: Str('Comma-separated handler types'),
      withException: Bool(),
      exceptionMessage: Str(),
      lockOwner: Str(),
      locked: Bool(),
      unlocked: Bool(),
      tenantId: Str(),
      tenantIdLike: Str(),
      withoutTenantId: Bool(),
    },
    sorts: { id: 'id', retries: 'retries', tenantId: 'tenant_id' },
    defaultSort: 'id',
    load: () => Promise.resolve({ rows: [], total: 0 }),
    respond: () => [],
  });

  // The answers Flowable documents for a history job that exists; in Weir none does (404).
  app.get(
    `${base}/:jobId`,
    { schema: { tags, summary: 'Get a single history job', params, response: { 200: Job } } },
    (request) => {
      throw noHistoryJob(request.params.jobId);
    },
  );

  app.delete(
    `${base}/:jobId`,
    { schema: { tags, summary: 'Delete a history job', params, response: { 204: NoContent } } },
    (request) => {
      throw noHistoryJob(request.params.jobId);
    },
  );

  app.post(
    `${base}/:jobId`,
    {
      schema: {
        tags,
        summary: 'Execute a history job',
        params,
        response: { 204: NoContent },
        body: Type.Object({ action: Type.Literal('execute') }, { additionalProperties: false }),
      },
    },
    (request) => {
      throw noHistoryJob(request.params.jobId);
    },
  );
};
