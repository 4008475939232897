/**
 * `/process-api/identity/users/{userId}/info` and `.../picture`: a user's key/value info and
 * picture, as in Flowable's process-API identity service. Every REST user reads them; a user
 * changes their own, an admin anyone's (engine/user-extras.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import {
  addUserInfo,
  changeUserInfo,
  changeUserPicture,
  MAX_PICTURE_BYTES,
  removeUserInfo,
  requireSelfOrAdmin,
} from '../../engine/user-extras.ts';
import { getUser } from '../../persistence/idm-sql.ts';
import { getUserInfo, getUserPicture, listUserInfo } from '../../persistence/user-extras-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { notFound, urlsFor, type RestContext, type Urls } from './context.ts';
import { readSingleFileUpload } from './single-file-upload.ts';
import { FileAnswer, Link, NoContent, Text, TextOrNull, type Answer } from './schemas/common.ts';
import { ErrorBody } from './schemas/error-body.ts';

const base = '/process-api/identity/users/:userId';
const tags = ['Users'];
const userParams = Type.Object({ userId: Type.String({ minLength: 1 }) });
const infoParams = Type.Object({ userId: Type.String({ minLength: 1 }), key: Type.String({ minLength: 1 }) });
const infoValue = Type.String({ maxLength: 4000 });

const UserInfo = Type.Object({ key: Text(), value: TextOrNull(), url: Link() });

const infoResponse = (
  userId: string,
  key: string,
  value: string | null,
  urls: Urls,
): Answer<typeof UserInfo> => ({
  key,
  value,
  url: urls('process-api/identity/users/%s/info/%s', userId, key),
});

export const identityUserExtraRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db } = rest;
  const requireUser = async (id: string) => (await getUser(db, id)) ?? Promise.reject(notFound('user', id));

  app.get(
    `${base}/info`,
    {
      schema: {
        response: { 200: Type.Array(UserInfo) },
        tags,
        summary: "A user's info keys",
        params: userParams,
      },
    },
    async (request) => {
      const user = await requireUser(request.params.userId);
      const urls = urlsFor(rest, request);
      return (await listUserInfo(db, user.id)).map((i) => infoResponse(user.id, i.key, null, urls));
    },
  );

  app.post(
    `${base}/info`,
    {
      schema: {
        response: { 201: UserInfo, 409: ErrorBody },
        tags,
        summary: 'Create a new user info entry',
        params: userParams,
        body: Type.Object(
          { key: Type.String({ minLength: 1, maxLength: 255 }), value: infoValue },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { userId } = request.params;
      const { key, value } = request.body;
      await addUserInfo(db, userId, key, value, principalOf(request));
      return reply.code(201).send(infoResponse(userId, key, value, urlsFor(rest, request)));
    },
  );

  app.get(
    `${base}/info/:key`,
    { schema: { response: { 200: UserInfo }, tags, summary: "Get a user's info entry", params: infoParams } },
    async (request) => {
      const { userId, key } = request.params;
      await requireUser(userId);
      const info = await getUserInfo(db, userId, key);
      if (!info) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `User info with key '${key}' does not exists for user '${userId}'.`,
        );
      }
      return infoResponse(userId, key, info.value, urlsFor(rest, request));
    },
  );

  app.put(
    `${base}/info/:key`,
    {
      schema: {
        response: { 200: UserInfo },
        tags,
        summary: "Update a user's info entry",
        params: infoParams,
        body: Type.Object(
          { key: Type.Optional(Type.String()), value: infoValue },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const { userId, key } = request.params;
      if (request.body.key !== undefined && request.body.key !== key) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'Key provided in request body does not match the key in the resource URL.',
        );
      }
      await changeUserInfo(db, userId, key, request.body.value, principalOf(request));
      return infoResponse(userId, key, request.body.value, urlsFor(rest, request));
    },
  );

  app.delete(
    `${base}/info/:key`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: "Delete a user's info entry",
        params: infoParams,
      },
    },
    async (request, reply) => {
      await removeUserInfo(db, request.params.userId, request.params.key, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    `${base}/picture`,
    {
      schema: {
        response: { 200: FileAnswer('The picture, in the media type it was uploaded with', ['image/*']) },
        tags,
        summary: "Get a user's picture",
        params: userParams,
      },
    },
    async (request, reply) => {
      const user = await requireUser(request.params.userId);
      const picture = await getUserPicture(db, user.id);
      if (!picture)
        throw new WeirError('WEIR_NOT_FOUND', `The user with id '${user.id}' does not have a picture.`);
      return reply.type(picture.mimeType).send(Buffer.from(picture.bytes));
    },
  );

  app.put(
    `${base}/picture`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: "Update a user's picture (multipart/form-data: one file, optional field mimeType)",
        params: userParams,
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const user = await requireUser(request.params.userId);
      // refused before a byte of the upload is read
      await requireSelfOrAdmin(db, user.id, principalOf(request));
      const upload = await readSingleFileUpload(request, 'A user picture', MAX_PICTURE_BYTES, ['mimeType']);
      const mimeType = upload.fields.mimeType || 'image/jpeg';
      // Served back as the picture's Content-Type: only raster images, so that a "picture"
      // cannot be an HTML or SVG page that runs script in the server's origin.
      if (!/^image\/[\w.+-]+$/.test(mimeType) || /svg/i.test(mimeType)) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Form field 'mimeType' must be an image type other than SVG, not '${mimeType}'`,
        );
      }
      await changeUserPicture(db, user.id, { mimeType, bytes: upload.bytes }, principalOf(request));
      return reply.code(204).send();
    },
  );
};
