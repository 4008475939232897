/**
 * `GET runtime/variable-instances`, `POST query/variable-instances` and
 * `GET runtime/variable-instances/{id}/data`: the variables of running instances and open
 * tasks, one row per variable, in Flowable's shape; and their `/cmmn-api` twins for cases
 * (`cmmn-runtime/variable-instances`, `cmmn-query/variable-instances`). As in Flowable, a variable condition of
 * the query body must name the variable, carry a value and use `equals`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { viewerOf } from '../../engine/authorization.ts';
import {
  caseVariableInstanceSorts,
  listCaseVariableInstances,
  listVariableInstances,
  variableInstanceSorts,
  type CaseVariableInstanceRow,
  type VariableInstanceRow,
} from '../../persistence/variable-instances-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { urlsFor, type RestContext, type Urls } from './context.ts';
import { Bool, listRoutes, Str } from './list-route.ts';
import { sendVariableBytes, VariableDataAnswer } from './variable-data.ts';
import { QueryVariables, restVariable, toVariableConditions, type RestQueryVariable } from './variables.ts';
import type { Answer } from './schemas/common.ts';
import { CaseVariableInstance } from './schemas/cmmn.ts';
import { VariableInstance } from './schemas/history.ts';

const filters = {
  processInstanceId: Str(),
  executionId: Str(),
  taskId: Str(),
  variableName: Str(),
  variableNameLike: Str(),
  excludeTaskVariables: Bool(),
  excludeLocalVariables: Bool(),
};

const caseFilters = {
  caseInstanceId: Str(),
  taskId: Str(),
  planItemInstanceId: Str(),
  variableName: Str(),
  variableNameLike: Str(),
  excludeTaskVariables: Bool(),
  excludeLocalVariables: Bool(),
};

const caseVariableInstanceResponse = (
  v: CaseVariableInstanceRow,
  urls: Urls,
): Answer<typeof CaseVariableInstance> => ({
  id: v.id,
  caseInstanceId: v.caseInstanceId,
  caseInstanceUrl: urls('cmmn-api/cmmn-runtime/case-instances/%s', v.caseInstanceId),
  taskId: v.taskId,
  planItemInstanceId: v.planItemInstanceId,
  variable: restVariable(
    v.name,
    { type: v.type as never, value: v.value },
    v.taskId !== null || v.planItemInstanceId !== null ? 'local' : 'global',
    urls('cmmn-api/cmmn-runtime/variable-instances/%s/data', v.id),
  ),
});

const variableInstanceResponse = (v: VariableInstanceRow, urls: Urls): Answer<typeof VariableInstance> => ({
  id: v.id,
  processInstanceId: v.processInstanceId,
  processInstanceUrl: v.processInstanceId
    ? urls('process-api/runtime/process-instances/%s', v.processInstanceId)
    : null,
  taskId: v.taskId,
  executionId: v.executionId,
  variable: restVariable(
    v.name,
    { type: v.type as never, value: v.value },
    v.taskId !== null || v.executionId !== v.processInstanceId ? 'local' : 'global',
    urls('process-api/runtime/variable-instances/%s/data', v.id),
  ),
});

/** Flowable's rules for the conditions of this query: named, with a value, `equals` only. */
const checkedConditions = (list: readonly RestQueryVariable[] | undefined) => {
  for (const v of list ?? []) {
    if (v.value === undefined || v.value === null) {
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Variable value is missing for variable: ${v.name}`);
    }
    if ((v.operation ?? 'equals') !== 'equals') {
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `Unsupported variable query operation: ${v.operation} (variable '${v.name}'; only equals)`,
      );
    }
  }
  return toVariableConditions(list);
};

export const variableInstanceRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { db } = rest;
  const viewer = (request: FastifyRequest) => viewerOf(principalOf(request));

  listRoutes(app, {
    item: VariableInstance,
    path: 'runtime/variable-instances',
    queryPath: 'query/variable-instances',
    tags: ['Runtime'],
    what: 'variable instances',
    filters,
    bodyFilters: { variables: QueryVariables('Conditions on variables: name, value, operation equals') },
    sorts: variableInstanceSorts,
    defaultSort: 'variableName',
    load: (request, filter, page) =>
      listVariableInstances(
        db,
        { ...filter, variables: checkedConditions(filter.variables), visibleTo: viewer(request) },
        page,
      ),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((v) => variableInstanceResponse(v, urls));
    },
  });

  /** The data route of one API: finds the row (visible to the caller) with `find`. */
  const dataRoute = (
    path: string,
    find: (request: FastifyRequest, id: string) => Promise<{ type: string; value: unknown } | undefined>,
  ) =>
    app.get(
      path,
      {
        schema: {
          response: { 200: VariableDataAnswer },
          tags: ['Runtime'],
          summary: 'The bytes of a binary or serializable variable instance',
          params: Type.Object({ varInstanceId: Type.String({ minLength: 1 }) }),
        },
      },
      async (request, reply) => {
        const { varInstanceId } = request.params;
        const row = await find(request, varInstanceId);
        if (!row)
          throw new WeirError('WEIR_NOT_FOUND', `Variable instance '${varInstanceId}' could not be found.`);
        return sendVariableBytes(db, reply, { type: row.type as never, value: row.value });
      },
    );
  const one = { start: 0, size: 1, sort: 'variableName', order: 'asc' } as const;

  dataRoute('/process-api/runtime/variable-instances/:varInstanceId/data', async (request, id) => {
    return (await listVariableInstances(db, { id, visibleTo: viewer(request) }, one)).rows[0];
  });

  // --- the case API's twins ----------------------------------------------------------------

  listRoutes(app, {
    item: CaseVariableInstance,
    api: 'cmmn-api',
    path: 'cmmn-runtime/variable-instances',
    queryPath: 'cmmn-query/variable-instances',
    tags: ['Runtime'],
    what: 'variable instances of cases',
    filters: caseFilters,
    bodyFilters: { variables: QueryVariables('Conditions on variables: name, value, operation equals') },
    sorts: caseVariableInstanceSorts,
    defaultSort: 'variableName',
    load: (request, filter, page) =>
      listCaseVariableInstances(
        db,
        { ...filter, variables: checkedConditions(filter.variables), visibleTo: viewer(request) },
        page,
      ),
    respond: (request, rows) => {
      const urls = urlsFor(rest, request);
      return rows.map((v) => caseVariableInstanceResponse(v, urls));
    },
  });

  dataRoute('/cmmn-api/cmmn-runtime/variable-instances/:varInstanceId/data', async (request, id) => {
    return (await listCaseVariableInstances(db, { id, visibleTo: viewer(request) }, one)).rows[0];
  });
};
