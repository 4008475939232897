/**
 * `/process-api/runtime/tasks/{taskId}/attachments`: links to external resources, or files
 * uploaded as multipart/form-data (bounded by the HTTP body limit; docs/compatibility.md)
 * whose bytes the content engine stores as a content item of the task, checksum checked on
 * every read. Reads work on ended tasks too, as in Flowable.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import {
  addTaskAttachment,
  deleteTaskAttachment,
  type NewAttachment,
} from '../../engine/task-attachments.ts';
import { viewerOf } from '../../engine/authorization.ts';
import type { Database } from '../../persistence/database.ts';
import {
  attachmentContent,
  attachmentsOfTask,
  getAttachment,
  type AttachmentRow,
} from '../../persistence/attachments-sql.ts';
import { getContentItem } from '../../persistence/content-sql.ts';
import { streamOf } from '../../content/content-engine.ts';
import { listHistoricTasks } from '../../persistence/rest-history-sql.ts';
import { getTaskRow } from '../../persistence/runtime-reads-sql.ts';
import type { HttpLimits } from '../hardening/limits.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { notFound, urlsFor, type RestContext } from './context.ts';
import { bodyTooLarge, malformed, refuseDeclaredOversize } from './deployment-upload.ts';
import { attachmentResponse } from './task-record-responses.ts';
import { visibleTaskFor } from './task-access.ts';
import { FileAnswer, NoContent } from './schemas/common.ts';
import { Attachment } from './schemas/task-records.ts';

const tags = ['Task Attachments'];
const TaskParams = Type.Object({ taskId: Type.String({ minLength: 1 }) });
const AttachmentParams = Type.Object({
  taskId: Type.String({ minLength: 1 }),
  attachmentId: Type.String({ minLength: 1 }),
});

/** A task this user may see, running or (from history) ended: 404 alike otherwise. */
export const seeTaskOrItsHistory = async (db: Database, request: FastifyRequest, taskId: string) => {
  if (await getTaskRow(db, taskId)) {
    await visibleTaskFor(db, request, taskId);
    return;
  }
  const page = { start: 0, size: 1, sort: 'taskInstanceId', order: 'asc' } as const;
  const { rows } = await listHistoricTasks(db, { taskId, visibleTo: viewerOf(principalOf(request)) }, page);
  if (!rows[0]) throw notFound('task', taskId);
};

const TEXT_FIELDS = ['name', 'description', 'type', 'externalUrl'] as const;

/** An attachment as the request gives it: a file arrives as bytes, stored before the command. */
type AttachmentInput = Omit<NewAttachment, 'content'> & { content?: Buffer };

/** Flowable's AttachmentRequest, checked by hand: the route takes JSON or multipart. */
const jsonAttachment = (body: unknown): AttachmentInput => {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'body must be an object (AttachmentRequest)');
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!(TEXT_FIELDS as readonly string[]).includes(key))
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `body must NOT have additional properties: '${key}'`);
    if (value !== null && typeof value !== 'string')
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `body.${key} must be string`);
    out[key] = value;
  }
  if (!out.name) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Attachment name is required.');
  return { name: out.name, description: out.description, type: out.type, externalUrl: out.externalUrl };
};

/** A multipart attachment: the fields name, description, type and one file, under one budget. */
const multipartAttachment = async (request: FastifyRequest, limits: HttpLimits): Promise<AttachmentInput> => {
  refuseDeclaredOversize(request, limits.maxBodySize);
  let budget = limits.maxBodySize;
  const fields: Record<string, string> = {};
  let content: Buffer | null = null;
  for await (const part of request.parts()) {
    if (part.type !== 'file') {
      const value = String(part.value);
      budget -= Buffer.byteLength(value);
      if (budget < 0) throw bodyTooLarge(limits.maxBodySize);
      const name = part.fieldname.toLowerCase();
      if (name !== 'name' && name !== 'description' && name !== 'type')
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Unknown form field '${part.fieldname}'`);
      fields[name] = value;
      continue;
    }
    if (content !== null) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'An attachment takes one file');
    const chunks: Buffer[] = [];
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      budget -= chunk.length;
      if (budget < 0) throw bodyTooLarge(limits.maxBodySize);
      chunks.push(chunk);
    }
    content = Buffer.concat(chunks);
  }
  if (!fields.name) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Attachment name is required.');
  if (content === null) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Attachment content is required.');
  return { name: fields.name, description: fields.description ?? null, type: fields.type ?? null, content };
};

/** A media type Flowable would send the content with; anything else goes as octet-stream. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

export const taskAttachmentRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db, engine } = rest;

  const attachmentOf = async (taskId: string, attachmentId: string) => {
    const attachment = await getAttachment(db, attachmentId);
    if (!attachment || attachment.taskId !== taskId) {
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `Task '${taskId}' does not have an attachment with id '${attachmentId}'.`,
      );
    }
    return attachment;
  };

  /** The bytes: a content item's, verified as they are read, or (older rows) the row's own. */
  const contentOf = async (attachment: AttachmentRow): Promise<Readable | Buffer | null> => {
    if (!attachment.hasContent) return null;
    if (attachment.contentItemId === null) return attachmentContent(db, attachment.id);
    const item = await getContentItem(db, attachment.contentItemId);
    return item ? rest.content.open(item) : null;
  };

  app.get(
    '/process-api/runtime/tasks/:taskId/attachments',
    {
      schema: {
        response: { 200: Type.Array(Attachment) },
        tags,
        summary: 'Attachments of a task',
        params: TaskParams,
      },
    },
    async (request) => {
      await seeTaskOrItsHistory(db, request, request.params.taskId);
      const urls = urlsFor(rest, request);
      return (await attachmentsOfTask(db, request.params.taskId)).map((a) => attachmentResponse(a, urls));
    },
  );

  app.post(
    '/process-api/runtime/tasks/:taskId/attachments',
    {
      schema: {
        response: { 201: Attachment },
        tags,
        summary: 'Attach a link (JSON: name, description, type, externalUrl) or a file (multipart) to a task',
        params: TaskParams,
        consumes: ['application/json', 'multipart/form-data'],
      },
    },
    async (request, reply) => {
      const input = request.isMultipart()
        ? await multipartAttachment(request, rest.limits).catch((error: unknown) => {
            throw malformed(error);
          })
        : jsonAttachment(request.body);
      const bytes = input.content ? await rest.content.store(streamOf(input.content)) : null;
      try {
        const row = await addTaskAttachment(
          engine,
          request.params.taskId,
          { ...input, content: bytes },
          principalOf(request),
        );
        return await reply.code(201).send(attachmentResponse(row, urlsFor(rest, request)));
      } catch (error) {
        if (bytes) await rest.content.discard(bytes.key);
        throw error;
      }
    },
  );

  app.get(
    '/process-api/runtime/tasks/:taskId/attachments/:attachmentId',
    {
      schema: {
        response: { 200: Attachment },
        tags,
        summary: 'One attachment of a task',
        params: AttachmentParams,
      },
    },
    async (request) => {
      await seeTaskOrItsHistory(db, request, request.params.taskId);
      const attachment = await attachmentOf(request.params.taskId, request.params.attachmentId);
      return attachmentResponse(attachment, urlsFor(rest, request));
    },
  );

  app.delete(
    '/process-api/runtime/tasks/:taskId/attachments/:attachmentId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete an attachment of a task',
        params: AttachmentParams,
      },
    },
    async (request, reply) => {
      const { taskId, attachmentId } = request.params;
      await deleteTaskAttachment(engine, taskId, attachmentId, principalOf(request));
      void rest.content.sweep();
      return reply.code(204).send();
    },
  );

  app.get(
    '/process-api/runtime/tasks/:taskId/attachments/:attachmentId/content',
    {
      schema: {
        response: { 200: FileAnswer('The uploaded bytes, in the media type given at upload', ['*/*']) },
        tags,
        summary: 'The content of an attachment',
        params: AttachmentParams,
      },
    },
    async (request, reply) => {
      const { taskId, attachmentId } = request.params;
      await seeTaskOrItsHistory(db, request, taskId);
      const attachment = await attachmentOf(taskId, attachmentId);
      const content = await contentOf(attachment);
      if (!content) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Attachment with id '${attachmentId}' does not have content associated with it.`,
        );
      }
      const type =
        attachment.type && MEDIA_TYPE.test(attachment.type) ? attachment.type : 'application/octet-stream';
      // served as a download: an uploaded text/html must not run as this origin's page
      return reply
        .header('content-type', type)
        .header('content-disposition', 'attachment')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .send(content);
    },
  );
};
