/**
 * `/process-api/management`: jobs by kind (executable, timer, dead-letter, suspended) with
 * their actions, and the engine's description. Needs `access-admin`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { WeirError } from '../../errors.ts';
import type { JobState } from '../../engine/runtime-types.ts';
import { deleteJobInState, getJobInState, jobSorts, listJobs } from '../../persistence/rest-jobs-sql.ts';
import { idParams, parseDate, urlsFor, type RestContext } from './context.ts';
import { envelope, listQuerySchema, readPage, type PagingInput } from './paging.ts';
import { jobResponse } from './responses.ts';
import { moveDeadLetterJobToExecutable } from '../../jobs/dead-letters.ts';

const tags = ['Jobs'];
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

const kinds: ReadonlyArray<{ path: string; state: JobState; noun: string }> = [
  { path: 'jobs', state: 'executable', noun: 'job' },
  { path: 'timer-jobs', state: 'timer', noun: 'timer job' },
  { path: 'deadletter-jobs', state: 'deadletter', noun: 'deadletter job' },
  { path: 'suspended-jobs', state: 'suspended', noun: 'suspended job' },
];

interface JobQuery extends PagingInput {
  id?: string;
  processInstanceId?: string;
  executionId?: string;
  processDefinitionId?: string;
  elementId?: string;
  elementName?: string;
  withRetriesLeft?: boolean;
  executable?: boolean;
  timersOnly?: boolean;
  messagesOnly?: boolean;
  withException?: boolean;
  exceptionMessage?: string;
  dueBefore?: string;
  dueAfter?: string;
  locked?: boolean;
  unlocked?: boolean;
  tenantId?: string;
  tenantIdLike?: string;
  withoutTenantId?: boolean;
}

export const managementRoutes: FastifyPluginAsync<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;
  const now = () => engine.services.clock.now();

  for (const kind of kinds) {
    const base = `/process-api/management/${kind.path}`;
    const requireJob = async (id: string) => {
      const job = await getJobInState(db, id, kind.state);
      if (!job) throw new WeirError('WEIR_NOT_FOUND', `Could not find a ${kind.noun} with id '${id}'.`);
      return job;
    };

    app.get<{ Querystring: JobQuery }>(
      base,
      {
        schema: {
          tags,
          summary: `List ${kind.noun}s`,
          querystring: listQuerySchema({
            id: str,
            processInstanceId: str,
            executionId: str,
            processDefinitionId: str,
            elementId: str,
            elementName: str,
            withRetriesLeft: bool,
            executable: bool,
            timersOnly: bool,
            messagesOnly: bool,
            withException: bool,
            exceptionMessage: str,
            dueBefore: str,
            dueAfter: str,
            locked: bool,
            unlocked: bool,
            tenantId: str,
            tenantIdLike: str,
            withoutTenantId: bool,
          }),
        },
      },
      async (request) => {
        const q = request.query;
        if (q.timersOnly && q.messagesOnly) {
          throw new WeirError(
            'WEIR_ILLEGAL_ARGUMENT',
            'Only one of timersOnly or messagesOnly can be provided',
          );
        }
        const page = readPage(q, jobSorts, 'id');
        const { rows, total } = await listJobs(
          db,
          {
            ...q,
            state: kind.state,
            dueBefore: parseDate('dueBefore', q.dueBefore),
            dueAfter: parseDate('dueAfter', q.dueAfter),
          },
          page,
          now(),
        );
        const urls = urlsFor(rest, request);
        return envelope(
          rows.map((j) => jobResponse(j, urls)),
          total,
          page,
        );
      },
    );

    app.get<{ Params: { jobId: string } }>(
      `${base}/:jobId`,
      { schema: { tags, summary: `Get a ${kind.noun}`, params: idParams('jobId') } },
      async (request) => jobResponse(await requireJob(request.params.jobId), urlsFor(rest, request)),
    );

    app.delete<{ Params: { jobId: string } }>(
      `${base}/:jobId`,
      { schema: { tags, summary: `Delete a ${kind.noun}`, params: idParams('jobId') } },
      async (request, reply) => {
        if (!(await deleteJobInState(db, request.params.jobId, kind.state))) {
          throw new WeirError(
            'WEIR_NOT_FOUND',
            `Could not find a ${kind.noun} with id '${request.params.jobId}'.`,
          );
        }
        return reply.code(204).send();
      },
    );

    app.get<{ Params: { jobId: string } }>(
      `${base}/:jobId/exception-stacktrace`,
      { schema: { tags, summary: `The exception stack trace of a ${kind.noun}`, params: idParams('jobId') } },
      async (request, reply) => {
        const job = await requireJob(request.params.jobId);
        if (!job.exceptionStacktrace) {
          throw new WeirError(
            'WEIR_NOT_FOUND',
            `Job with id '${job.id}' does not have an exception stacktrace.`,
          );
        }
        return reply.type('text/plain').send(job.exceptionStacktrace);
      },
    );
  }

  const actionSchema = (actions: string[]) => ({
    type: 'object',
    required: ['action'],
    additionalProperties: false,
    properties: { action: { type: 'string', enum: actions }, dueDate: { type: ['string', 'null'] } },
  });

  app.post<{ Params: { jobId: string }; Body: { action: 'execute' } }>(
    '/process-api/management/jobs/:jobId',
    {
      schema: {
        tags,
        summary: 'Execute a job now',
        params: idParams('jobId'),
        body: actionSchema(['execute']),
      },
    },
    async (request, reply) => {
      const job = await getJobInState(db, request.params.jobId, 'executable');
      if (!job)
        throw new WeirError('WEIR_NOT_FOUND', `Could not find a job with id '${request.params.jobId}'.`);
      try {
        await engine.executeJob(job.id);
      } catch (error) {
        // As the executor does: the failed run is rolled back, then recorded (retries, stack trace).
        await engine.recordJobFailure(job.id, error);
        throw error;
      }
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { jobId: string }; Body: { action: 'move' | 'reschedule'; dueDate?: string | null } }>(
    '/process-api/management/timer-jobs/:jobId',
    {
      schema: {
        tags,
        summary: 'Move a timer job to the executable jobs (fire it now), or reschedule it (dueDate)',
        params: idParams('jobId'),
        body: actionSchema(['move', 'reschedule']),
      },
    },
    async (request, reply) => {
      const { jobId } = request.params;
      if (request.body.action === 'move') await engine.moveTimerJobToExecutable(jobId);
      else {
        const dueDate = parseDate('dueDate', request.body.dueDate);
        if (!dueDate)
          throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'dueDate is required to reschedule a timer job');
        await engine.rescheduleTimerJob(jobId, dueDate);
      }
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { jobId: string }; Body: { action: 'move' } }>(
    '/process-api/management/deadletter-jobs/:jobId',
    {
      schema: {
        tags,
        summary: 'Move a dead-letter job back (retries reset)',
        params: idParams('jobId'),
        body: actionSchema(['move']),
      },
    },
    async (request, reply) => {
      const { jobId } = request.params;
      await moveDeadLetterJobToExecutable(db, jobId, engine.services.config.defaultRetries, now());
      return reply.code(204).send();
    },
  );

  app.get(
    '/process-api/management/engine',
    { schema: { tags: ['Engine'], summary: 'The process engine' } },
    async () => ({
      name: 'default',
      version: rest.version,
      resourceUrl: null,
      exception: null,
    }),
  );
};
