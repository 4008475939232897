/**
 * `repository/models`: Flowable's model store, rows with two opaque sources (the editor's
 * document and an extra, usually a thumbnail). Reads for every REST user; writes need
 * `deploy-definitions` (engine/models.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import {
  createModel,
  deleteModel,
  MAX_MODEL_SOURCE_BYTES,
  requireModelWriter,
  setModelSource,
  updateModel,
} from '../../engine/models.ts';
import {
  getModel,
  getModelSource,
  listModels,
  modelSorts,
  type ModelRow,
  type ModelSourceKind,
} from '../../persistence/models-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { iso, notFound, urlsFor, type RestContext, type Urls } from './context.ts';
import { Bool, Int, listRoutes, Str } from './list-route.ts';
import { readSingleFileUpload } from './single-file-upload.ts';
import {
  FileAnswer,
  IntOrNull,
  Link,
  LinkOrNull,
  NoContent,
  Text,
  TextOrNull,
  Timestamp,
  type Answer,
} from './schemas/common.ts';

const tags = ['Models'];
const base = '/process-api/repository/models';
const params = Type.Object({ modelId: Type.String({ minLength: 1 }) });
const nullableString = Type.Optional(Type.Union([Type.String(), Type.Null()]));
const modelBody = Type.Object(
  {
    name: nullableString,
    key: nullableString,
    category: nullableString,
    version: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    metaInfo: nullableString,
    deploymentId: nullableString,
    tenantId: nullableString,
  },
  { additionalProperties: false },
);

const Model = Type.Object({
  id: Text(),
  url: Link(),
  name: TextOrNull(),
  key: TextOrNull(),
  category: TextOrNull(),
  version: IntOrNull(),
  metaInfo: TextOrNull(),
  deploymentId: TextOrNull(),
  deploymentUrl: LinkOrNull(),
  tenantId: Text(),
  createTime: Timestamp(),
  lastUpdateTime: Timestamp(),
  sourceUrl: LinkOrNull(),
  sourceExtraUrl: LinkOrNull(),
});

const modelResponse = (m: ModelRow, urls: Urls): Answer<typeof Model> => ({
  id: m.id,
  url: urls('process-api/repository/models/%s', m.id),
  name: m.name,
  key: m.key,
  category: m.category,
  version: m.version,
  metaInfo: m.metaInfo,
  deploymentId: m.deploymentId,
  deploymentUrl: m.deploymentId ? urls('process-api/repository/deployments/%s', m.deploymentId) : null,
  tenantId: m.tenantId,
  createTime: iso(m.createTime),
  lastUpdateTime: iso(m.lastUpdateTime),
  sourceUrl: m.hasSource ? urls('process-api/repository/models/%s/source', m.id) : null,
  sourceExtraUrl: m.hasSourceExtra ? urls('process-api/repository/models/%s/source-extra', m.id) : null,
});

const sources: ReadonlyArray<{ path: string; kind: ModelSourceKind; noun: string; missing: string }> = [
  { path: 'source', kind: 'source', noun: 'editor source', missing: 'source' },
  { path: 'source-extra', kind: 'sourceExtra', noun: 'extra editor source', missing: 'extra source' },
];

export const modelRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db, engine } = rest;
  const store = { db, clock: engine.services.clock };
  const requireModel = async (id: string) =>
    (await getModel(db, id)) ?? Promise.reject(notFound('model', id));

  listRoutes(app, {
    item: Model,
    path: 'repository/models',
    tags,
    what: 'models',
    filters: {
      id: Str(),
      category: Str(),
      categoryLike: Str(),
      categoryNotEquals: Str(),
      name: Str(),
      nameLike: Str(),
      key: Str(),
      deploymentId: Str(),
      version: Int(),
      latestVersion: Bool(),
      deployed: Bool(),
      tenantId: Str(),
      tenantIdLike: Str(),
      withoutTenantId: Bool(),
    },
    sorts: modelSorts,
    defaultSort: 'id',
    load: (_request, filter, page) => listModels(db, filter, page),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((m) => modelResponse(m, urls));
    },
  });

  app.post(
    base,
    { schema: { response: { 201: Model }, tags, summary: 'Create a model', body: modelBody } },
    async (request, reply) => {
      const b = request.body;
      const model = await createModel(
        store,
        {
          name: b.name ?? null,
          key: b.key ?? null,
          category: b.category ?? null,
          version: b.version ?? null,
          metaInfo: b.metaInfo ?? null,
          deploymentId: b.deploymentId ?? null,
          tenantId: b.tenantId ?? '',
        },
        principalOf(request),
      );
      return reply.code(201).send(modelResponse(model, urlsFor(rest, request)));
    },
  );

  app.get(
    `${base}/:modelId`,
    { schema: { response: { 200: Model }, tags, summary: 'Get a model', params } },
    async (request) => modelResponse(await requireModel(request.params.modelId), urlsFor(rest, request)),
  );

  app.put(
    `${base}/:modelId`,
    {
      schema: {
        response: { 200: Model },
        tags,
        summary: 'Update a model (only the fields sent)',
        params,
        body: modelBody,
      },
    },
    async (request) => {
      const { tenantId, ...fields } = request.body;
      const patch = { ...fields, ...(tenantId !== undefined ? { tenantId: tenantId ?? '' } : {}) };
      const model = await updateModel(store, request.params.modelId, patch, principalOf(request));
      return modelResponse(model, urlsFor(rest, request));
    },
  );

  app.delete(
    `${base}/:modelId`,
    { schema: { response: { 204: NoContent }, tags, summary: 'Delete a model', params } },
    async (request, reply) => {
      await deleteModel(store, request.params.modelId, principalOf(request));
      return reply.code(204).send();
    },
  );

  for (const source of sources) {
    app.get(
      `${base}/:modelId/${source.path}`,
      {
        schema: {
          response: { 200: FileAnswer('The editor source, as it was stored', ['application/octet-stream']) },
          tags,
          summary: `Get the ${source.noun} of a model`,
          params,
        },
      },
      async (request, reply) => {
        const { modelId } = request.params;
        const bytes = await getModelSource(db, modelId, source.kind);
        if (bytes === undefined) throw notFound('model', modelId);
        if (bytes === null) {
          throw notFoundSource(modelId, source.missing);
        }
        return reply.type('application/octet-stream').send(Buffer.from(bytes));
      },
    );

    app.put(
      `${base}/:modelId/${source.path}`,
      {
        schema: {
          response: { 204: NoContent },
          tags,
          summary: `Set the ${source.noun} of a model (multipart/form-data, one file)`,
          params,
          consumes: ['multipart/form-data'],
        },
      },
      async (request, reply) => {
        const { modelId } = request.params;
        await requireModel(modelId);
        requireModelWriter(principalOf(request), modelId);
        const upload = await readSingleFileUpload(request, `A model ${source.noun}`, MAX_MODEL_SOURCE_BYTES);
        await setModelSource(store, modelId, source.kind, upload.bytes, principalOf(request));
        return reply.code(204).send();
      },
    );
  }
};

const notFoundSource = (modelId: string, what: string) =>
  new WeirError('WEIR_NOT_FOUND', `Model with id '${modelId}' does not have ${what} available.`);
