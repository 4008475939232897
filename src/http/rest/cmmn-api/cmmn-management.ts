/**
 * `/cmmn-api/cmmn-management`: the jobs of cases (timers of timer event listeners, async plan
 * items) in the one job table, as Flowable's CMMN management API shows them: listed by kind
 * (executable, timer, dead-letter, suspended) and case, read one by one with their exception
 * stack traces, deleted, executed now, a timer moved to the executable jobs (fired) and a dead
 * letter moved back with its retries reset, one or a bulk of them. Running one locks its case
 * first, as the executor does. The history jobs are the process API's (none: history-jobs.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WeirError } from '../../../errors.ts';
import type { JobRow, JobState } from '../../../engine/runtime-types.ts';
import { deleteJobInState, getJobInState, jobSorts, listJobs } from '../../../persistence/rest-jobs-sql.ts';
import { moveDeadLetterJobToExecutable } from '../../../jobs/dead-letters.ts';
import { ActionBody, IdParams, iso, urlsFor, withDates, type RestContext, type Urls } from '../context.ts';
import { Bool, listRoutes, Str } from '../list-route.ts';
import { executeJobNow, stacktraceOf } from '../management.ts';
import { NoContent, TextAnswer, type Answer } from '../schemas/common.ts';
import { CaseJob } from '../schemas/cmmn.ts';
import { historyJobRoutes } from '../history-jobs.ts';
import { deadLetterBulkRoutes } from '../deadletter-bulk.ts';

const tags = ['Case Jobs'];

const kinds: ReadonlyArray<{ path: string; state: JobState; noun: string }> = [
  { path: 'jobs', state: 'executable', noun: 'job' },
  { path: 'timer-jobs', state: 'timer', noun: 'timer job' },
  { path: 'deadletter-jobs', state: 'deadletter', noun: 'deadletter job' },
  { path: 'suspended-jobs', state: 'suspended', noun: 'suspended job' },
];

const filters = {
  id: Str(),
  caseInstanceId: Str(),
  planItemInstanceId: Str(),
  caseDefinitionId: Str(),
  elementId: Str(),
  elementName: Str(),
  dueBefore: Str(),
  dueAfter: Str(),
  withException: Bool(),
  tenantId: Str(),
  withoutTenantId: Bool(),
};

const caseJobResponse = (j: JobRow, urls: Urls, path: string): Answer<typeof CaseJob> => {
  const caseInstanceId = j.rootInstanceId;
  return {
    id: j.id,
    url: urls(`cmmn-api/cmmn-management/${path}/%s`, j.id),
    caseInstanceId,
    caseInstanceUrl: caseInstanceId ? urls('cmmn-api/cmmn-runtime/case-instances/%s', caseInstanceId) : null,
    caseDefinitionId: j.definitionId,
    caseDefinitionUrl: j.definitionId
      ? urls('cmmn-api/cmmn-repository/case-definitions/%s', j.definitionId)
      : null,
    planItemInstanceId: (j.handlerConfig?.planItemInstanceId as string | undefined) ?? null,
    elementId: j.elementId,
    elementName: j.elementName,
    handlerType: j.handler,
    retries: j.retries,
    exceptionMessage: j.exceptionMessage,
    dueDate: iso(j.dueAt),
    createTime: iso(j.createdAt),
    lockOwner: j.lockOwner,
    lockExpirationTime: iso(j.lockExpiresAt),
    tenantId: j.tenantId,
  };
};

export const cmmnManagementRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;
  const now = () => engine.services.clock.now();

  await app.register(historyJobRoutes, {
    rest,
    on: { api: 'cmmn-api', management: 'cmmn-management', tags },
  });
  await app.register(deadLetterBulkRoutes, {
    rest,
    on: { path: '/cmmn-api/cmmn-management/deadletter-jobs', tags, scopeType: 'cmmn' },
  });

  for (const kind of kinds) {
    const requireJob = async (id: string) => {
      const job = await getJobInState(db, id, kind.state);
      if (!job || job.scopeType !== 'cmmn')
        throw new WeirError('WEIR_NOT_FOUND', `Could not find a ${kind.noun} with id '${id}'.`);
      return job;
    };

    listRoutes(app, {
      item: CaseJob,
      api: 'cmmn-api',
      path: `cmmn-management/${kind.path}`,
      tags,
      what: `${kind.noun}s of cases`,
      filters,
      sorts: jobSorts,
      defaultSort: 'id',
      load: (_request, { caseDefinitionId, ...filter }, page) =>
        listJobs(
          db,
          {
            ...withDates(filter, ['dueBefore', 'dueAfter'] as const),
            processDefinitionId: caseDefinitionId,
            state: kind.state,
            cmmnOnly: true,
          },
          page,
          now(),
        ),
      respond: (request, rows) => rows.map((j) => caseJobResponse(j, urlsFor(rest, request), kind.path)),
    });

    app.get(
      `/cmmn-api/cmmn-management/${kind.path}/:jobId`,
      {
        schema: {
          response: { 200: CaseJob },
          tags,
          summary: `Get a case's ${kind.noun}`,
          params: IdParams('jobId'),
        },
      },
      async (request) =>
        caseJobResponse(await requireJob(request.params.jobId), urlsFor(rest, request), kind.path),
    );

    app.delete(
      `/cmmn-api/cmmn-management/${kind.path}/:jobId`,
      {
        schema: {
          response: { 204: NoContent },
          tags,
          summary: `Delete a case's ${kind.noun}`,
          params: IdParams('jobId'),
        },
      },
      async (request, reply) => {
        const job = await requireJob(request.params.jobId);
        if (!(await deleteJobInState(db, job.id, kind.state))) {
          // run, moved or deleted since it was read
          throw new WeirError('WEIR_NOT_FOUND', `Could not find a ${kind.noun} with id '${job.id}'.`);
        }
        return reply.code(204).send();
      },
    );

    app.get(
      `/cmmn-api/cmmn-management/${kind.path}/:jobId/exception-stacktrace`,
      {
        schema: {
          response: { 200: TextAnswer("The job's last exception") },
          tags,
          summary: `The exception stack trace of a case's ${kind.noun}`,
          params: IdParams('jobId'),
        },
      },
      async (request, reply) =>
        reply.type('text/plain').send(stacktraceOf(await requireJob(request.params.jobId))),
    );
  }

  app.post(
    '/cmmn-api/cmmn-management/deadletter-jobs/:jobId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: "Move a case's dead-letter job back to the executable jobs (retries reset)",
        params: IdParams('jobId'),
        body: ActionBody(['move'] as const),
      },
    },
    async (request, reply) => {
      const job = await getJobInState(db, request.params.jobId, 'deadletter');
      if (!job || job.scopeType !== 'cmmn')
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Could not find a deadletter job with id '${request.params.jobId}'.`,
        );
      await moveDeadLetterJobToExecutable(db, job.id, engine.services.config.defaultRetries, now());
      return reply.code(204).send();
    },
  );

  app.post(
    '/cmmn-api/cmmn-management/jobs/:jobId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: "Execute a case's job now",
        params: IdParams('jobId'),
        body: ActionBody(['execute'] as const),
      },
    },
    async (request, reply) => {
      const job = await getJobInState(db, request.params.jobId, 'executable');
      if (!job || job.scopeType !== 'cmmn')
        throw new WeirError('WEIR_NOT_FOUND', `Could not find a job with id '${request.params.jobId}'.`);
      await executeJobNow(engine, job.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/cmmn-api/cmmn-management/timer-jobs/:jobId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: "Move a case's timer job to the executable jobs (fire it now)",
        params: IdParams('jobId'),
        body: ActionBody(['move'] as const),
      },
    },
    async (request, reply) => {
      const job = await getJobInState(db, request.params.jobId, 'timer');
      if (!job || job.scopeType !== 'cmmn')
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Could not find a timer job with id '${request.params.jobId}'.`,
        );
      await engine.moveTimerJobToExecutable(job.id);
      return reply.code(204).send();
    },
  );
};
