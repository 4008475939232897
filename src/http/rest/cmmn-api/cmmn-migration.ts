/**
 * Changing and migrating cases over `/cmmn-api`, with Flowable's paths and bodies:
 * `cmmn-runtime/case-instances/{id}/change-state` (ChangePlanItemStateRequest),
 * `.../migrate` and `.../validate-migration` (the case migration document; validation answers
 * `{"validationMessages": [...]}`), `cmmn-repository/case-definitions/{id}/migrate`,
 * `/batch-migrate`, `/migrate-historic-instances`, `/batch-migrate-historic-instances`, and
 * `cmmn-history/historic-case-instances/{id}/migrate`. A batch answers Flowable's batch JSON
 * and is read afterwards through the batch routes (batches.ts). What Weir cannot honour in a
 * document is refused by name (case-migration-document.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WeirError } from '../../../errors.ts';
import {
  batchMigrateCases,
  batchMigrateHistoricCases,
  changeCasePlanItemState,
  migrateCaseInstance,
  migrateCasesOfDefinition,
  migrateHistoricCaseInstance,
  migrateHistoricCasesOfDefinition,
  validateCaseInstanceMigration,
} from '../../../cmmn/index.ts';
import { UNSUPPORTED_MAPPING_FIELDS } from '../../../cmmn/runtime/case-migration-document.ts';
import { getBatch } from '../../../persistence/batches-sql.ts';
import { principalOf } from '../../auth/basic-auth.ts';
import { Batch, batchResponse } from '../batches.ts';
import { IdParams, urlsFor, type RestContext } from '../context.ts';
import { NoContent } from '../schemas/common.ts';

const Id = Type.Optional(Type.String({ minLength: 1 }));
const Ids = (description: string) =>
  Type.Optional(Type.Union([Type.Array(Type.String({ minLength: 1 })), Type.Null()], { description }));
const IdMap = (description: string) =>
  Type.Optional(
    Type.Union([Type.Record(Type.String(), Type.String({ minLength: 1 })), Type.Null()], { description }),
  );
const Unsupported = Type.Optional(Type.Unknown({ description: 'Not supported by Weir: refused when given' }));

const Retarget = Type.Object(
  { existingPlanItemDefinitionId: Id, newPlanItemId: Id, newPlanItemDefinitionId: Id },
  { additionalProperties: false },
);

const ChangePlanItemState = Type.Object(
  {
    activatePlanItemDefinitionIds: Ids('Plan item definitions started now'),
    moveToAvailablePlanItemDefinitionIds: Ids('Plan item definitions moved back to available'),
    terminatePlanItemDefinitionIds: Ids('Plan item definitions terminated'),
    addWaitingForRepetitionPlanItemDefinitionIds: Ids('Plan item definitions given a waiting instance'),
    removeWaitingForRepetitionPlanItemDefinitionIds: Ids('Plan item definitions whose waiting instances end'),
    changePlanItemIds: IdMap('Existing plan item id to new plan item id'),
    changePlanItemIdsWithDefinitionId: IdMap(
      'Existing plan item definition id to new plan item definition id',
    ),
    changePlanItemDefinitionsWithNewTargetIds: Type.Optional(Type.Union([Type.Array(Retarget), Type.Null()])),
  },
  { additionalProperties: false },
);

const Mapping = Type.Object(
  {
    planItemDefinitionId: Id,
    condition: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    ...Object.fromEntries(UNSUPPORTED_MAPPING_FIELDS.map((name) => [name, Unsupported])),
  },
  { additionalProperties: false },
);
const Mappings = Type.Optional(Type.Array(Mapping));

const TargetFields = {
  toCaseDefinitionId: Id,
  toCaseDefinitionKey: Id,
  toCaseDefinitionVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  toCaseDefinitionTenantId: Type.Optional(Type.String()),
};

const CaseMigrationDocument = Type.Object(
  {
    ...TargetFields,
    caseInstanceIdsToMigrate: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    enableAutomaticPlanItemInstanceCreation: Type.Optional(Type.Boolean()),
    activatePlanItemDefinitions: Mappings,
    terminatePlanItemDefinitions: Mappings,
    moveToAvailablePlanItemDefinitions: Mappings,
    waitingForRepetitionPlanItemDefinitions: Mappings,
    removeWaitingForRepetitionPlanItemDefinitions: Mappings,
    changePlanItemIds: Type.Optional(
      Type.Array(Type.Object({ existingPlanItemId: Id, newPlanItemId: Id }, { additionalProperties: false })),
    ),
    changePlanItemIdsWithDefinitionId: Type.Optional(
      Type.Array(
        Type.Object(
          { existingPlanItemDefinitionId: Id, newPlanItemDefinitionId: Id },
          { additionalProperties: false },
        ),
      ),
    ),
    changePlanItemDefinitionWithNewTargetIds: Type.Optional(Type.Array(Retarget)),
    caseInstanceVariables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    preUpgradeExpression: Type.Optional(Type.String()),
    postUpgradeExpression: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const HistoricMigrationDocument = Type.Object(TargetFields, { additionalProperties: false });

const ValidationAnswer = Type.Object({ validationMessages: Type.Array(Type.String()) });

const caseParams = IdParams('caseInstanceId');
const definitionParams = IdParams('caseDefinitionId');

/** On one case's routes the path names the case: a list of cases to migrate would be ignored. */
const oneCase = <T extends { caseInstanceIdsToMigrate?: string[] }>(body: T): T => {
  if (body.caseInstanceIdsToMigrate !== undefined)
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      'caseInstanceIdsToMigrate: the case instance is the one in the path; name cases on the case definition routes',
    );
  return body;
};

const list = (ids: readonly string[] | null | undefined) =>
  (ids ?? []).map((planItemDefinitionId) => ({ planItemDefinitionId }));

export const cmmnMigrationRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (
  app,
  { rest },
) => {
  const { engine, db } = rest;
  const runtime = '/cmmn-api/cmmn-runtime/case-instances/:caseInstanceId';
  const definitions = '/cmmn-api/cmmn-repository/case-definitions/:caseDefinitionId';

  app.post(
    `${runtime}/change-state`,
    {
      schema: {
        response: { 200: NoContent },
        tags: ['Case Instances'],
        summary: 'Change the state of plan items of a case instance',
        params: caseParams,
        body: ChangePlanItemState,
      },
    },
    async (request, reply) => {
      const b = request.body;
      await changeCasePlanItemState(
        engine,
        request.params.caseInstanceId,
        {
          activate: list(b.activatePlanItemDefinitionIds),
          moveToAvailable: list(b.moveToAvailablePlanItemDefinitionIds),
          terminate: list(b.terminatePlanItemDefinitionIds),
          addWaitingForRepetition: list(b.addWaitingForRepetitionPlanItemDefinitionIds),
          removeWaitingForRepetition: list(b.removeWaitingForRepetitionPlanItemDefinitionIds),
          changePlanItemIds: b.changePlanItemIds ?? {},
          changePlanItemIdsWithDefinitionId: b.changePlanItemIdsWithDefinitionId ?? {},
          changePlanItemDefinitionsWithNewTargetIds: (b.changePlanItemDefinitionsWithNewTargetIds ?? []).map(
            (m, i) => {
              const where = `changePlanItemDefinitionsWithNewTargetIds[${i}]`;
              if (!m.existingPlanItemDefinitionId || !m.newPlanItemId || !m.newPlanItemDefinitionId)
                throw new WeirError(
                  'WEIR_ILLEGAL_ARGUMENT',
                  `${where}: existingPlanItemDefinitionId, newPlanItemId and newPlanItemDefinitionId are required`,
                );
              return {
                existingPlanItemDefinitionId: m.existingPlanItemDefinitionId,
                newPlanItemId: m.newPlanItemId,
                newPlanItemDefinitionId: m.newPlanItemDefinitionId,
              };
            },
          ),
        },
        principalOf(request),
      );
      return reply.code(200).send();
    },
  );

  app.post(
    `${runtime}/migrate`,
    {
      schema: {
        response: { 200: NoContent },
        tags: ['Case Instances'],
        summary: 'Migrate a case instance to another case definition',
        params: caseParams,
        body: CaseMigrationDocument,
      },
    },
    async (request, reply) => {
      await migrateCaseInstance(
        engine,
        request.params.caseInstanceId,
        oneCase(request.body),
        principalOf(request),
      );
      return reply.code(200).send();
    },
  );

  app.post(
    `${runtime}/validate-migration`,
    {
      schema: {
        response: { 200: ValidationAnswer },
        tags: ['Case Instances'],
        summary: 'Validate the migration of a case instance',
        params: caseParams,
        body: CaseMigrationDocument,
      },
    },
    async (request) => ({
      validationMessages: await validateCaseInstanceMigration(
        engine,
        request.params.caseInstanceId,
        oneCase(request.body),
        principalOf(request),
      ),
    }),
  );

  app.post(
    `${definitions}/migrate`,
    {
      schema: {
        response: { 200: NoContent },
        tags: ['Case Definitions'],
        summary: 'Migrate every case instance of a case definition',
        params: definitionParams,
        body: CaseMigrationDocument,
      },
    },
    async (request, reply) => {
      await migrateCasesOfDefinition(
        engine,
        request.params.caseDefinitionId,
        request.body,
        principalOf(request),
      );
      return reply.code(200).send();
    },
  );

  app.post(
    `${definitions}/batch-migrate`,
    {
      schema: {
        response: { 200: Batch },
        tags: ['Case Definitions'],
        summary: 'Migrate the case instances of a case definition in a batch',
        params: definitionParams,
        body: CaseMigrationDocument,
      },
    },
    async (request) => {
      const id = await batchMigrateCases(
        engine,
        request.params.caseDefinitionId,
        request.body,
        principalOf(request),
      );
      return batchResponse((await getBatch(db, id))!, urlsFor(rest, request));
    },
  );

  app.post(
    `${definitions}/migrate-historic-instances`,
    {
      schema: {
        response: { 200: NoContent },
        tags: ['Case Definitions'],
        summary: 'Migrate every ended case instance of a case definition',
        params: definitionParams,
        body: HistoricMigrationDocument,
      },
    },
    async (request, reply) => {
      await migrateHistoricCasesOfDefinition(
        engine,
        request.params.caseDefinitionId,
        request.body,
        principalOf(request),
      );
      return reply.code(200).send();
    },
  );

  app.post(
    `${definitions}/batch-migrate-historic-instances`,
    {
      schema: {
        response: { 200: Batch },
        tags: ['Case Definitions'],
        summary: 'Migrate the ended case instances of a case definition in a batch',
        params: definitionParams,
        body: HistoricMigrationDocument,
      },
    },
    async (request) => {
      const id = await batchMigrateHistoricCases(
        engine,
        request.params.caseDefinitionId,
        request.body,
        principalOf(request),
      );
      return batchResponse((await getBatch(db, id))!, urlsFor(rest, request));
    },
  );

  app.post(
    '/cmmn-api/cmmn-history/historic-case-instances/:caseInstanceId/migrate',
    {
      schema: {
        response: { 200: NoContent },
        tags: ['History Case'],
        summary: 'Migrate an ended case instance to another case definition',
        params: caseParams,
        body: HistoricMigrationDocument,
      },
    },
    async (request, reply) => {
      await migrateHistoricCaseInstance(
        engine,
        request.params.caseInstanceId,
        request.body,
        principalOf(request),
      );
      return reply.code(200).send();
    },
  );
};
