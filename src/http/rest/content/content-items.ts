/**
 * `/content-api`: Flowable's content REST API. Content items list, query, create (JSON for an
 * item without bytes, multipart for one with), read, update and delete; their bytes under
 * `.../{id}/data`. An item of a task or process instance is readable by whoever may see that
 * task or instance; admins see all (docs/content.md).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  checkContentTarget,
  createContentItem,
  deleteContentItemById,
  updateContentItemFields,
  visibleContentItem,
  type ContentItemFields,
} from '../../../content/content-commands.ts';
import { viewerOf } from '../../../engine/authorization.ts';
import { WeirError } from '../../../errors.ts';
import { contentItemSorts, listContentItems } from '../../../persistence/content-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { IdParams, NullableStr, urlsFor, withDates, type RestContext } from '../context.ts';
import { Bool, Int, Str, StrList, listRoutes } from '../list-route.ts';
import { ContentItem, contentItemResponse } from './content-responses.ts';
import { readContentUpload } from './content-upload.ts';
import { NoContent } from '../schemas/common.ts';

const tags = ['Content item'];

const filters = {
  id: Str(),
  name: Str(),
  nameLike: Str(),
  mimeType: Str(),
  mimeTypeLike: Str(),
  taskId: Str(),
  taskIdLike: Str(),
  processInstanceId: Str(),
  processInstanceIdLike: Str(),
  scopeId: Str('Only items of this scope (a Weir addition: forms, cases)'),
  scopeType: Str('Only items of this scope type (a Weir addition)'),
  contentStoreId: Str(),
  contentStoreIdLike: Str(),
  contentStoreName: Str(),
  contentStoreNameLike: Str(),
  contentAvailable: Bool(),
  contentSize: Int(),
  minimumContentSize: Int(),
  maximumContentSize: Int(),
  field: Str(),
  fieldLike: Str(),
  createdOn: Str(),
  createdBefore: Str(),
  createdAfter: Str(),
  createdBy: Str(),
  createdByLike: Str(),
  lastModifiedOn: Str(),
  lastModifiedBefore: Str(),
  lastModifiedAfter: Str(),
  lastModifiedBy: Str(),
  lastModifiedByLike: Str(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};

const dateFilters = [
  'createdOn',
  'createdBefore',
  'createdAfter',
  'lastModifiedOn',
  'lastModifiedBefore',
  'lastModifiedAfter',
] as const;

/** Flowable's ContentItemRequest. */
const requestFields = {
  name: NullableStr(),
  mimeType: NullableStr(),
  taskId: NullableStr(),
  processInstanceId: NullableStr(),
  contentStoreId: NullableStr(),
  contentStoreName: NullableStr(),
  field: NullableStr(),
  tenantId: NullableStr(),
  createdBy: NullableStr(),
  lastModifiedBy: NullableStr(),
};
const ContentItemRequest = Type.Object(requestFields, { additionalProperties: false });
const formFields = Object.keys(requestFields);

const ItemParams = IdParams('contentItemId');

/** The JSON create body, checked by hand: the route also takes multipart, which has no JSON body. */
const jsonFields = (body: unknown): ContentItemFields => {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'body must be an object (ContentItemRequest)');
  for (const [key, value] of Object.entries(body)) {
    if (!formFields.includes(key))
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `body must NOT have additional properties: '${key}'`);
    if (value !== null && typeof value !== 'string')
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `body.${key} must be string`);
  }
  return body as ContentItemFields;
};

export const contentItemRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, content } = rest;

  listRoutes(app, {
    item: ContentItem,
    api: 'content-api',
    path: 'content-service/content-items',
    queryPath: 'query/content-items',
    tags,
    what: 'content items',
    filters,
    bodyFilters: { ids: StrList() },
    sorts: contentItemSorts,
    defaultSort: 'created',
    load: (request, filter, page) =>
      listContentItems(
        engine.db,
        { ...withDates(filter, dateFilters), visibleTo: viewerOf(principalOf(request)) },
        page,
      ),
    respond: (request, rows) => rows.map((row) => contentItemResponse(row, urlsFor(rest, request))),
  });

  app.post(
    '/content-api/content-service/content-items',
    {
      schema: {
        response: { 201: ContentItem },
        tags,
        summary:
          'Create a content item: JSON (ContentItemRequest, no data) or multipart (fields and one file)',
        consumes: ['application/json', 'multipart/form-data'],
      },
    },
    async (request, reply) => {
      const by = principalOf(request);
      let item;
      if (request.isMultipart()) {
        const upload = await readContentUpload(request, content, formFields, (fields) =>
          checkContentTarget(engine, fields, by),
        );
        if (!upload.bytes) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Content item content is required.');
        const fields: ContentItemFields = upload.fields;
        item = await createContentItem(engine, content, fields, upload.bytes, by);
      } else {
        item = await createContentItem(engine, content, jsonFields(request.body), undefined, by);
      }
      return reply.code(201).send(contentItemResponse(item, urlsFor(rest, request)));
    },
  );

  app.get(
    '/content-api/content-service/content-items/:contentItemId',
    { schema: { response: { 200: ContentItem }, tags, summary: 'Get a content item', params: ItemParams } },
    async (request) => {
      const item = await visibleContentItem(engine, request.params.contentItemId, principalOf(request));
      return contentItemResponse(item, urlsFor(rest, request));
    },
  );

  app.put(
    '/content-api/content-service/content-items/:contentItemId',
    {
      schema: {
        response: { 200: ContentItem },
        tags,
        summary: 'Update a content item',
        params: ItemParams,
        body: ContentItemRequest,
      },
    },
    async (request) => {
      const item = await updateContentItemFields(
        engine,
        content,
        request.params.contentItemId,
        request.body,
        undefined,
        principalOf(request),
      );
      return contentItemResponse(item, urlsFor(rest, request));
    },
  );

  app.delete(
    '/content-api/content-service/content-items/:contentItemId',
    { schema: { response: { 204: NoContent }, tags, summary: 'Delete a content item', params: ItemParams } },
    async (request, reply) => {
      await deleteContentItemById(engine, content, request.params.contentItemId, principalOf(request));
      return reply.code(204).send();
    },
  );
};
