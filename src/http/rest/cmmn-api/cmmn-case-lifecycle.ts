/**
 * The case lifecycle over `/cmmn-api`: a running case updated (`PUT case-instances/{id}`,
 * Flowable's CaseInstanceUpdateRequest), deleted (`DELETE .../{id}/delete`) or deleted and
 * terminated in bulk (`POST case-instances/delete`, Flowable's
 * BulkDeleteInstancesRestActionRequest); the history of ended cases deleted, one or in bulk,
 * and its stage overview. What Weir's case engine does not have (a case's due date, its
 * assignee and the claim actions) is refused by name with a 400.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../../errors.ts';
import { evaluateCriteria, maySeeCase, requireVisibleCase } from '../../../cmmn/index.ts';
import {
  deleteHistoricCaseInstances,
  endCaseInstances,
  updateCaseInstance,
} from '../../../cmmn/case-lifecycle.ts';
import { getHistoricCase, getRunningCase } from '../../../persistence/cmmn-rest-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { IdParams, notFound, urlsFor, type RestContext } from '../context.ts';
import { NoContent } from '../schemas/common.ts';
import { CaseInstance, StageOverviewItem } from '../schemas/cmmn.ts';
import { caseInstanceResponse } from './cmmn-responses.ts';
import { stageOverview } from './stage-overview.ts';
import { instanceUpdateFields } from '../process-instance-update.ts';

const tags = ['Case Instances'];
const historyTags = ['History Case'];
const base = '/cmmn-api/cmmn-runtime/case-instances';
const historyBase = '/cmmn-api/cmmn-history/historic-case-instances';
const params = IdParams('caseInstanceId');

/** One request holds every case's lock in one command: a bound keeps it short. */
const MAX_CASES = 1000;

const CaseUpdate = Type.Object(
  {
    action: Type.Optional(
      Type.Union([Type.Enum(['evaluateCriteria', 'claim', 'unclaim', ''], { type: 'string' }), Type.Null()], {
        description: 'evaluateCriteria; without an action the fields are changed',
      }),
    ),
    ...instanceUpdateFields,
  },
  { additionalProperties: false },
);

const BulkBody = (actions: string) =>
  Type.Object(
    {
      action: Type.String({ description: actions }),
      instanceIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: MAX_CASES }),
    },
    { additionalProperties: false },
  );

const unsupported = (field: string, what: string) =>
  new WeirError('WEIR_ILLEGAL_ARGUMENT', `${field}: ${what} is not supported by Weir's case engine`);

export const cmmnCaseLifecycleRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;

  const requireRunningCase = async (request: FastifyRequest, id: string) => {
    await requireVisibleCase(db, principalOf(request), id);
    const row = await getRunningCase(db, id);
    if (!row) throw notFound('case instance', id);
    return row;
  };

  app.put(
    `${base}/:caseInstanceId`,
    {
      schema: {
        body: CaseUpdate,
        response: { 200: CaseInstance, 204: NoContent },
        tags,
        summary: "Update a case instance's name, business key or business status, or evaluate its criteria",
        params,
      },
    },
    async (request, reply) => {
      const id = request.params.caseInstanceId;
      const { action, name, businessKey, businessStatus, dueDate, assignee } = request.body;
      await requireRunningCase(request, id);
      if (action === 'claim' || action === 'unclaim')
        throw unsupported('action', `'${action}' (a case assignee)`);
      if (dueDate != null) throw unsupported('dueDate', 'a case due date');
      if (assignee != null) throw unsupported('assignee', 'a case assignee');
      if (action === 'evaluateCriteria') {
        if (name != null || businessKey != null || businessStatus != null)
          throw new WeirError(
            'WEIR_ILLEGAL_ARGUMENT',
            "action: 'evaluateCriteria' takes no fields; send the changes without an action",
          );
        await evaluateCriteria(engine, id);
      } else if (name != null || businessKey != null || businessStatus != null) {
        await updateCaseInstance(
          engine,
          id,
          {
            name: name ?? undefined,
            businessKey: businessKey ?? undefined,
            businessStatus: businessStatus ?? undefined,
          },
          principalOf(request),
        );
      }
      // as Flowable: the case read again; one that ended meanwhile answers 204
      const after = await getRunningCase(db, id);
      if (!after) return reply.code(204).send();
      return caseInstanceResponse(after, urlsFor(rest, request));
    },
  );

  app.delete(
    `${base}/:caseInstanceId/delete`,
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Delete a running case instance (its history stays, as a terminated case)',
        params,
      },
    },
    async (request, reply) => {
      await requireRunningCase(request, request.params.caseInstanceId);
      await endCaseInstances(engine, [request.params.caseInstanceId], principalOf(request));
      return reply.code(204).send();
    },
  );

  app.post(
    `${base}/delete`,
    {
      schema: {
        body: BulkBody("'delete' or 'terminate'"),
        response: { 204: NoContent },
        tags,
        summary: 'Delete or terminate a bulk of case instances, all or none',
      },
    },
    async (request, reply) => {
      const { action, instanceIds } = request.body;
      if (action !== 'delete' && action !== 'terminate')
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Illegal action: '${action}'.`);
      await endCaseInstances(engine, instanceIds, principalOf(request));
      return reply.code(204).send();
    },
  );

  const deleteHistory = async (request: FastifyRequest, reply: FastifyReply, ids: readonly string[]) => {
    await deleteHistoricCaseInstances(engine, ids, principalOf(request));
    return reply.code(204).send();
  };

  app.delete(
    `${historyBase}/:caseInstanceId`,
    {
      schema: {
        response: { 204: NoContent },
        tags: historyTags,
        summary: 'Delete the history of an ended case instance',
        params,
      },
    },
    (request, reply) => deleteHistory(request, reply, [request.params.caseInstanceId]),
  );

  app.post(
    `${historyBase}/delete`,
    {
      schema: {
        body: BulkBody("'delete'"),
        response: { 204: NoContent },
        tags: historyTags,
        summary: 'Delete the history of a bulk of ended case instances, all or none',
      },
    },
    (request, reply) => {
      if (request.body.action !== 'delete')
        throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Illegal action: '${request.body.action}'.`);
      return deleteHistory(request, reply, request.body.instanceIds);
    },
  );

  app.get(
    `${historyBase}/:caseInstanceId/stage-overview`,
    {
      schema: {
        response: { 200: Type.Array(StageOverviewItem) },
        tags: historyTags,
        summary: 'The stages and milestones of a case instance, running or ended, in plan order',
        params,
      },
    },
    async (request) => {
      const id = request.params.caseInstanceId;
      const row = (await maySeeCase(db, principalOf(request), id))
        ? await getHistoricCase(db, id)
        : undefined;
      if (!row) throw notFound('historic case instance', id);
      return stageOverview(db, row);
    },
  );
};
