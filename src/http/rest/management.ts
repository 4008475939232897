/**
 * `/process-api/management`: jobs by kind (executable, timer, dead-letter, suspended) with
 * their actions, and the engine's description. Needs `access-admin`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WeirError } from '../../errors.ts';
import type { JobState } from '../../engine/runtime-types.ts';
import { deleteJobInState, getJobInState, jobSorts, listJobs } from '../../persistence/rest-jobs-sql.ts';
import {
  ActionBody,
  IdParams,
  NullableStr,
  parseDate,
  urlsFor,
  withDates,
  type RestContext,
} from './context.ts';
import { Bool, listRoutes, Str } from './list-route.ts';
import { jobResponse } from './responses.ts';
import { moveDeadLetterJobToExecutable } from '../../jobs/dead-letters.ts';
import { Job } from './schemas/jobs.ts';
import { EngineInfo, NoContent, TextAnswer } from './schemas/common.ts';

const tags = ['Jobs'];

const kinds: ReadonlyArray<{ path: string; state: JobState; noun: string }> = [
  { path: 'jobs', state: 'executable', noun: 'job' },
  { path: 'timer-jobs', state: 'timer', noun: 'timer job' },
  { path: 'deadletter-jobs', state: 'deadletter', noun: 'deadletter job' },
  { path: 'suspended-jobs', state: 'suspended', noun: 'suspended job' },
];

const jobFilters = {
  id: Str(),
  processInstanceId: Str(),
  executionId: Str(),
  processDefinitionId: Str(),
  elementId: Str(),
  elementName: Str(),
  withRetriesLeft: Bool(),
  executable: Bool(),
  timersOnly: Bool(),
  messagesOnly: Bool(),
  withException: Bool(),
  exceptionMessage: Str(),
  dueBefore: Str(),
  dueAfter: Str(),
  locked: Bool(),
  unlocked: Bool(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
};

/** The `{"action": ...}` body of a job action; `dueDate` is read by `reschedule` only. */
const JobActionBody = <const A extends string>(actions: readonly A[]) =>
  ActionBody(actions, { dueDate: NullableStr() });

/** Run a job now, as the management APIs' execute action does. */
export const executeJobNow = async (engine: RestContext['engine'], jobId: string): Promise<void> => {
  try {
    await engine.executeJob(jobId);
  } catch (error) {
    // As the executor does: the failed run is rolled back, then recorded (retries, stack trace).
    await engine.recordJobFailure(jobId, error);
    throw error;
  }
};

/** A job's last stack trace as text, or 404 when it has none (the process and case management APIs). */
export const stacktraceOf = (job: { id: string; exceptionStacktrace: string | null }): string => {
  if (!job.exceptionStacktrace) {
    throw new WeirError('WEIR_NOT_FOUND', `Job with id '${job.id}' does not have an exception stacktrace.`);
  }
  return job.exceptionStacktrace;
};

export const managementRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;
  const now = () => engine.services.clock.now();

  for (const kind of kinds) {
    const base = `/process-api/management/${kind.path}`;
    const requireJob = async (id: string) => {
      const job = await getJobInState(db, id, kind.state);
      if (!job) throw new WeirError('WEIR_NOT_FOUND', `Could not find a ${kind.noun} with id '${id}'.`);
      return job;
    };

    listRoutes(app, {
      item: Job,
      path: `management/${kind.path}`,
      tags,
      what: `${kind.noun}s`,
      filters: jobFilters,
      sorts: jobSorts,
      defaultSort: 'id',
      load: (_request, filter, page) => {
        if (filter.timersOnly && filter.messagesOnly) {
          throw new WeirError(
            'WEIR_ILLEGAL_ARGUMENT',
            'Only one of timersOnly or messagesOnly can be provided',
          );
        }
        return listJobs(
          db,
          { ...withDates(filter, ['dueBefore', 'dueAfter'] as const), state: kind.state },
          page,
          now(),
        );
      },
      respond: (request, rows) => {
        const urls = urlsFor(rest, request);
        return rows.map((j) => jobResponse(j, urls));
      },
    });

    app.get(
      `${base}/:jobId`,
      { schema: { response: { 200: Job }, tags, summary: `Get a ${kind.noun}`, params: IdParams('jobId') } },
      async (request) => jobResponse(await requireJob(request.params.jobId), urlsFor(rest, request)),
    );

    app.delete(
      `${base}/:jobId`,
      {
        schema: {
          response: { 204: NoContent },
          tags,
          summary: `Delete a ${kind.noun}`,
          params: IdParams('jobId'),
        },
      },
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

    app.get(
      `${base}/:jobId/exception-stacktrace`,
      {
        schema: {
          response: { 200: TextAnswer('The job\x27s last exception') },
          tags,
          summary: `The exception stack trace of a ${kind.noun}`,
          params: IdParams('jobId'),
        },
      },
      async (request, reply) =>
        reply.type('text/plain').send(stacktraceOf(await requireJob(request.params.jobId))),
    );
  }

  app.post(
    '/process-api/management/jobs/:jobId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Execute a job now',
        params: IdParams('jobId'),
        body: JobActionBody(['execute']),
      },
    },
    async (request, reply) => {
      const job = await getJobInState(db, request.params.jobId, 'executable');
      if (!job)
        throw new WeirError('WEIR_NOT_FOUND', `Could not find a job with id '${request.params.jobId}'.`);
      await executeJobNow(engine, job.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/process-api/management/timer-jobs/:jobId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Move a timer job to the executable jobs (fire it now), or reschedule it (dueDate)',
        params: IdParams('jobId'),
        body: JobActionBody(['move', 'reschedule']),
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

  app.post(
    '/process-api/management/deadletter-jobs/:jobId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Move a dead-letter job back (retries reset)',
        params: IdParams('jobId'),
        body: JobActionBody(['move']),
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
    { schema: { response: { 200: EngineInfo }, tags: ['Engine'], summary: 'The process engine' } },
    async () => ({
      name: 'default',
      version: rest.version,
      resourceUrl: null,
      exception: null,
    }),
  );
};
