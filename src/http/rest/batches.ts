/**
 * Batches, as Flowable's REST API shows them: `POST repository/process-definitions/{id}/batch-migrate`
 * creates one; `management/batches` (list, get, delete, `batch-document`, `summary`,
 * `batch-parts`) and `management/batch-parts/{id}` (with `batch-part-document`, the part's
 * result) read them. The management paths are open to admins and deployers only (the gate in
 * `basic-auth.ts`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import {
  batchPartCounts,
  batchSorts,
  deleteBatch,
  getBatch,
  getBatchPart,
  listBatches,
  partsOfBatch,
  type BatchPartRow,
  type BatchRow,
} from '../../persistence/batches-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { iso, notFound, urlsFor, withDates, type RestContext, type Urls } from './context.ts';
import { Bool, listRoutes, Str } from './list-route.ts';
import { MigrationDocumentBody, migrationDocumentOf } from './migration.ts';
import {
  AnyValue,
  Count,
  Link,
  NoContent,
  Text,
  TextOrNull,
  Timestamp,
  TimestampOrNull,
  type Answer,
} from './schemas/common.ts';

const tags = ['Batches'];

export const Batch = Type.Object({
  id: Text(),
  url: Link(),
  batchType: Text(),
  searchKey: TextOrNull(),
  searchKey2: TextOrNull(),
  createTime: Timestamp(),
  completeTime: TimestampOrNull(),
  status: TextOrNull(),
  tenantId: Text(),
});

const BatchPart = Type.Object({
  id: Text(),
  url: Link(),
  batchId: Text(),
  batchUrl: Link(),
  batchType: Text(),
  searchKey: TextOrNull(),
  searchKey2: TextOrNull(),
  scopeId: TextOrNull(),
  subScopeId: TextOrNull(),
  scopeType: TextOrNull(),
  createTime: Timestamp(),
  completeTime: TimestampOrNull(),
  status: TextOrNull(),
  tenantId: Text(),
});

const BatchSummary = Type.Object({
  id: Text(),
  url: Link(),
  batchType: Text(),
  createTime: Timestamp(),
  status: TextOrNull(),
  completeTime: TimestampOrNull(),
  tenantId: Text(),
  totalBatchParts: Count(),
  completedBatchParts: Count(),
  successBatchParts: Count(),
  failedBatchParts: Count(),
});

export const batchResponse = (b: BatchRow, urls: Urls): Answer<typeof Batch> => ({
  id: b.id,
  url: urls('process-api/management/batches/%s', b.id),
  batchType: b.batchType,
  searchKey: b.searchKey,
  searchKey2: b.searchKey2,
  createTime: iso(b.createdAt),
  completeTime: iso(b.completedAt),
  status: b.status,
  tenantId: b.tenantId,
});

const batchPartResponse = (p: BatchPartRow, urls: Urls): Answer<typeof BatchPart> => ({
  id: p.id,
  url: urls('process-api/management/batch-parts/%s', p.id),
  batchId: p.batchId,
  batchUrl: urls('process-api/management/batches/%s', p.batchId),
  batchType: p.batchType,
  searchKey: p.searchKey,
  searchKey2: p.searchKey2,
  scopeId: p.scopeId,
  subScopeId: p.subScopeId,
  scopeType: p.scopeType,
  createTime: iso(p.createdAt),
  completeTime: iso(p.completedAt),
  status: p.status,
  tenantId: p.tenantId,
});

const batchFilters = {
  id: Str(),
  batchType: Str(),
  searchKey: Str(),
  searchKey2: Str(),
  createTimeBefore: Str(),
  createTimeAfter: Str(),
  completeTimeBefore: Str(),
  completeTimeAfter: Str(),
  status: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};
const batchDates = [
  'createTimeBefore',
  'createTimeAfter',
  'completeTimeBefore',
  'completeTimeAfter',
] as const;

const BatchParams = Type.Object({ batchId: Type.String({ minLength: 1 }) });
const PartParams = Type.Object({ batchPartId: Type.String({ minLength: 1 }) });

export const batchRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db, engine } = rest;
  const requireBatch = async (id: string): Promise<BatchRow> => {
    const batch = await getBatch(db, id);
    if (!batch) throw notFound('batch', id);
    return batch;
  };
  const requirePart = async (id: string): Promise<BatchPartRow> => {
    const part = await getBatchPart(db, id);
    if (!part) throw notFound('batch part', id);
    return part;
  };

  app.post(
    '/process-api/repository/process-definitions/:processDefinitionId/batch-migrate',
    {
      schema: {
        response: { 200: Batch },
        tags: ['Process Definitions'],
        summary: 'Migrate the instances of a process definition in a batch',
        params: Type.Object({ processDefinitionId: Type.String({ minLength: 1 }) }),
        body: MigrationDocumentBody,
      },
    },
    async (request) => {
      const doc = migrationDocumentOf(request.body);
      const batchId = await engine.operators.batchMigrateProcessInstances(
        request.params.processDefinitionId,
        doc,
        request.body.processInstanceIdsToMigrate,
        principalOf(request),
      );
      return batchResponse((await getBatch(db, batchId))!, urlsFor(rest, request));
    },
  );

  listRoutes(app, {
    item: Batch,
    path: 'management/batches',
    tags,
    what: 'batches',
    filters: batchFilters,
    sorts: batchSorts,
    defaultSort: 'id',
    load: (_request, filter, page) => listBatches(db, withDates(filter, batchDates), page),
    respond: (request, rows) => rows.map((b) => batchResponse(b, urlsFor(rest, request))),
  });

  app.get(
    '/process-api/management/batches/:batchId',
    { schema: { response: { 200: Batch }, tags, summary: 'Get a batch', params: BatchParams } },
    async (request) => batchResponse(await requireBatch(request.params.batchId), urlsFor(rest, request)),
  );

  app.delete(
    '/process-api/management/batches/:batchId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete a batch, its parts and the jobs still waiting to run them',
        params: BatchParams,
      },
    },
    async (request, reply) => {
      if (!(await deleteBatch(db, request.params.batchId))) throw notFound('batch', request.params.batchId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/process-api/management/batches/:batchId/batch-document',
    {
      schema: {
        response: { 200: AnyValue('The document the batch was created with (a migration document)') },
        tags,
        summary: 'Get the document of a batch',
        params: BatchParams,
      },
    },
    async (request, reply) => {
      const batch = await requireBatch(request.params.batchId);
      return reply.type('application/json').send(JSON.stringify(batch.document));
    },
  );

  app.get(
    '/process-api/management/batches/:batchId/summary',
    {
      schema: {
        response: { 200: BatchSummary },
        tags,
        summary: 'Get a batch summary (counts of its parts)',
        params: BatchParams,
      },
    },
    async (request) => {
      const batch = await requireBatch(request.params.batchId);
      const counts = await batchPartCounts(db, batch.id);
      const { id, url, batchType, createTime, status, completeTime, tenantId } = batchResponse(
        batch,
        urlsFor(rest, request),
      );
      return {
        id,
        url,
        batchType,
        createTime,
        status,
        completeTime,
        tenantId,
        totalBatchParts: counts.total,
        completedBatchParts: counts.completed,
        successBatchParts: counts.success,
        failedBatchParts: counts.fail,
      };
    },
  );

  app.get(
    '/process-api/management/batches/:batchId/batch-parts',
    {
      schema: {
        response: { 200: Type.Array(BatchPart) },
        tags,
        summary: 'List the parts of a batch',
        params: BatchParams,
        querystring: Type.Object({ status: Str('waiting, success or fail') }),
      },
    },
    async (request) => {
      const batch = await requireBatch(request.params.batchId);
      const urls = urlsFor(rest, request);
      return (await partsOfBatch(db, batch.id, request.query.status)).map((p) => batchPartResponse(p, urls));
    },
  );

  app.get(
    '/process-api/management/batch-parts/:batchPartId',
    { schema: { response: { 200: BatchPart }, tags, summary: 'Get a batch part', params: PartParams } },
    async (request) =>
      batchPartResponse(await requirePart(request.params.batchPartId), urlsFor(rest, request)),
  );

  app.get(
    '/process-api/management/batch-parts/:batchPartId/batch-part-document',
    {
      schema: {
        response: { 200: AnyValue('The result of the part: status, instance, validation messages') },
        tags,
        summary: 'Get the result document of a batch part',
        params: PartParams,
      },
    },
    async (request, reply) => {
      const part = await requirePart(request.params.batchPartId);
      if (part.result === null || part.result === undefined)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Batch part with id '${part.id}' does not have a result document.`,
        );
      return reply.type('application/json').send(JSON.stringify(part.result));
    },
  );
};
