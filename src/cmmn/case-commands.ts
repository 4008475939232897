/**
 * The case engine's commands, each one transaction on the process engine's command runner:
 * deploy, start a case (by definition id or latest by key), act on a plan item instance
 * (enable, disable, start, trigger, terminate), set case variables, terminate a case.
 */
import { WeirError } from '../errors.ts';
import type { Engine } from '../engine/engine.ts';
import { requireDeployer, type Principal } from '../engine/authorization.ts';
import { maySeeCase, requireVisibleCase } from './case-access.ts';
import type { CommandContext } from '../engine/context.ts';
import type { VariableType } from '../engine/runtime-types.ts';
import { deleteChildDeployment } from '../persistence/child-deployments-sql.ts';
import {
  caseIdOfPlanItem,
  latestCaseDefinition,
  runningCaseIdsOfDeployment,
} from '../persistence/cmmn-sql.ts';
import { caseDefinitionById, itemById, loadCase } from './runtime/case-context.ts';
import { createCase } from './runtime/case-start.ts';
import { readCmmnResources, storeCaseDeployment, type CmmnResource } from './runtime/case-deploy.ts';
import { activate, occur, planItemOf, start, terminate, transition, complete } from './runtime/lifecycle.ts';
import { completeStageByHand, runCaseAgenda } from './runtime/agenda.ts';
import { terminateCase } from './runtime/case-end.ts';
import {
  caseVariableValues,
  removeCaseVariable,
  removePlanItemVariable,
  setCaseVariable,
  setPlanItemVariable,
} from './runtime/case-variables.ts';
import { formatProblem } from '../model/problems.ts';
import { checkOwner } from '../engine/external-worker.ts';
import { ownVariable } from '../engine/own-variables.ts';
import { getJobRow, lockJobRow } from '../persistence/runtime-reads-sql.ts';
import { requireCaseStarter } from './case-starters.ts';
import {
  ASYNC_VARIABLES_HANDLER,
  storedVariableForms,
  writableValue,
  type VariableWrite,
} from '../engine/execution-variables.ts';
import type { LoadedCase, PlanItemInstance } from './runtime/types.ts';
import { addCaseJob } from './runtime/behaviors.ts';

export const deployCases = async (
  engine: Engine,
  input: { name: string | null; category: string | null; tenantId: string; resources: CmmnResource[] },
  by?: Principal,
) => {
  requireDeployer(by, 'deploy', 'cases');
  const { files, problems } = await readCmmnResources(input.resources);
  if (files.length === 0 && problems.length === 0)
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      'A case deployment needs at least one .cmmn or .cmmn.xml resource',
    );
  if (problems.length > 0)
    throw new WeirError(
      'WEIR_DEPLOYMENT_INVALID',
      `Case deployment is invalid: ${problems.map(formatProblem).join('; ')}`,
      {
        details: { problems },
      },
    );
  return engine.command((ctx) =>
    storeCaseDeployment(ctx.tx, { ...input, parentDeploymentId: null, now: ctx.now }, input.resources, files),
  );
};

export const undeployCases = async (engine: Engine, deploymentId: string, by?: Principal): Promise<void> => {
  requireDeployer(by, 'delete', 'case deployments');
  await engine.command(async (ctx) => {
    // as Flowable without cascade: a deployment whose cases still run stays
    const running = await runningCaseIdsOfDeployment(ctx.tx, deploymentId);
    if (running.length > 0)
      throw new WeirError(
        'WEIR_CONFLICT',
        `Deployment '${deploymentId}' has ${running.length} running case instance(s); terminate them first`,
      );
    if (!(await deleteChildDeployment(ctx.tx, 'cmmn', deploymentId)))
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a deployment with id '${deploymentId}'.`);
  });
};

export interface StartCaseInput {
  caseDefinitionId?: string;
  caseDefinitionKey?: string;
  tenantId?: string;
  businessKey?: string | null;
  name?: string | null;
  variables?: Record<string, unknown>;
  variableTypes?: Record<string, VariableType | undefined>;
  startUserId?: string | null;
  /** who asks (over REST): refused unless among the definition's candidate starters, if it has any */
  by?: Principal;
}

export const startCase = (engine: Engine, input: StartCaseInput) =>
  engine.command(async (ctx) => {
    const definition = input.caseDefinitionId
      ? await caseDefinitionById(ctx.tx, input.caseDefinitionId)
      : await latestCaseDefinition(ctx.tx, input.caseDefinitionKey ?? '', input.tenantId ?? '');
    if (!definition)
      throw new WeirError('WEIR_NOT_FOUND', `No case definition found for key '${input.caseDefinitionKey}'`);
    await requireCaseStarter(ctx.tx, input.by, definition.id);
    const c = await createCase(ctx, definition, input);
    return {
      id: c.row.id,
      definition,
      row: c.row,
      ended: c.ended !== null,
      variables: caseVariableValues(c),
    };
  });

export type PlanItemAction = 'enable' | 'disable' | 'start' | 'trigger' | 'terminate' | 'complete';

const refuse = (action: string, state: string, id: string) =>
  new WeirError(
    'WEIR_ILLEGAL_ARGUMENT',
    `Cannot ${action} plan item instance '${id}': it is in state '${state}'`,
  );

/** Lock the case, then refuse it (as not found) to a principal who may not see it. */
export const loadVisibleCase = async (ctx: CommandContext, caseId: string, by: Principal | undefined) => {
  const c = await loadCase(ctx, caseId);
  await requireVisibleCase(ctx.tx, by, caseId);
  return c;
};

export const planItemAction = (
  engine: Engine,
  caseId: string,
  itemId: string,
  action: PlanItemAction,
  by?: Principal,
) =>
  engine.command(async (ctx) => {
    const c = await loadVisibleCase(ctx, caseId, by);
    const item = itemById(c, itemId);
    const kind = planItemOf(c, item).definition.kind;
    switch (action) {
      case 'enable':
        // Flowable's REST `enable` starts an enabled plan item; a disabled one is enabled again
        if (item.state === 'disabled') transition(ctx, c, item, 'enabled', 'enable');
        else if (item.state === 'enabled') await start(ctx, c, item, 'manualStart');
        else throw refuse(action, item.state, itemId);
        break;
      case 'disable':
        if (item.state !== 'enabled') throw refuse(action, item.state, itemId);
        transition(ctx, c, item, 'disabled', 'disable');
        break;
      case 'start':
        if (item.state !== 'enabled') throw refuse(action, item.state, itemId);
        await start(ctx, c, item, 'manualStart');
        break;
      case 'trigger':
        // Flowable's trigger: a user event listener occurs, an active task completes
        if (kind === 'userEventListener' && item.state === 'available') occur(ctx, c, item);
        else if (item.state === 'active' && kind !== 'stage') {
          const task =
            item.referenceType === 'cmmn-task' && item.referenceId
              ? ctx.tasks.get(item.referenceId)
              : undefined;
          if (task) ctx.removeTask(task);
          complete(ctx, c, item);
        } else throw refuse(action, item.state, itemId);
        break;
      case 'complete':
        // only a stage, as Flowable's completeStagePlanItemInstance: other work completes by its trigger or task
        completeStageByHand(ctx, c, item);
        break;
      case 'terminate':
        if (['completed', 'terminated', 'failed'].includes(item.state))
          throw refuse(action, item.state, itemId);
        terminate(ctx, c, item, 'terminate');
        break;
    }
    await runCaseAgenda(ctx);
    return item;
  });

export const planItemActionById = async (
  engine: Engine,
  itemId: string,
  action: PlanItemAction,
  caseId: string,
) => planItemAction(engine, caseId, itemId, action);

export const terminateCaseInstance = (engine: Engine, caseId: string, by?: Principal) =>
  engine.command(async (ctx) => {
    const c = await loadVisibleCase(ctx, caseId, by);
    terminateCase(ctx, c, 'terminate', null);
    await runCaseAgenda(ctx);
  });

export const setCaseVariables = (
  engine: Engine,
  caseId: string,
  variables: Record<string, unknown>,
  types: Record<string, VariableType | undefined> = {},
  createOnly = false,
  by?: Principal,
) =>
  engine.command(async (ctx) => {
    const c = await loadVisibleCase(ctx, caseId, by);
    for (const name of Object.keys(variables))
      if (createOnly && Object.hasOwn(c.row.document.variables, name))
        throw new WeirError(
          'WEIR_CONFLICT',
          `Variable '${name}' is already present on case instance '${caseId}'.`,
        );
    for (const [name, value] of Object.entries(variables)) setCaseVariable(ctx, c, name, value, types[name]);
    // if-parts may hold now: the agenda evaluates them in this command
    await runCaseAgenda(ctx);
    return c.row.document.variables;
  });

export const deleteCaseVariable = (engine: Engine, caseId: string, name: string, by?: Principal) =>
  engine.command(async (ctx) => {
    const c = await loadVisibleCase(ctx, caseId, by);
    if (!removeCaseVariable(ctx, c, name))
      throw new WeirError('WEIR_NOT_FOUND', `Case instance '${caseId}' has no variable '${name}'.`);
    await runCaseAgenda(ctx);
  });

/** Refuse, as Flowable's REST API does, a create of a name that exists or an update of one that does not. */
const checkWrite = (c: LoadedCase, item: PlanItemInstance | null, write: VariableWrite): void => {
  const variables = item ? (item.variables ?? {}) : c.row.document.variables;
  const what = item ? `plan item instance '${item.id}'` : `case instance '${c.row.id}'`;
  for (const { name } of write.variables) {
    const exists = Object.hasOwn(variables, name);
    if (write.mode === 'create' && exists)
      throw new WeirError('WEIR_CONFLICT', `Variable '${name}' is already present on ${what}.`);
    if (write.mode === 'update' && !exists)
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `${item ? 'Plan item instance' : 'Case instance'} '${item?.id ?? c.row.id}' does not have a variable with name: '${name}'.`,
      );
  }
};

/**
 * `variables-async` of a case or of one of its plan item instances (Flowable's
 * setVariablesAsync and setLocalVariablesAsync): checked now (create: 409 for one that exists;
 * update: 404 for one that does not; values converted, bytes stored), written by a
 * `set-async-variables` job of the case that the executor runs under the case lock.
 */
export const writeCaseVariablesAsync = (
  engine: Engine,
  caseId: string,
  write: VariableWrite,
  by?: Principal,
  planItemInstanceId?: string,
) =>
  engine.command(async (ctx) => {
    const c = await loadVisibleCase(ctx, caseId, by);
    const item = planItemInstanceId === undefined ? null : itemById(c, planItemInstanceId);
    checkWrite(c, item, write);
    const variables = await storedVariableForms(ctx, null, write.variables);
    addCaseJob(ctx, c, item, {
      handler: ASYNC_VARIABLES_HANDLER,
      state: 'executable',
      // executors acquire executable jobs that are due
      dueAt: ctx.now,
      exclusive: true,
      config: { variables },
    });
  });

/**
 * The case of a plan item instance, for a command on the item: one the caller may not see is
 * not found, named by the item's id (not its case's).
 */
export const onPlanItem = async <T>(
  engine: Engine,
  planItemInstanceId: string,
  by: Principal | undefined,
  work: (caseId: string) => Promise<T>,
): Promise<T> => {
  const notFound = () =>
    new WeirError('WEIR_NOT_FOUND', `Could not find a plan item instance with id '${planItemInstanceId}'.`);
  const caseId = await caseIdOfPlanItem(engine.services.db, planItemInstanceId);
  if (!caseId || !(await maySeeCase(engine.services.db, by, caseId))) throw notFound();
  return work(caseId);
};

/** `variables-async` of a plan item instance: its local variables, by a job of its case. */
export const writePlanItemVariablesAsync = (
  engine: Engine,
  planItemInstanceId: string,
  write: VariableWrite,
  by?: Principal,
) =>
  onPlanItem(engine, planItemInstanceId, by, (caseId) =>
    writeCaseVariablesAsync(engine, caseId, write, by, planItemInstanceId),
  );

/** Local variables of a plan item instance written now, then the case's sentries run. */
export const writePlanItemVariables = (
  engine: Engine,
  caseId: string,
  planItemInstanceId: string,
  write: VariableWrite,
  by?: Principal,
) =>
  engine.command(async (ctx) => {
    const c = await loadVisibleCase(ctx, caseId, by);
    const item = itemById(c, planItemInstanceId);
    checkWrite(c, item, write);
    for (const v of await storedVariableForms(ctx, null, write.variables))
      setPlanItemVariable(ctx, c, item, v.name, writableValue(v), v.type);
    await runCaseAgenda(ctx);
    return { ...item.variables };
  });

/** Removes one local variable of a plan item instance; false when it has none of that name. */
export const deletePlanItemVariable = (
  engine: Engine,
  caseId: string,
  planItemInstanceId: string,
  name: string,
  by?: Principal,
) =>
  engine.command(async (ctx) => {
    const c = await loadVisibleCase(ctx, caseId, by);
    const removed = removePlanItemVariable(ctx, c, itemById(c, planItemInstanceId), name);
    if (removed) await runCaseAgenda(ctx);
    return removed;
  });

/** Flowable's `DELETE case-instances/{id}/variables`: every variable of the case, in one command. */
export const deleteCaseVariables = (engine: Engine, caseId: string, by?: Principal) =>
  engine.command(async (ctx) => {
    const c = await loadVisibleCase(ctx, caseId, by);
    for (const name of Object.keys(c.row.document.variables)) removeCaseVariable(ctx, c, name);
    await runCaseAgenda(ctx);
  });

/** Re-evaluate a case's criteria (Flowable's evaluateCriteria) without changing anything else. */
export const evaluateCriteria = (engine: Engine, caseId: string) =>
  engine.command(async (ctx) => {
    await loadCase(ctx, caseId);
    await runCaseAgenda(ctx);
  });

export { activate };

/**
 * An external worker reports on a case's job (`/external-job-api` with scope type `cmmn`):
 * `complete` sets its variables on the case and completes the plan item; `terminate` (Flowable's
 * `cmmnTerminate`) sets them and terminates it. One command: the case is locked, then the job,
 * which must still be this worker's (the same checks as a process's job), and is deleted.
 */
export const reportCaseExternalJob = async (
  engine: Engine,
  jobId: string,
  workerId: string,
  outcome: 'complete' | 'terminate',
  input: { variables?: Record<string, unknown>; variableTypes?: Record<string, VariableType | undefined> },
  by?: Principal,
): Promise<void> => {
  const first = checkOwner(await getJobRow(engine.services.db, jobId), jobId, workerId, by);
  if (first.scopeType !== 'cmmn' || !first.rootInstanceId)
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `External worker job '${jobId}' belongs to no case instance`,
    );
  const caseId = first.rootInstanceId;
  await engine.command(async (ctx) => {
    const c = await loadCase(ctx, caseId);
    const job = checkOwner(await lockJobRow(ctx.tx, jobId), jobId, workerId, by);
    for (const [name, value] of Object.entries(input.variables ?? {}))
      setCaseVariable(ctx, c, name, value, ownVariable(input.variableTypes, name));
    ctx.deletedJobIds.add(job.id);
    const item = c.row.document.items.find((i) => i.id === job.handlerConfig?.planItemInstanceId);
    if (item && item.state === 'active') {
      if (outcome === 'complete') complete(ctx, c, item);
      else terminate(ctx, c, item, 'terminate');
    }
    await runCaseAgenda(ctx);
  });
};
