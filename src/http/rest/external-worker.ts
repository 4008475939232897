/**
 * `/external-job-api`: what external workers (Flowable's clients among them) call. Acquire
 * locks jobs of a topic to a worker for a lease; the worker then completes the job (the
 * service task is left), reports a BPMN error (caught by a boundary event or event
 * subprocess) or a failure (retries count down). Another worker's job is a 409 (Flowable
 * answers 403; a lock held by someone else is a conflict, not a lack of rights). Jobs of
 * cases' external-worker tasks (scope type `cmmn`) are acquired the same way; completing one
 * completes its plan item, `cmmnTerminate` terminates it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { reportCaseExternalJob } from '../../cmmn/index.ts';
import {
  bpmnErrorExternalWorkerJob,
  completeExternalWorkerJob,
  failExternalWorkerJob,
  unacquireExternalWorkerJobs,
} from '../../engine/external-worker.ts';
import { principalOf } from '../auth/basic-auth.ts';
import type { JobRow, StoredVariable } from '../../engine/runtime-types.ts';
import { parseIsoDuration, addDuration } from '../../engine/timers.ts';
import { caseVariablesOf } from '../../persistence/cmmn-rest-sql.ts';
import { getJobRow, loadInstance } from '../../persistence/runtime-reads-sql.ts';
import { acquireExternalJobs, getJobInState, jobSorts, listJobs } from '../../persistence/rest-jobs-sql.ts';
import { IdParams, Nullable, NullableStr, urlsFor, type RestContext } from './context.ts';
import { Bool, listRoutes, Str } from './list-route.ts';
import { externalJobResponse } from './responses.ts';
import { restVariables, RestVariableList, toEngineVariables, type RestVariable } from './variables.ts';
import { AcquiredJob, ExternalJob } from './schemas/jobs.ts';
import { NoContent } from './schemas/common.ts';

const tags = ['External Worker Jobs'];
/** A worker asking for more than this at once gets this many: one worker must not hoard a topic. */
const MAX_TASKS_PER_ACQUIRE = 100;

const WorkerId = Type.String({ minLength: 1 });

const AcquireBody = Type.Object(
  {
    topic: Type.String({ minLength: 1 }),
    lockDuration: Type.String({ minLength: 1 }),
    numberOfTasks: Type.Optional(Type.Integer({ minimum: 1 })),
    numberOfRetries: Type.Optional(Type.Integer({ minimum: 0 })),
    workerId: WorkerId,
    scopeType: NullableStr(),
    tenantId: NullableStr(),
  },
  { additionalProperties: false },
);

const CompletionBody = Type.Object(
  { workerId: WorkerId, variables: RestVariableList() },
  { additionalProperties: false },
);

const BpmnErrorBody = Type.Object(
  { workerId: WorkerId, variables: RestVariableList(), errorCode: NullableStr() },
  { additionalProperties: false },
);

const FailureBody = Type.Object(
  {
    workerId: WorkerId,
    errorMessage: NullableStr(),
    errorDetails: NullableStr(),
    retries: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    retryTimeout: NullableStr(),
  },
  { additionalProperties: false },
);

const UnacquireBody = Type.Object(
  { workerId: WorkerId, tenantId: NullableStr() },
  { additionalProperties: false },
);

const externalJobFilters = {
  id: Str(),
  processInstanceId: Str(),
  executionId: Str(),
  processDefinitionId: Str(),
  elementId: Str(),
  elementName: Str(),
  withException: Bool(),
  exceptionMessage: Str(),
  locked: Bool(),
  unlocked: Bool(),
  tenantId: Str(),
  tenantIdLike: Str(),
  withoutTenantId: Bool(),
  topic: Str(),
  workerId: Str(),
};

export const externalWorkerRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;
  const now = () => engine.services.clock.now();
  /** whether the job is a case's (a missing job goes the process way, whose 404 names it) */
  const isCaseJob = async (jobId: string) => (await getJobRow(db, jobId))?.scopeType === 'cmmn';

  /** Every variable visible at the job's execution, innermost scope winning, as Flowable hands them to the worker. */
  const variablesOf = async (job: JobRow): Promise<RestVariable[]> => {
    if (job.scopeType === 'cmmn') {
      const variables = job.rootInstanceId ? await caseVariablesOf(db, job.rootInstanceId) : undefined;
      return restVariables(variables as Record<string, StoredVariable> | undefined);
    }
    if (!job.processInstanceId || !job.executionId) return [];
    const instance = await loadInstance(db, job.processInstanceId);
    if (!instance) return [];
    const byName = new Map<string, RestVariable>();
    for (let id: string | null = job.executionId; id;) {
      const exec = instance.state.executions.find((e) => e.id === id);
      if (!exec) break;
      for (const v of restVariables(exec.variables)) if (!byName.has(v.name)) byName.set(v.name, v);
      id = exec.parentId;
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  };

  app.post(
    '/external-job-api/acquire/jobs',
    {
      schema: {
        response: { 200: Type.Array(AcquiredJob) },
        tags,
        summary: 'Acquire and lock jobs of a topic',
        body: AcquireBody,
      },
    },
    async (request) => {
      const body = request.body;
      if (body.scopeType && body.scopeType !== 'bpmn' && body.scopeType !== 'cmmn') {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `scopeType '${body.scopeType}' is not supported: give 'bpmn' or 'cmmn' (or none for both)`,
        );
      }
      const duration = parseIsoDuration(body.lockDuration);
      if (!duration)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `lockDuration '${body.lockDuration}' is not an ISO-8601 duration`,
        );
      const current = now();
      const lockMs = addDuration(current, duration).getTime() - current.getTime();
      if (lockMs <= 0) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'lockDuration must be longer than zero');
      // a worker that dies holding a lock keeps its jobs from everyone else until it expires
      const maxLock = rest.limits.maxExternalJobLockDuration;
      if (!Number.isFinite(lockMs) || lockMs > maxLock) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `lockDuration '${body.lockDuration}' is longer than the limit of ${maxLock / 1000} s (weir.external-job.max-lock-duration)`,
        );
      }
      // numberOfRetries is Flowable's count of acquisition retries after optimistic-lock clashes;
      // SKIP LOCKED has no such clashes, so it is accepted and not needed.
      const jobs = await acquireExternalJobs(db, {
        topic: body.topic,
        workerId: body.workerId,
        userId: principalOf(request).userId,
        count: Math.min(body.numberOfTasks ?? 1, MAX_TASKS_PER_ACQUIRE),
        lockMs,
        now: current,
        tenantId: body.tenantId ?? undefined,
        scopeType: (body.scopeType ?? undefined) as 'bpmn' | 'cmmn' | undefined,
      });
      const urls = urlsFor(rest, request);
      const result = [];
      for (const job of jobs)
        result.push({ ...externalJobResponse(job, urls), variables: await variablesOf(job) });
      return result;
    },
  );

  app.post(
    '/external-job-api/acquire/jobs/:jobId/complete',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Complete a job: the process moves on',
        params: IdParams('jobId'),
        body: CompletionBody,
      },
    },
    async (request, reply) => {
      const { values, types } = toEngineVariables(request.body.variables);
      const input = { variables: values, variableTypes: types };
      const { jobId } = request.params;
      if (await isCaseJob(jobId))
        await reportCaseExternalJob(
          engine,
          jobId,
          request.body.workerId,
          'complete',
          input,
          principalOf(request),
        );
      else await completeExternalWorkerJob(engine, jobId, request.body.workerId, input, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/external-job-api/acquire/jobs/:jobId/bpmnError',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'End a job with a BPMN error, caught by a boundary event or event subprocess',
        params: IdParams('jobId'),
        body: BpmnErrorBody,
      },
    },
    async (request, reply) => {
      if (await isCaseJob(request.params.jobId))
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Can only throw a BPMN error for a BPMN external job. Job with id '${request.params.jobId}' is from scope 'cmmn'`,
        );
      const { values, types } = toEngineVariables(request.body.variables);
      await bpmnErrorExternalWorkerJob(
        engine,
        request.params.jobId,
        request.body.workerId,
        request.body.errorCode,
        { variables: values, variableTypes: types },
        principalOf(request),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/external-job-api/acquire/jobs/:jobId/fail',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Report a failure: retries count down, at zero the job becomes a dead letter',
        params: IdParams('jobId'),
        body: FailureBody,
      },
    },
    async (request, reply) => {
      const { workerId, ...failure } = request.body;
      await failExternalWorkerJob(engine, request.params.jobId, workerId, failure, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/external-job-api/acquire/jobs/:jobId/cmmnTerminate',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: "Terminate a case's external-worker task (CMMN jobs only)",
        params: IdParams('jobId'),
        body: CompletionBody,
      },
    },
    async (request, reply) => {
      const { jobId } = request.params;
      const job = await getJobRow(db, jobId);
      if (job?.state === 'external' && job.scopeType !== 'cmmn')
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Can only terminate CMMN external job. Job with id '${jobId}' is from scope 'bpmn'`,
        );
      const { values, types } = toEngineVariables(request.body.variables);
      await reportCaseExternalJob(
        engine,
        jobId,
        request.body.workerId,
        'terminate',
        { variables: values, variableTypes: types },
        principalOf(request),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/external-job-api/unacquire/jobs',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: "Release all of a worker's jobs",
        body: UnacquireBody,
      },
    },
    async (request, reply) => {
      await unacquireExternalWorkerJobs(
        engine,
        request.body.workerId,
        { tenantId: request.body.tenantId ?? undefined },
        principalOf(request),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/external-job-api/unacquire/jobs/:jobId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Release one job',
        params: IdParams('jobId'),
        body: UnacquireBody,
      },
    },
    async (request, reply) => {
      await unacquireExternalWorkerJobs(
        engine,
        request.body.workerId,
        { jobId: request.params.jobId },
        principalOf(request),
      );
      return reply.code(204).send();
    },
  );

  listRoutes(app, {
    item: ExternalJob,
    api: 'external-job-api',
    path: 'jobs',
    tags,
    what: 'external worker jobs',
    filters: externalJobFilters,
    sorts: jobSorts,
    defaultSort: 'id',
    load: (_request, filter, page) => listJobs(db, { ...filter, state: 'external' }, page, now()),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((j) => externalJobResponse(j, urls));
    },
  });

  app.get(
    '/external-job-api/jobs/:jobId',
    {
      schema: {
        response: { 200: ExternalJob },
        tags,
        summary: 'Get an external worker job',
        params: IdParams('jobId'),
      },
    },
    async (request) => {
      const job = await getJobInState(db, request.params.jobId, 'external');
      if (!job)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Could not find an external worker job with id '${request.params.jobId}'.`,
        );
      return externalJobResponse(job, urlsFor(rest, request));
    },
  );
};
