/**
 * `/external-job-api`: what external workers (Flowable's clients among them) call. Acquire
 * locks jobs of a topic to a worker for a lease; the worker then completes the job (the
 * service task is left), reports a BPMN error (caught by a boundary event or event
 * subprocess) or a failure (retries count down). Another worker's job is a 409 (Flowable
 * answers 403; a lock held by someone else is a conflict, not a lack of rights).
 */
import type { FastifyPluginAsync } from 'fastify';
import { WeirError } from '../../errors.ts';
import {
  bpmnErrorExternalWorkerJob,
  completeExternalWorkerJob,
  failExternalWorkerJob,
} from '../../engine/external-worker.ts';
import type { JobRow } from '../../engine/runtime-types.ts';
import { parseIsoDuration, addDuration } from '../../engine/timers.ts';
import { loadInstance } from '../../persistence/runtime-sql.ts';
import {
  acquireExternalJobs,
  getJobInState,
  jobSorts,
  listJobs,
  unacquireExternalJobs,
} from '../../persistence/rest-jobs-sql.ts';
import { idParams, urlsFor, type RestContext } from './context.ts';
import { envelope, listQuerySchema, readPage, type PagingInput } from './paging.ts';
import { externalJobResponse } from './responses.ts';
import {
  restVariables,
  restVariablesSchema,
  toEngineVariables,
  type RestVariable,
  type RestVariableInput,
} from './variables.ts';

const tags = ['External Worker Jobs'];
const str = { type: 'string' } as const;
const nullableString = { type: ['string', 'null'] } as const;

/** A worker asking for more than this at once gets this many: one worker must not hoard a topic. */
const MAX_TASKS_PER_ACQUIRE = 100;

interface AcquireBody {
  topic: string;
  lockDuration: string;
  numberOfTasks?: number;
  numberOfRetries?: number;
  workerId: string;
  scopeType?: string | null;
  tenantId?: string | null;
}

export const externalWorkerRoutes: FastifyPluginAsync<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;
  const now = () => engine.services.clock.now();

  /** Every variable visible at the job's execution, innermost scope winning, as Flowable hands them to the worker. */
  const variablesOf = async (job: JobRow): Promise<RestVariable[]> => {
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

  app.post<{ Body: AcquireBody }>(
    '/external-job-api/acquire/jobs',
    {
      schema: {
        tags,
        summary: 'Acquire and lock jobs of a topic',
        body: {
          type: 'object',
          required: ['topic', 'lockDuration', 'workerId'],
          additionalProperties: false,
          properties: {
            topic: { type: 'string', minLength: 1 },
            lockDuration: { type: 'string', minLength: 1 },
            numberOfTasks: { type: 'integer', minimum: 1 },
            numberOfRetries: { type: 'integer', minimum: 0 },
            workerId: { type: 'string', minLength: 1 },
            scopeType: nullableString,
            tenantId: nullableString,
          },
        },
      },
    },
    async (request) => {
      const body = request.body;
      if (body.scopeType && body.scopeType !== 'bpmn') {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `scopeType '${body.scopeType}' is not supported; Weir runs BPMN only`,
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
        count: Math.min(body.numberOfTasks ?? 1, MAX_TASKS_PER_ACQUIRE),
        lockMs,
        now: current,
        tenantId: body.tenantId ?? undefined,
      });
      const urls = urlsFor(rest, request);
      const result = [];
      for (const job of jobs)
        result.push({ ...externalJobResponse(job, urls), variables: await variablesOf(job) });
      return result;
    },
  );

  const completionBody = (extra: Record<string, unknown> = {}) => ({
    type: 'object',
    required: ['workerId'],
    additionalProperties: false,
    properties: { workerId: { type: 'string', minLength: 1 }, variables: restVariablesSchema, ...extra },
  });

  app.post<{ Params: { jobId: string }; Body: { workerId: string; variables?: RestVariableInput[] | null } }>(
    '/external-job-api/acquire/jobs/:jobId/complete',
    {
      schema: {
        tags,
        summary: 'Complete a job: the process moves on',
        params: idParams('jobId'),
        body: completionBody(),
      },
    },
    async (request, reply) => {
      const { values, types } = toEngineVariables(request.body.variables);
      await completeExternalWorkerJob(engine, request.params.jobId, request.body.workerId, {
        variables: values,
        variableTypes: types,
      });
      return reply.code(204).send();
    },
  );

  app.post<{
    Params: { jobId: string };
    Body: { workerId: string; variables?: RestVariableInput[] | null; errorCode?: string | null };
  }>(
    '/external-job-api/acquire/jobs/:jobId/bpmnError',
    {
      schema: {
        tags,
        summary: 'End a job with a BPMN error, caught by a boundary event or event subprocess',
        params: idParams('jobId'),
        body: completionBody({ errorCode: nullableString }),
      },
    },
    async (request, reply) => {
      const { values, types } = toEngineVariables(request.body.variables);
      await bpmnErrorExternalWorkerJob(
        engine,
        request.params.jobId,
        request.body.workerId,
        request.body.errorCode,
        {
          variables: values,
          variableTypes: types,
        },
      );
      return reply.code(204).send();
    },
  );

  app.post<{
    Params: { jobId: string };
    Body: {
      workerId: string;
      errorMessage?: string | null;
      errorDetails?: string | null;
      retries?: number | null;
      retryTimeout?: string | null;
    };
  }>(
    '/external-job-api/acquire/jobs/:jobId/fail',
    {
      schema: {
        tags,
        summary: 'Report a failure: retries count down, at zero the job becomes a dead letter',
        params: idParams('jobId'),
        body: {
          type: 'object',
          required: ['workerId'],
          additionalProperties: false,
          properties: {
            workerId: { type: 'string', minLength: 1 },
            errorMessage: nullableString,
            errorDetails: nullableString,
            retries: { type: ['integer', 'null'], minimum: 0 },
            retryTimeout: nullableString,
          },
        },
      },
    },
    async (request, reply) => {
      const { workerId, ...failure } = request.body;
      await failExternalWorkerJob(engine, request.params.jobId, workerId, failure);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { jobId: string }; Body: { workerId: string; variables?: RestVariableInput[] | null } }>(
    '/external-job-api/acquire/jobs/:jobId/cmmnTerminate',
    {
      schema: {
        tags,
        summary: 'CMMN only: refused, Weir runs BPMN',
        params: idParams('jobId'),
        body: completionBody(),
      },
    },
    async (request) => {
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `Can only terminate CMMN external job. Job with id '${request.params.jobId}' is from scope 'bpmn'`,
      );
    },
  );

  const unacquireBody = {
    type: 'object',
    required: ['workerId'],
    additionalProperties: false,
    properties: { workerId: { type: 'string', minLength: 1 }, tenantId: nullableString },
  };

  app.post<{ Body: { workerId: string; tenantId?: string | null } }>(
    '/external-job-api/unacquire/jobs',
    { schema: { tags, summary: "Release all of a worker's jobs", body: unacquireBody } },
    async (request, reply) => {
      await unacquireExternalJobs(db, request.body.workerId, {
        tenantId: request.body.tenantId ?? undefined,
      });
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { jobId: string }; Body: { workerId: string; tenantId?: string | null } }>(
    '/external-job-api/unacquire/jobs/:jobId',
    { schema: { tags, summary: 'Release one job', params: idParams('jobId'), body: unacquireBody } },
    async (request, reply) => {
      const job = await getJobInState(db, request.params.jobId, 'external');
      if (!job)
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Could not find an external worker job with id '${request.params.jobId}'.`,
        );
      if (job.lockOwner !== request.body.workerId) {
        throw new WeirError(
          'WEIR_CONFLICT',
          `${request.body.workerId} does not hold a lock on the requested job`,
        );
      }
      await unacquireExternalJobs(db, request.body.workerId, { jobId: job.id });
      return reply.code(204).send();
    },
  );

  app.get<{
    Querystring: PagingInput & {
      id?: string;
      processInstanceId?: string;
      executionId?: string;
      processDefinitionId?: string;
      elementId?: string;
      elementName?: string;
      withException?: boolean;
      exceptionMessage?: string;
      locked?: boolean;
      unlocked?: boolean;
      tenantId?: string;
      tenantIdLike?: string;
      withoutTenantId?: boolean;
      topic?: string;
      workerId?: string;
    };
  }>(
    '/external-job-api/jobs',
    {
      schema: {
        tags,
        summary: 'List external worker jobs',
        querystring: listQuerySchema({
          id: str,
          processInstanceId: str,
          executionId: str,
          processDefinitionId: str,
          elementId: str,
          elementName: str,
          withException: { type: 'boolean' },
          exceptionMessage: str,
          locked: { type: 'boolean' },
          unlocked: { type: 'boolean' },
          tenantId: str,
          tenantIdLike: str,
          withoutTenantId: { type: 'boolean' },
          topic: str,
          workerId: str,
        }),
      },
    },
    async (request) => {
      const page = readPage(request.query, jobSorts, 'id');
      const { rows, total } = await listJobs(db, { ...request.query, state: 'external' }, page, now());
      const urls = urlsFor(rest, request);
      return envelope(
        rows.map((j) => externalJobResponse(j, urls)),
        total,
        page,
      );
    },
  );

  app.get<{ Params: { jobId: string } }>(
    '/external-job-api/jobs/:jobId',
    { schema: { tags, summary: 'Get an external worker job', params: idParams('jobId') } },
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
