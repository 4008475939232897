/**
 * `GET /idm-api/idm-management/engine`: the identity engine, as Flowable describes it. Weir's
 * identity store is part of the one engine, so it answers the engine's name and version (the
 * same facts `/actuator/info` gives without credentials).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RestContext } from './context.ts';
import { EngineInfo } from './schemas/common.ts';

export const idmEngineRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  app.get(
    '/idm-api/idm-management/engine',
    { schema: { response: { 200: EngineInfo }, tags: ['Engine'], summary: 'Get IDM engine info' } },
    () => ({ name: 'default', version: rest.version, resourceUrl: null, exception: null }),
  );
};
