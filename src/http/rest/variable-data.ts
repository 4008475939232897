/**
 * `.../variables/{name}/data` and `.../{id}/data`: the bytes of a binary or serializable
 * variable, as Flowable answers them: `application/octet-stream` for binary,
 * `application/x-java-serialized-object` for serializable (the bytes as they were uploaded;
 * Weir never deserialises them). Any other variable has no byte stream: 404, as in Flowable.
 * Execution variables have theirs in execution-variables.ts, runtime variable instances in
 * variable-instances.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { requireVisibleInstance, viewerOf } from '../../engine/authorization.ts';
import { ownVariable } from '../../engine/own-variables.ts';
import type { StoredVariable } from '../../engine/runtime-types.ts';
import { bytesRefOf } from '../../engine/variable-bytes.ts';
import type { Queryable } from '../../persistence/database.ts';
import {
  listHistoricDetails,
  listHistoricTasks,
  listHistoricVariables,
  type HistoricTaskRow,
} from '../../persistence/rest-history-sql.ts';
import { listHistoricCaseVariables } from '../../persistence/cmmn-rest-sql.ts';
import { loadInstance } from '../../persistence/runtime-reads-sql.ts';
import { readVariableBytes } from '../../persistence/variable-bytes-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import type { RestContext } from './context.ts';
import { rootVariablesOf } from './responses.ts';
import { scopeVariablesOfTask, visibleTaskFor } from './task-access.ts';
import { caseTaskApi, processTaskApi, tasksPath } from './tasks.ts';
import { FileAnswer } from './schemas/common.ts';

type Stored = Pick<StoredVariable, 'type' | 'value'>;

const contentTypes = {
  binary: 'application/octet-stream',
  serializable: 'application/x-java-serialized-object',
};

/** Answers the variable's bytes, or 404 when it has none. */
export const sendVariableBytes = async (db: Queryable, reply: FastifyReply, stored: Stored) => {
  const ref = bytesRefOf(stored);
  const bytes = ref ? await readVariableBytes(db, ref.bytesId) : undefined;
  if (!ref || !bytes)
    throw new WeirError('WEIR_NOT_FOUND', 'The variable does not have a binary data stream.');
  return reply.header('content-type', contentTypes[stored.type as keyof typeof contentTypes]).send(bytes);
};

/** The answer of every `.../data` route: the bytes, typed as Flowable types them. */
export const VariableDataAnswer = FileAnswer('The bytes of a binary or serializable variable', [
  'application/octet-stream',
  'application/x-java-serialized-object',
]);

const Id = Type.String({ minLength: 1 });
const ScopeQuery = Type.Object({ scope: Type.Optional(Type.Enum(['local', 'global'])) });
const ONE = { start: 0, size: 1, sort: 'variableName', order: 'asc' } as const;

/** The 404 of a scope (named with its id) that has no such variable, in Flowable's words. */
export const missingVariable = (what: string, id: string, name: string) =>
  new WeirError('WEIR_NOT_FOUND', `${what} '${id}' does not have a variable with name: '${name}'.`);

const historic = (row: { type: string; value: unknown }): Stored => ({
  type: row.type as never,
  value: row.value,
});

export const variableDataRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { db } = rest;
  const summary = (of: string) => `The bytes of a binary or serializable variable of ${of}`;
  const viewer = (request: FastifyRequest) => viewerOf(principalOf(request));

  app.get(
    '/process-api/runtime/process-instances/:processInstanceId/variables/:variableName/data',
    {
      schema: {
        response: {
          200: VariableDataAnswer,
        },
        tags: ['Process Instance Variables'],
        summary: summary('a process instance'),
        params: Type.Object({ processInstanceId: Id, variableName: Id }),
      },
    },
    async (request, reply) => {
      const { processInstanceId, variableName } = request.params;
      await requireVisibleInstance(db, principalOf(request), processInstanceId);
      const row = await loadInstance(db, processInstanceId);
      const stored = row ? ownVariable(rootVariablesOf(row), variableName) : undefined;
      if (!stored) throw missingVariable('Process instance', processInstanceId, variableName);
      return sendVariableBytes(db, reply, stored);
    },
  );

  for (const taskApi of [processTaskApi, caseTaskApi])
    app.get(
      `${tasksPath(taskApi)}/:taskId/variables/:variableName/data`,
      {
        schema: {
          response: { 200: VariableDataAnswer },
          tags: ['Task Variables'],
          summary: summary(`a task (local first, then its ${taskApi === caseTaskApi ? 'case' : 'process'})`),
          params: Type.Object({ taskId: Id, variableName: Id }),
          querystring: ScopeQuery,
        },
      },
      async (request, reply) => {
        const { taskId, variableName } = request.params;
        const { task } = await visibleTaskFor(db, request, taskId);
        const local =
          request.query.scope === 'global' ? undefined : ownVariable(task.variables, variableName);
        const global =
          local || request.query.scope === 'local'
            ? undefined
            : ownVariable(await scopeVariablesOfTask(db, task), variableName);
        const stored = local ?? global;
        if (!stored) throw missingVariable('Task', taskId, variableName);
        return sendVariableBytes(db, reply, stored);
      },
    );

  app.get(
    '/process-api/history/historic-variable-instances/:varInstanceId/data',
    {
      schema: {
        response: {
          200: VariableDataAnswer,
        },
        tags: ['History'],
        summary: summary('history (a historic variable instance)'),
        params: Type.Object({ varInstanceId: Id }),
      },
    },
    async (request, reply) => {
      const { varInstanceId } = request.params;
      const found = await listHistoricVariables(db, { id: varInstanceId, visibleTo: viewer(request) }, ONE);
      if (!found.rows[0]) {
        throw new WeirError(
          'WEIR_NOT_FOUND',
          `Historic variable instance '${varInstanceId}' could not be found.`,
        );
      }
      return sendVariableBytes(db, reply, historic(found.rows[0]));
    },
  );

  app.get(
    '/process-api/history/historic-process-instances/:processInstanceId/variables/:variableName/data',
    {
      schema: {
        response: {
          200: VariableDataAnswer,
        },
        tags: ['History'],
        summary: summary('a historic process instance'),
        params: Type.Object({ processInstanceId: Id, variableName: Id }),
      },
    },
    async (request, reply) => {
      const { processInstanceId, variableName } = request.params;
      const found = await listHistoricVariables(
        db,
        { processInstanceId, variableName, excludeTaskVariables: true, visibleTo: viewer(request) },
        { ...ONE, size: 100 },
      );
      const row = found.rows.find((v) => v.executionId === processInstanceId);
      if (!row) throw missingVariable('Historic process instance', processInstanceId, variableName);
      return sendVariableBytes(db, reply, historic(row));
    },
  );

  /** A historic task's global variable: its process's, or its case's (task scopeId). */
  const historicGlobal = async (task: HistoricTaskRow, variableName: string) => {
    if (task.processInstanceId) {
      const { processInstanceId } = task;
      const found = await listHistoricVariables(
        db,
        { processInstanceId, variableName, excludeTaskVariables: true },
        { ...ONE, size: 100 },
      );
      return found.rows.find((v) => v.executionId === processInstanceId);
    }
    if (task.scopeType !== 'cmmn' || !task.scopeId) return undefined;
    const found = await listHistoricCaseVariables(
      db,
      { caseInstanceId: task.scopeId, variableName, excludeTaskVariables: true },
      ONE,
    );
    return found.rows[0];
  };

  for (const [base, what] of [
    ['/process-api/history', 'process'],
    ['/cmmn-api/cmmn-history', 'case'],
  ] as const)
    app.get(
      `${base}/historic-task-instances/:taskId/variables/:variableName/data`,
      {
        schema: {
          response: { 200: VariableDataAnswer },
          tags: ['History'],
          summary: summary(`a historic task instance (local first, then its ${what})`),
          params: Type.Object({ taskId: Id, variableName: Id }),
          querystring: ScopeQuery,
        },
      },
      async (request, reply) => {
        const { taskId, variableName } = request.params;
        const visibleTo = viewer(request);
        const task = (
          await listHistoricTasks(
            db,
            { taskId, visibleTo },
            { start: 0, size: 1, sort: 'taskInstanceId', order: 'asc' },
          )
        ).rows[0];
        if (!task)
          throw new WeirError(
            'WEIR_NOT_FOUND',
            `Could not find a historic task instance with id '${taskId}'.`,
          );
        const local =
          request.query.scope === 'global'
            ? undefined
            : (await listHistoricVariables(db, { taskId, variableName }, ONE)).rows[0];
        const global =
          local || request.query.scope === 'local' ? undefined : await historicGlobal(task, variableName);
        const row = local ?? global;
        if (!row) throw missingVariable('Historic task instance', taskId, variableName);
        return sendVariableBytes(db, reply, historic(row));
      },
    );

  app.get(
    '/process-api/history/historic-detail/:detailId/data',
    {
      schema: {
        response: {
          200: VariableDataAnswer,
        },
        tags: ['History'],
        summary: summary('history (a historic detail)'),
        params: Type.Object({ detailId: Id }),
      },
    },
    async (request, reply) => {
      const { detailId } = request.params;
      const found = await listHistoricDetails(
        db,
        { id: detailId, visibleTo: viewer(request) },
        { start: 0, size: 1, sort: 'time', order: 'asc' },
      );
      if (!found.rows[0])
        throw new WeirError('WEIR_NOT_FOUND', `Historic detail '${detailId}' could not be found.`);
      return sendVariableBytes(db, reply, historic(found.rows[0]));
    },
  );
};
