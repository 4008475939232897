/**
 * `POST management/deadletter-jobs`: Flowable's bulk action on dead-letter jobs,
 * `{"action": "move", "jobIds": [...]}`, all or none (jobs/dead-letters.ts). Flowable's other
 * action, `moveToHistoryJob`, has no meaning in Weir (no history jobs: see history-jobs.ts)
 * and is refused with a 400 that says so.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { moveDeadLetterJobsToExecutable } from '../../jobs/dead-letters.ts';
import type { RestContext } from './context.ts';
import { NoContent } from './schemas/common.ts';

/** One request moves at most this many jobs: the move is one transaction, kept short. */
const MAX_BULK_JOBS = 1000;

/** Where the route lives and which jobs it may move: the process engine's, or the case engine's. */
export interface DeadLetterBulkApi {
  readonly path: string;
  readonly tags: readonly string[];
  /** Only jobs of this scope; another engine's job id is unknown here. */
  readonly scopeType?: 'cmmn';
}

const processApi: DeadLetterBulkApi = { path: '/process-api/management/deadletter-jobs', tags: ['Jobs'] };

export const deadLetterBulkRoutes: FastifyPluginAsyncTypebox<{
  rest: RestContext;
  on?: DeadLetterBulkApi;
}> = async (app, { rest, on = processApi }) => {
  const { engine, db } = rest;
  app.post(
    on.path,
    {
      schema: {
        response: { 204: NoContent },
        tags: [...on.tags],
        summary: "Move a bulk of dead-letter jobs back to the executable jobs (action 'move')",
        body: Type.Object(
          {
            action: Type.String({ minLength: 1 }),
            jobIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: MAX_BULK_JOBS }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { action, jobIds } = request.body;
      if (action === 'moveToHistoryJob') {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          "Action 'moveToHistoryJob' is not supported: Weir writes history synchronously and has no history jobs",
        );
      }
      if (action !== 'move') {
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', "Invalid action, only 'move' is supported.");
      }
      await moveDeadLetterJobsToExecutable(
        db,
        jobIds,
        engine.services.config.defaultRetries,
        engine.services.clock.now(),
        on.scopeType,
      );
      return reply.code(204).send();
    },
  );
};
