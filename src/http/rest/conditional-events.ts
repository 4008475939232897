/**
 * `POST /process-api/runtime/process-instances/{processInstanceId}/evaluate-conditions`: Flowable's
 * `evaluateConditionalEvents` over REST. Like Flowable's, it takes no body (set variables first
 * through the variables routes) and answers 200 with an empty body.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { principalOf } from '../auth/basic-auth.ts';
import type { RestContext } from './context.ts';
import { NoContent } from './schemas/common.ts';

export const conditionalEventRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  app.post(
    '/process-api/runtime/process-instances/:processInstanceId/evaluate-conditions',
    {
      schema: {
        response: { 200: NoContent },
        tags: ['Process Instances'],
        summary: 'Evaluate the conditional events of a process instance',
        params: Type.Object({ processInstanceId: Type.String({ minLength: 1 }) }),
      },
    },
    async (request, reply) => {
      await rest.engine.evaluateConditionalEvents(request.params.processInstanceId, {}, principalOf(request));
      return reply.code(200).send();
    },
  );
};
