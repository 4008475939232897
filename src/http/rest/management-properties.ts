/**
 * `management/properties` and `management/engine-properties`: the engine's name/value
 * properties, as Flowable answers them (one JSON object, name to value). Weir's derived ones
 * (schema version and history, engine version, id generator) are read-only; operators add,
 * change and remove their own (`access-admin`). See engine/engine-properties.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  createEngineProperty,
  deleteEngineProperty,
  engineProperties,
  managementProperties,
  updateEngineProperty,
} from '../../engine/engine-properties.ts';
import { principalOf } from '../auth/basic-auth.ts';
import type { RestContext } from './context.ts';
import { NoContent } from './schemas/common.ts';
import { ErrorBody } from './schemas/error-body.ts';

/** Every engine property by name: `schema.version`, `next.dbid`, ... */
const Properties = Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]));

const base = '/process-api/management';
const tags = ['Engine'];
const nameParams = Type.Object({ engineProperty: Type.String({ minLength: 1 }) });
const value = Type.Union([Type.String(), Type.Null()]);

export const managementPropertyRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db, version } = rest;

  app.get(
    `${base}/properties`,
    { schema: { response: { 200: Properties }, tags, summary: 'List engine properties' } },
    (request) => managementProperties(db, version, principalOf(request)),
  );

  app.get(
    `${base}/engine-properties`,
    {
      schema: {
        response: { 200: Properties },
        tags: ['EngineProperties'],
        summary: 'Get all engine properties',
      },
    },
    (request) => engineProperties(db, version, principalOf(request)),
  );

  app.post(
    `${base}/engine-properties`,
    {
      schema: {
        response: { 201: NoContent, 409: ErrorBody },
        tags: ['EngineProperties'],
        summary: 'Create a new engine property',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 255 }), value: Type.Optional(value) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      await createEngineProperty(db, request.body.name, request.body.value ?? null, principalOf(request));
      return reply.code(201).send();
    },
  );

  app.put(
    `${base}/engine-properties/:engineProperty`,
    {
      schema: {
        response: { 200: NoContent },
        tags: ['EngineProperties'],
        summary: 'Update an engine property',
        params: nameParams,
        // Flowable's body repeats the name; it is ignored, the path names the property.
        body: Type.Object(
          { name: Type.Optional(Type.String()), value: Type.Optional(value) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { engineProperty } = request.params;
      await updateEngineProperty(db, engineProperty, request.body.value ?? null, principalOf(request));
      return reply.code(200).send();
    },
  );

  app.delete(
    `${base}/engine-properties/:engineProperty`,
    {
      schema: {
        response: { 204: NoContent },
        tags: ['EngineProperties'],
        summary: 'Delete an engine property',
        params: nameParams,
      },
    },
    async (request, reply) => {
      await deleteEngineProperty(db, request.params.engineProperty, principalOf(request));
      return reply.code(204).send();
    },
  );
};
