/**
 * The case engine's operator commands: change a case's plan item states, migrate a case (or
 * every case of a definition, at once or as a batch on the job executor) to another case
 * definition, and move ended cases' history onto another definition. Open to admins and
 * holders of deploy-definitions, as the process engine's change-state and migration are.
 */
import { WeirError } from '../errors.ts';
import type { Engine } from '../engine/engine.ts';
import { requireDeployer, type Principal } from '../engine/authorization.ts';
import { createBatch, openBatchPart } from '../engine/batch-migration.ts';
import type { CommandContext } from '../engine/context.ts';
import { newJob } from '../engine/jobs.ts';
import type { JobRow } from '../engine/runtime-types.ts';
import { getCaseDefinition } from '../persistence/cmmn-sql.ts';
import {
  endedCaseIdsOfDefinition,
  lockHistoricCase,
  readCaseRow,
  runningCaseIdsOfDefinition,
} from '../persistence/cmmn-migration-sql.ts';
import { caseDefinitionById, caseModelOf, loadCase } from './runtime/case-context.ts';
import { runCaseAgenda } from './runtime/agenda.ts';
import { changePlanItemState, type PlanItemStateChange } from './runtime/plan-item-state.ts';
import {
  afterCaseMigration,
  migrateCase,
  migrateHistoricCase,
  refuseMissingCaseTarget,
  resolveCaseMigrationTarget,
  validateCaseMigration,
  type CaseMigrationTargetRef,
} from './runtime/case-migration.ts';
import {
  caseMigrationDocumentOf,
  requireTargetRef,
  type FlowableCaseMigrationJson,
} from './runtime/case-migration-document.ts';

/** Flowable's batch type for both case migrations, and the jobs that run their parts. */
export const CASE_MIGRATION_BATCH = 'caseMigration';
export const CASE_MIGRATION_JOB = 'cmmn-case-migration';
export const HISTORIC_CASE_MIGRATION_JOB = 'cmmn-historic-case-migration';

const deployerOnly = (by: Principal | undefined, what: string) => requireDeployer(by, 'migrate', what);

/** Flowable's change-state on a case: one command under the case lock, then the sentry agenda. */
export const changeCasePlanItemState = (
  engine: Engine,
  caseId: string,
  change: PlanItemStateChange,
  by?: Principal,
): Promise<void> => {
  requireDeployer(by, 'change the state of', `case instance '${caseId}'`);
  return engine.command(async (ctx) => {
    const c = await loadCase(ctx, caseId);
    await changePlanItemState(ctx, c, change);
    await runCaseAgenda(ctx);
  });
};

const migrateLoaded = async (ctx: CommandContext, caseId: string, json: FlowableCaseMigrationJson) => {
  const doc = caseMigrationDocumentOf(json);
  const c = await loadCase(ctx, caseId);
  const target = refuseMissingCaseTarget(await resolveCaseMigrationTarget(ctx.tx, doc));
  await migrateCase(ctx, c, target, doc);
  await runCaseAgenda(ctx);
  afterCaseMigration(ctx, c, doc);
};

export const migrateCaseInstance = (
  engine: Engine,
  caseId: string,
  json: FlowableCaseMigrationJson,
  by?: Principal,
): Promise<void> => {
  deployerOnly(by, `case instance '${caseId}'`);
  caseMigrationDocumentOf(json);
  return engine.command((ctx) => migrateLoaded(ctx, caseId, json));
};

/** What would stop a case's migration, as Flowable's validation messages. Changes nothing. */
export const validateCaseInstanceMigration = async (
  engine: Engine,
  caseId: string,
  json: FlowableCaseMigrationJson,
  by?: Principal,
): Promise<string[]> => {
  deployerOnly(by, `case instance '${caseId}'`);
  const doc = caseMigrationDocumentOf(json);
  const db = engine.services.db;
  const row = await readCaseRow(db, caseId);
  if (!row) throw new WeirError('WEIR_NOT_FOUND', `Could not find a case instance with id '${caseId}'.`);
  const target = await resolveCaseMigrationTarget(db, doc);
  if ('message' in target) return [target.message];
  const model = await caseModelOf(db, await caseDefinitionById(db, row.definitionId));
  return validateCaseMigration({ row, model }, target, doc);
};

const requireDefinition = async (engine: Engine, definitionId: string) => {
  const definition = await getCaseDefinition(engine.services.db, definitionId);
  if (!definition)
    throw new WeirError('WEIR_NOT_FOUND', `Could not find a case definition with id '${definitionId}'.`);
  return definition;
};

const selected = (ids: string[], only: readonly string[] | undefined) =>
  only?.length ? ids.filter((id) => only.includes(id)) : ids;

/**
 * Every running case of a definition (or those of `caseInstanceIdsToMigrate`): all are
 * validated first, so that one case that cannot move stops the migration before any moves.
 */
export const migrateCasesOfDefinition = async (
  engine: Engine,
  definitionId: string,
  json: FlowableCaseMigrationJson,
  by?: Principal,
): Promise<void> => {
  deployerOnly(by, `the case instances of case definition '${definitionId}'`);
  await requireDefinition(engine, definitionId);
  const ids = selected(
    await runningCaseIdsOfDefinition(engine.services.db, definitionId),
    json.caseInstanceIdsToMigrate,
  );
  const messages: string[] = [];
  for (const id of ids) messages.push(...(await validateCaseInstanceMigration(engine, id, json, by)));
  if (messages.length > 0)
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Migration is not valid: ${messages.join('; ')}`);
  for (const id of ids) await engine.command((ctx) => migrateLoaded(ctx, id, json));
};

const caseJob = (
  ctx: CommandContext,
  handler: typeof CASE_MIGRATION_JOB | typeof HISTORIC_CASE_MIGRATION_JOB,
  sourceDefinitionId: string,
  inst: { id: string; tenantId: string },
  handlerConfig: Record<string, unknown>,
): JobRow =>
  newJob(ctx, null, null, handler, 'executable', {
    handlerConfig,
    rootInstanceId: inst.id,
    definitionId: sourceDefinitionId,
    exclusive: true,
    tenantId: inst.tenantId,
    scopeType: 'cmmn',
  });

const batchMigrate = async (
  engine: Engine,
  definitionId: string,
  json: FlowableCaseMigrationJson | CaseMigrationTargetRef,
  historic: boolean,
  by?: Principal,
): Promise<string> => {
  deployerOnly(by, `the case instances of case definition '${definitionId}'`);
  const source = await requireDefinition(engine, definitionId);
  if (historic) requireTargetRef(json);
  else caseMigrationDocumentOf(json);
  return engine.command(async (ctx) => {
    const target = refuseMissingCaseTarget(await resolveCaseMigrationTarget(ctx.tx, json));
    const ids = historic
      ? await endedCaseIdsOfDefinition(ctx.tx, definitionId)
      : selected(
          await runningCaseIdsOfDefinition(ctx.tx, definitionId),
          (json as FlowableCaseMigrationJson).caseInstanceIdsToMigrate,
        );
    const handler = historic ? HISTORIC_CASE_MIGRATION_JOB : CASE_MIGRATION_JOB;
    return createBatch(ctx, {
      batchType: CASE_MIGRATION_BATCH,
      searchKey: definitionId,
      searchKey2: target.definition.id,
      tenantId: target.definition.tenantId,
      document: json,
      scopeType: 'cmmn',
      instances: ids.map((id) => ({ id, tenantId: source.tenantId })),
      jobFor: (inst, config) => caseJob(ctx, handler, definitionId, inst, config),
    });
  });
};

/** Migrate the running cases of a definition as a batch: one part and one job per case. */
export const batchMigrateCases = (
  engine: Engine,
  definitionId: string,
  json: FlowableCaseMigrationJson,
  by?: Principal,
) => batchMigrate(engine, definitionId, json, false, by);

/** Move the ended cases of a definition onto another as a batch. */
export const batchMigrateHistoricCases = (
  engine: Engine,
  definitionId: string,
  ref: CaseMigrationTargetRef,
  by?: Principal,
) => batchMigrate(engine, definitionId, ref, true, by);

export const migrateHistoricCaseInstance = (
  engine: Engine,
  caseId: string,
  ref: CaseMigrationTargetRef,
  by?: Principal,
): Promise<void> => {
  deployerOnly(by, `historic case instance '${caseId}'`);
  requireTargetRef(ref);
  return engine.command(async (ctx) => {
    // an unknown case is a 404 before anything about the target, as in Flowable
    if (!(await lockHistoricCase(ctx.tx, caseId)))
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a historic case instance with id '${caseId}'.`);
    const target = refuseMissingCaseTarget(await resolveCaseMigrationTarget(ctx.tx, ref));
    await migrateHistoricCase(ctx, caseId, target);
  });
};

/** Every ended case of a definition, in one command: one that cannot move stops them all. */
export const migrateHistoricCasesOfDefinition = async (
  engine: Engine,
  definitionId: string,
  ref: CaseMigrationTargetRef,
  by?: Principal,
): Promise<void> => {
  deployerOnly(by, `the historic case instances of case definition '${definitionId}'`);
  requireTargetRef(ref);
  await requireDefinition(engine, definitionId);
  await engine.command(async (ctx) => {
    const target = refuseMissingCaseTarget(await resolveCaseMigrationTarget(ctx.tx, ref));
    for (const id of await endedCaseIdsOfDefinition(ctx.tx, definitionId))
      await migrateHistoricCase(ctx, id, target);
  });
};

export const isCaseMigrationJob = (job: JobRow): boolean =>
  job.handler === CASE_MIGRATION_JOB || job.handler === HISTORIC_CASE_MIGRATION_JOB;

/**
 * A part's job (the case hooks run it). A case that cannot be migrated (gone, not ended for a
 * historic part, validation messages) is a failed part, not a failed job; the last part
 * completes the batch.
 */
export const runCaseMigrationJob = async (ctx: CommandContext, job: JobRow): Promise<void> => {
  const open = await openBatchPart(ctx, job, (part, batch) => ({
    caseInstanceId: part.scopeId,
    migrateToCaseDefinitionId: batch.searchKey2,
  }));
  if (!open) return;
  const { part, batch } = open;
  const caseId = part.scopeId ?? '';
  const fail = (messages: string[]) => open.finish({ messages });
  const json = batch.document as FlowableCaseMigrationJson;
  const target = await resolveCaseMigrationTarget(ctx.tx, json);
  if ('message' in target) return fail([target.message]);
  if (job.handler === HISTORIC_CASE_MIGRATION_JOB) {
    try {
      await migrateHistoricCase(ctx, caseId, target);
    } catch (error) {
      if (error instanceof WeirError) return fail([error.message]);
      throw error;
    }
  } else {
    const c = await loadCase(ctx, caseId).catch(() => undefined);
    if (!c) return fail([`Cannot find case instance with id:'${caseId}'`]);
    const doc = caseMigrationDocumentOf(json);
    const messages = validateCaseMigration(c, target, doc);
    if (messages.length > 0) return fail(messages);
    await migrateCase(ctx, c, target, doc);
    await runCaseAgenda(ctx);
    afterCaseMigration(ctx, c, doc);
  }
  await open.finish('success');
};
