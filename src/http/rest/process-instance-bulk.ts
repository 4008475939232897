/**
 * `POST runtime/process-instances/delete`: Flowable's bulk deletion (`{"action": "delete",
 * "instanceIds": [...], "deleteReason": "..."}`, 204). All or nothing: one command locks every
 * instance first, so an unknown or invisible id (404) deletes none.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { principalOf } from '../auth/basic-auth.ts';
import type { RestContext } from './context.ts';
import { NoContent } from './schemas/common.ts';

/** One command holds every instance's lock and document: a bound keeps it short. */
const MAX_INSTANCES = 1000;

const BulkDeleteBody = Type.Object(
  {
    action: Type.String({ description: "'delete'" }),
    instanceIds: Type.Array(Type.String({ minLength: 1 }), { maxItems: MAX_INSTANCES }),
    deleteReason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);

export const processInstanceBulkRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  app.post(
    '/process-api/runtime/process-instances/delete',
    {
      schema: {
        response: { 204: NoContent },
        tags: ['Process Instances'],
        summary: 'Delete several process instances',
        body: BulkDeleteBody,
      },
    },
    async (request, reply) => {
      const { action, instanceIds, deleteReason } = request.body;
      if (action !== 'delete') throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Illegal action: '${action}'.`);
      await rest.engine.deleteProcessInstances(instanceIds, deleteReason ?? null, principalOf(request));
      return reply.code(204).send();
    },
  );
};
