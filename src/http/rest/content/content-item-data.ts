/**
 * `/content-api/content-service/content-items/{id}/data`: an item's bytes, streamed both ways.
 *
 * Reading checks the bytes against the size and SHA-256 recorded at upload. An item of up to
 * `VERIFY_BEFORE_SENDING` bytes is read and checked whole before the answer starts, so an
 * altered file is a clean 500 (WEIR_CONTENT_CHECKSUM_MISMATCH). A larger one is streamed as
 * it is read, to keep memory flat; a mismatch found at its end aborts the response, so the
 * client sees a broken transfer (its length short of Content-Length), never corrupt data
 * passed off as complete.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import {
  openContentItem,
  updateContentItemFields,
  visibleContentItem,
} from '../../../content/content-commands.ts';
import { WeirError } from '../../../errors.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { IdParams, urlsFor, type RestContext } from '../context.ts';
import { ContentItem, contentItemResponse } from './content-responses.ts';
import { readContentUpload } from './content-upload.ts';
import { EngineInfo, FileAnswer } from '../schemas/common.ts';

const tags = ['Content item'];
const ItemParams = IdParams('contentItemId');

/** 8 MiB: checked whole at a cost of at most this much memory per download. */
const VERIFY_BEFORE_SENDING = 8 * 1024 * 1024;

/** A media type as Flowable would send it; anything else goes as octet-stream. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

const readWhole = async (data: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of data) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

export const contentItemDataRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, content } = rest;

  app.get(
    '/content-api/content-service/content-items/:contentItemId/data',
    {
      schema: {
        response: { 200: FileAnswer("The bytes, in the item's media type", ['*/*']) },
        tags,
        summary: 'Get the data of a content item',
        params: ItemParams,
      },
    },
    async (request, reply) => {
      const { item, data } = await openContentItem(
        engine,
        content,
        request.params.contentItemId,
        principalOf(request),
      );
      const size = item.contentSize ?? 0;
      const body = size <= VERIFY_BEFORE_SENDING ? await readWhole(data) : data;
      const type =
        item.mimeType && MEDIA_TYPE.test(item.mimeType) ? item.mimeType : 'application/octet-stream';
      // served as a download: an uploaded text/html must not run as this origin's page
      return reply
        .header('content-type', type)
        .header('content-length', size)
        .header('content-disposition', 'attachment')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .send(body);
    },
  );

  app.post(
    '/content-api/content-service/content-items/:contentItemId/data',
    {
      schema: {
        response: { 201: ContentItem },
        tags,
        summary: 'Save the data of a content item (multipart/form-data with one file)',
        params: ItemParams,
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const by = principalOf(request);
      const id = request.params.contentItemId;
      const upload = await readContentUpload(request, content, [], async () => {
        await visibleContentItem(engine, id, by);
      });
      if (!upload.bytes) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Content item file is required.');
      const item = await updateContentItemFields(engine, content, id, {}, upload.bytes, by);
      return reply.code(201).send(contentItemResponse(item, urlsFor(rest, request)));
    },
  );

  app.get(
    '/content-api/content-management/engine',
    { schema: { response: { 200: EngineInfo }, tags: ['Engine'], summary: 'Get content engine info' } },
    () => ({ name: 'default', version: rest.version, resourceUrl: null, exception: null }),
  );
};
