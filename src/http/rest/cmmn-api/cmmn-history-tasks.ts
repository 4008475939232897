/**
 * `/cmmn-api/cmmn-history/historic-task-instances`: the shared task history as Flowable's CMMN
 * REST API serves it (list, `cmmn-query/historic-task-instances`, get one, its identity links),
 * a case's task naming its case and case definition; an ended task's history deleted and its
 * form read with the values submitted, as on the process API. Only tasks the caller took part in are
 * listed (docs/security.md), as on the process API's twin.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import { viewerOf } from '../../../engine/authorization.ts';
import {
  historicTaskSorts,
  listHistoricTasks,
  listHistoricVariables,
  type HistoricTaskRow,
} from '../../../persistence/rest-history-sql.ts';
import { historicLinksOfTask } from '../../../persistence/task-records-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { notFound, urlsFor, withDates, type RestContext, type Urls } from '../context.ts';
import { historicTaskDates, historicTaskFilters } from '../history.ts';
import { caseOfTask, historicTaskResponse } from '../responses.ts';
import { listRoutes, Str } from '../list-route.ts';
import type { Answer } from '../schemas/common.ts';
import { CaseHistoricTaskIdentityLink, CaseHistoricTaskInstance } from '../schemas/cmmn.ts';
import { restVariable, type RestVariable } from '../variables.ts';
import { deleteHistoricTaskInstance } from '../../../engine/history-delete.ts';
import { historicTaskForm } from '../form-api/task-forms.ts';
import { NoContent } from '../schemas/common.ts';
import { FormModel } from '../schemas/forms.ts';

const tags = ['History Task'];

// the process API's task filters, without its process variables, and a case's
const { includeProcessVariables: _processVariables, ...sharedFilters } = historicTaskFilters;
const filters = { ...sharedFilters, caseInstanceId: Str(), caseDefinitionId: Str(), scopeType: Str() };

const caseTaskResponse = (
  t: HistoricTaskRow,
  urls: Urls,
  variables: RestVariable[] = [],
): Answer<typeof CaseHistoricTaskInstance> => {
  const {
    processDefinitionUrl: _definitionUrl,
    processInstanceUrl: _instanceUrl,
    ...shared
  } = historicTaskResponse(t, urls, variables);
  return {
    ...shared,
    url: urls('cmmn-api/cmmn-history/historic-task-instances/%s', t.id),
    ...caseOfTask(t, urls, 'cmmn-history/historic-case-instances'),
    scopeDefinitionId: t.scopeDefinitionId ?? null,
    scopeId: t.scopeId ?? null,
    subScopeId: t.subScopeId ?? null,
    scopeType: t.scopeType ?? null,
    propagatedStageInstanceId: t.propagatedStageInstanceId ?? null,
  };
};

export const cmmnHistoryTaskRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db } = rest;
  const viewer = (request: FastifyRequest) => viewerOf(principalOf(request));

  const tasks = listRoutes(app, {
    item: CaseHistoricTaskInstance,
    api: 'cmmn-api',
    path: 'cmmn-history/historic-task-instances',
    queryPath: 'cmmn-query/historic-task-instances',
    tags,
    what: 'historic task instances (only those the user took part in)',
    filters,
    sorts: historicTaskSorts,
    defaultSort: 'taskInstanceId',
    load: (request, { includeTaskLocalVariables: _, ...filter }, page) =>
      listHistoricTasks(db, { ...withDates(filter, historicTaskDates), visibleTo: viewer(request) }, page),
    respond: async (request, rows, filter) => {
      const urls = urlsFor(rest, request);
      const data = [];
      for (const row of rows) {
        const local = filter.includeTaskLocalVariables
          ? (
              await listHistoricVariables(
                db,
                { taskId: row.id },
                { start: 0, size: 1000, sort: 'variableName', order: 'asc' },
              )
            ).rows
          : [];
        const variables = local.map((v) =>
          restVariable(v.name, { type: v.type as never, value: v.value }, 'local'),
        );
        data.push(caseTaskResponse(row, urls, variables));
      }
      return data;
    },
  });

  const params = Type.Object({ taskId: Type.String({ minLength: 1, maxLength: 255 }) });

  app.get(
    '/cmmn-api/cmmn-history/historic-task-instances/:taskId',
    {
      schema: {
        response: { 200: CaseHistoricTaskInstance },
        tags,
        summary: 'Get a historic task instance',
        params,
      },
    },
    async (request) => {
      const found = await tasks(request, { taskId: request.params.taskId });
      if (!found.data[0]) throw notFound('historic task instance', request.params.taskId);
      return found.data[0];
    },
  );

  app.get(
    '/cmmn-api/cmmn-history/historic-task-instances/:taskId/identitylinks',
    {
      schema: {
        response: { 200: Type.Array(CaseHistoricTaskIdentityLink) },
        tags,
        summary: 'Identity links of a task, as history kept them',
        params,
      },
    },
    async (request) => {
      const { taskId } = request.params;
      const page = { start: 0, size: 1, sort: 'taskInstanceId', order: 'asc' } as const;
      const task = (await listHistoricTasks(db, { taskId, visibleTo: viewer(request) }, page)).rows[0];
      if (!task) throw notFound('historic task instance', taskId);
      const links = await historicLinksOfTask(db, taskId);
      const holder = (type: 'assignee' | 'owner', userId: string | null) =>
        userId && !links.some((l) => l.type === type && l.userId === userId)
          ? [{ type, userId, groupId: null }]
          : [];
      const urls = urlsFor(rest, request);
      const caseId = task.scopeType === 'cmmn' ? (task.scopeId ?? null) : null;
      return [...holder('assignee', task.assignee), ...holder('owner', task.owner), ...links].map((l) => ({
        type: l.type,
        userId: l.userId,
        groupId: l.groupId,
        taskId,
        taskUrl: urls('cmmn-api/cmmn-history/historic-task-instances/%s', taskId),
        caseInstanceId: caseId,
        caseInstanceUrl: caseId ? urls('cmmn-api/cmmn-history/historic-case-instances/%s', caseId) : null,
      }));
    },
  );

  app.delete(
    '/cmmn-api/cmmn-history/historic-task-instances/:taskId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete the history of an ended task',
        params,
      },
    },
    async (request, reply) => {
      await deleteHistoricTaskInstance(rest.engine, request.params.taskId, principalOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/cmmn-api/cmmn-history/historic-task-instances/:taskId/form',
    {
      schema: {
        response: { 200: FormModel },
        tags,
        summary: 'Get the form of a historic task, with the values submitted',
        params,
      },
    },
    (request) => historicTaskForm(db, request.params.taskId, principalOf(request)),
  );
};
