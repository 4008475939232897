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
} from '../../persistence/rest-history-sql.ts';
import { loadInstance } from '../../persistence/runtime-reads-sql.ts';
import { readVariableBytes } from '../../persistence/variable-bytes-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import type { RestContext } from './context.ts';
import { rootVariablesOf } from './responses.ts';
import { visibleTaskFor } from './task-access.ts';
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

const Id = Type.String({ minLength: 1 });
const ScopeQuery = Type.Object({ scope: Type.Optional(Type.Enum(['local', 'global'])) });
const ONE = { start: 0, size: 1, sort: 'variableName', order: 'asc' } as const;

const missing = (what: string, id: string, name: string) =>
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
          200: FileAnswer('The bytes of a binary or serializable variable', [
            'application/octet-stream',
            'application/x-java-serialized-object',
          ]),
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
      if (!stored) throw missing('Process instance', processInstanceId, variableName);
      return sendVariableBytes(db, reply, stored);
    },
  );

  app.get(
    '/process-api/runtime/tasks/:taskId/variables/:variableName/data',
    {
      schema: {
        response: {
          200: FileAnswer('The bytes of a binary or serializable variable', [
            'application/octet-stream',
            'application/x-java-serialized-object',
          ]),
        },
        tags: ['Task Variables'],
        summary: summary('a task (local first, then its process)'),
        params: Type.Object({ taskId: Id, variableName: Id }),
        querystring: ScopeQuery,
      },
    },
    async (request, reply) => {
      const { taskId, variableName } = request.params;
      const { task } = await visibleTaskFor(db, request, taskId);
      const local = request.query.scope === 'global' ? undefined : ownVariable(task.variables, variableName);
      const instance =
        local || request.query.scope === 'local' || !task.processInstanceId
          ? undefined
          : await loadInstance(db, task.processInstanceId);
      const stored = local ?? (instance ? ownVariable(rootVariablesOf(instance), variableName) : undefined);
      if (!stored) throw missing('Task', taskId, variableName);
      return sendVariableBytes(db, reply, stored);
    },
  );

  app.get(
    '/process-api/history/historic-variable-instances/:varInstanceId/data',
    {
      schema: {
        response: {
          200: FileAnswer('The bytes of a binary or serializable variable', [
            'application/octet-stream',
            'application/x-java-serialized-object',
          ]),
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
          200: FileAnswer('The bytes of a binary or serializable variable', [
            'application/octet-stream',
            'application/x-java-serialized-object',
          ]),
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
      if (!row) throw missing('Historic process instance', processInstanceId, variableName);
      return sendVariableBytes(db, reply, historic(row));
    },
  );

  app.get(
    '/process-api/history/historic-task-instances/:taskId/variables/:variableName/data',
    {
      schema: {
        response: {
          200: FileAnswer('The bytes of a binary or serializable variable', [
            'application/octet-stream',
            'application/x-java-serialized-object',
          ]),
        },
        tags: ['History'],
        summary: summary('a historic task instance (local first, then its process)'),
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
        throw new WeirError('WEIR_NOT_FOUND', `Could not find a historic task instance with id '${taskId}'.`);
      const local =
        request.query.scope === 'global'
          ? undefined
          : (await listHistoricVariables(db, { taskId, variableName }, ONE)).rows[0];
      const global =
        local || request.query.scope === 'local' || !task.processInstanceId
          ? undefined
          : (
              await listHistoricVariables(
                db,
                { processInstanceId: task.processInstanceId, variableName, excludeTaskVariables: true },
                { ...ONE, size: 100 },
              )
            ).rows.find((v) => v.executionId === task.processInstanceId);
      const row = local ?? global;
      if (!row) throw missing('Historic task instance', taskId, variableName);
      return sendVariableBytes(db, reply, historic(row));
    },
  );

  app.get(
    '/process-api/history/historic-detail/:detailId/data',
    {
      schema: {
        response: {
          200: FileAnswer('The bytes of a binary or serializable variable', [
            'application/octet-stream',
            'application/x-java-serialized-object',
          ]),
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
