/**
 * Flowable's change-state actions: `POST runtime/process-instances/{id}/change-state` moves the
 * executions at `cancelActivityIds` to `startActivityIds`; `POST runtime/executions/{id}/change-state`
 * moves one execution to `startActivityIds`. Both answer 200 with no body, as Flowable does.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { principalOf } from '../auth/basic-auth.ts';
import type { RestContext } from './context.ts';
import { NoContent } from './schemas/common.ts';

const IdList = (description: string) =>
  Type.Optional(Type.Union([Type.Array(Type.String({ minLength: 1 })), Type.Null()], { description }));

const ChangeStateBody = Type.Object(
  {
    cancelActivityIds: IdList('Activities whose executions are cancelled'),
    startActivityIds: IdList('Activities started instead'),
  },
  { additionalProperties: false },
);

const startIdsOf = (ids: readonly string[] | null | undefined): string[] => {
  if (!ids || ids.length === 0)
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'startActivityIds: at least one activity id is required');
  return [...ids];
};

export const changeStateRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  app.post(
    '/process-api/runtime/process-instances/:processInstanceId/change-state',
    {
      schema: {
        response: { 200: NoContent },
        tags: ['Process Instances'],
        summary: 'Change the state of a process instance',
        params: Type.Object({ processInstanceId: Type.String({ minLength: 1 }) }),
        body: ChangeStateBody,
      },
    },
    async (request, reply) => {
      const { cancelActivityIds, startActivityIds } = request.body;
      if (!cancelActivityIds || cancelActivityIds.length === 0)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'cancelActivityIds: at least one activity id is required',
        );
      await rest.engine.operators.changeActivityState(
        request.params.processInstanceId,
        { cancelActivityIds, startActivityIds: startIdsOf(startActivityIds) },
        principalOf(request),
      );
      return reply.code(200).send();
    },
  );

  app.post(
    '/process-api/runtime/executions/:executionId/change-state',
    {
      schema: {
        response: { 200: NoContent },
        tags: ['Executions'],
        summary: 'Move an execution to other activities',
        params: Type.Object({ executionId: Type.String({ minLength: 1 }) }),
        body: ChangeStateBody,
      },
    },
    async (request, reply) => {
      const { cancelActivityIds, startActivityIds } = request.body;
      if (cancelActivityIds && cancelActivityIds.length > 0)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          'cancelActivityIds: an execution moves itself; name activities to cancel on the process instance instead',
        );
      await rest.engine.operators.changeExecutionState(
        request.params.executionId,
        startIdsOf(startActivityIds),
        principalOf(request),
      );
      return reply.code(200).send();
    },
  );
};
