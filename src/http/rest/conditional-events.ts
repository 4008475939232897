/**
 * `POST /process-api/runtime/process-instances/{processInstanceId}/evaluate-conditions`: Flowable's
 * `evaluateConditionalEvents` over REST. Like Flowable's, it takes no body (set variables first
 * through the variables routes) and answers 200 with an empty body.
 */
import type { FastifyPluginAsync } from 'fastify';
import { principalOf } from '../auth/basic-auth.ts';
import { idParams, type RestContext } from './context.ts';

export const conditionalEventRoutes: FastifyPluginAsync<{ rest: RestContext }> = async (app, { rest }) => {
  app.post<{ Params: { processInstanceId: string } }>(
    '/process-api/runtime/process-instances/:processInstanceId/evaluate-conditions',
    {
      schema: {
        tags: ['Process Instances'],
        summary: 'Evaluate the conditional events of a process instance',
        params: idParams('processInstanceId'),
      },
    },
    async (request, reply) => {
      await rest.engine.evaluateConditionalEvents(request.params.processInstanceId, {}, principalOf(request));
      return reply.code(200).send();
    },
  );
};
