/**
 * `GET /dmn-api/dmn-management/engine`: the decision engine, as Flowable's DmnEngineResource
 * describes it. Weir's decision engine is part of the one engine, so it answers the engine's
 * name and version, as the other engines' `engine` routes do.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RestContext } from '../context.ts';
import { EngineInfo } from '../schemas/common.ts';

export const dmnManagementRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  app.get(
    '/dmn-api/dmn-management/engine',
    { schema: { response: { 200: EngineInfo }, tags: ['Engine'], summary: 'Get DMN engine info' } },
    () => ({ name: 'default', version: rest.version, resourceUrl: null, exception: null }),
  );
};
