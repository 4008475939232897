/**
 * Process instance migration with Flowable's migration document:
 * `POST runtime/process-instances/{id}/migrate`, `.../validate-migration` (answers
 * `{"validationMessages": [...]}`), and `POST repository/process-definitions/{id}/migrate` for
 * every instance of a definition. The parts of the document Weir cannot run (scripts and Java
 * delegates around the upgrade, call-activity mappings, task changes in a mapping, local
 * variables) are refused by name rather than ignored.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { WeirError } from '../../errors.ts';
import {
  TASK_PROPERTY_MAPPING_FIELDS,
  type ActivityMapping,
  type MigrationDocument,
} from '../../engine/migration.ts';
import { requireDeployer } from '../../engine/authorization.ts';
import { getProcessDefinition } from '../../persistence/repository-sql.ts';
import { instanceIdsOfDefinition } from '../../persistence/migration-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { notFound, type RestContext } from './context.ts';
import { NoContent } from './schemas/common.ts';

const Unsupported = Type.Optional(Type.Unknown({ description: 'Not supported by Weir: refused when given' }));
const Ids = Type.Optional(Type.Array(Type.String({ minLength: 1 })));
const Id = Type.Optional(Type.String({ minLength: 1 }));

const unsupportedMappingFields = [
  ...TASK_PROPERTY_MAPPING_FIELDS,
  'localVariables',
  'inParentProcessOfCallActivityId',
  'inSubProcessOfCallActivityId',
  'callActivityProcessDefinitionVersion',
] as const;

const unsupportedDocumentFields = [
  'preUpgradeScript',
  'preUpgradeJavaDelegate',
  'preUpgradeJavaDelegateExpression',
  'postUpgradeScript',
  'postUpgradeJavaDelegate',
  'postUpgradeJavaDelegateExpression',
  'enableActivityMappings',
] as const;

const Mapping = Type.Object(
  {
    fromActivityId: Id,
    fromActivityIds: Ids,
    toActivityId: Id,
    toActivityIds: Ids,
    ...Object.fromEntries(unsupportedMappingFields.map((name) => [name, Unsupported])),
  },
  { additionalProperties: false },
);

export const MigrationDocumentBody = Type.Object(
  {
    toProcessDefinitionId: Id,
    toProcessDefinitionKey: Id,
    toProcessDefinitionVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    toProcessDefinitionTenantId: Type.Optional(Type.String()),
    activityMappings: Type.Optional(Type.Array(Mapping)),
    processInstanceVariables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    processInstanceIdsToMigrate: Type.Optional(Type.Array(Type.String())),
    ...Object.fromEntries(unsupportedDocumentFields.map((name) => [name, Unsupported])),
  },
  { additionalProperties: false },
);
export type MigrationDocumentInput = Static<typeof MigrationDocumentBody>;

const illegal = (message: string) => new WeirError('WEIR_ILLEGAL_ARGUMENT', message);

const refuseGiven = (where: string, body: object, names: readonly string[]): void => {
  for (const name of names) {
    const value = (body as Record<string, unknown>)[name];
    if (value !== undefined && value !== null)
      throw illegal(`${where}${name}: not supported by Weir's process instance migration`);
  }
};

const toMapping = (m: Static<typeof Mapping>, i: number): ActivityMapping => {
  const where = `activityMappings[${i}].`;
  refuseGiven(where, m, unsupportedMappingFields);
  const from = m.fromActivityIds ?? (m.fromActivityId ? [m.fromActivityId] : []);
  const to = m.toActivityIds ?? (m.toActivityId ? [m.toActivityId] : []);
  if ((m.fromActivityId && m.fromActivityIds) || from.length === 0)
    throw illegal(`${where}fromActivityId: give one of fromActivityId or fromActivityIds`);
  if ((m.toActivityId && m.toActivityIds) || to.length === 0)
    throw illegal(`${where}toActivityId: give one of toActivityId or toActivityIds`);
  if (from.length > 1 && to.length > 1)
    throw illegal(`${where}: a mapping moves one activity to many or many to one, not many to many`);
  return { fromActivityIds: from, toActivityIds: to };
};

/** The engine's document from the body; anything Weir cannot run is a 400 naming it. */
export const migrationDocumentOf = (body: MigrationDocumentInput): MigrationDocument => {
  refuseGiven('', body, unsupportedDocumentFields);
  if (!body.toProcessDefinitionId && !body.toProcessDefinitionKey)
    throw illegal('toProcessDefinitionId: give the definition to migrate to (or toProcessDefinitionKey)');
  return {
    toProcessDefinitionId: body.toProcessDefinitionId,
    toProcessDefinitionKey: body.toProcessDefinitionKey,
    toProcessDefinitionVersion: body.toProcessDefinitionVersion,
    toProcessDefinitionTenantId: body.toProcessDefinitionTenantId,
    activityMappings: (body.activityMappings ?? []).map(toMapping),
    processInstanceVariables: body.processInstanceVariables,
  };
};

const instanceParams = Type.Object({ processInstanceId: Type.String({ minLength: 1 }) });

export const migrationRoutes: FastifyPluginAsyncTypebox<{ rest: RestContext }> = async (app, { rest }) => {
  const { engine, db } = rest;

  app.post(
    '/process-api/runtime/process-instances/:processInstanceId/migrate',
    {
      schema: {
        response: { 200: NoContent },
        tags: ['Process Instances'],
        summary: 'Migrate a process instance to another process definition',
        params: instanceParams,
        body: MigrationDocumentBody,
      },
    },
    async (request, reply) => {
      const doc = migrationDocumentOf(request.body);
      await engine.operators.migrateProcessInstance(
        request.params.processInstanceId,
        doc,
        principalOf(request),
      );
      return reply.code(200).send();
    },
  );

  app.post(
    '/process-api/runtime/process-instances/:processInstanceId/validate-migration',
    {
      schema: {
        response: { 200: Type.Object({ validationMessages: Type.Array(Type.String()) }) },
        tags: ['Process Instances'],
        summary: 'Validate the migration of a process instance',
        params: instanceParams,
        body: MigrationDocumentBody,
      },
    },
    async (request) => {
      const doc = migrationDocumentOf(request.body);
      const validationMessages = await engine.operators.validateProcessInstanceMigration(
        request.params.processInstanceId,
        doc,
        principalOf(request),
      );
      return { validationMessages };
    },
  );

  app.post(
    '/process-api/repository/process-definitions/:processDefinitionId/migrate',
    {
      schema: {
        response: { 200: NoContent },
        tags: ['Process Definitions'],
        summary: 'Migrate every instance of a process definition',
        params: Type.Object({ processDefinitionId: Type.String({ minLength: 1 }) }),
        body: MigrationDocumentBody,
      },
    },
    async (request, reply) => {
      const by = principalOf(request);
      const { processDefinitionId } = request.params;
      requireDeployer(by, 'migrate', `the instances of process definition '${processDefinitionId}'`);
      if (!(await getProcessDefinition(db, processDefinitionId)))
        throw notFound('process definition', processDefinitionId);
      const doc = migrationDocumentOf(request.body);
      const only = request.body.processInstanceIdsToMigrate;
      const ids = (await instanceIdsOfDefinition(db, processDefinitionId)).filter(
        (id) => !only?.length || only.includes(id),
      );
      // validate all first, so that one instance that cannot move stops the migration before any moves
      const messages: string[] = [];
      for (const id of ids)
        messages.push(...(await engine.operators.validateProcessInstanceMigration(id, doc, by)));
      if (messages.length > 0) throw illegal(`Migration is not valid: ${messages.join('; ')}`);
      for (const id of ids) await engine.operators.migrateProcessInstance(id, doc, by);
      return reply.code(200).send();
    },
  );
};
