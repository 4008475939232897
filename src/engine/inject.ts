/**
 * Dynamic injection (Flowable's `DynamicBpmnService.injectUserTaskInProcessInstance` and
 * `injectEmbeddedSubProcessInProcessInstance`): a running instance gets a new user task, or an
 * embedded subprocess copied from another definition, running in parallel to what it is doing.
 *
 * As in Flowable the instance's model really changes: a derived deployment and definition are
 * stored (version 0, so never the latest of the key; `derived_from` names the original), holding
 * the original XML plus a fork after the start event to the injected activity and an end event
 * of its own; the instance, its tasks, jobs and history move onto it (as a migration that keeps
 * every activity where it is), then a new path of control starts at the injected activity.
 * Completing that path ends only it: the instance ends when its other work is done too.
 * Injected next to an open user task (`taskId`), the task is wrapped instead: see injectNextToTask.
 */
import { hasDiagramOf } from '../diagram/di.ts';
import { drawInjectedBranch } from '../diagram/inject-shapes.ts';
import { createHash } from 'node:crypto';
import { WeirError } from '../errors.ts';
import { formatProblem, parseBpmn } from '../model/index.ts';
import { deriveInjectedXml, type Injection } from '../model/inject-xml.ts';
import { deriveWrappedXml } from '../model/inject-wrap-xml.ts';
import {
  getDeployment,
  getProcessDefinition,
  getResource,
  insertDeployment,
  insertProcessDefinition,
  insertResource,
  latestDerivedVersionOf,
  lockDefinitionKey,
} from '../persistence/repository-sql.ts';
import type { Queryable } from '../persistence/database.ts';
import type { CommandContext, LoadedInstance } from './context.ts';
import type { DeploymentRow, ProcessDefinitionRow } from './runtime-types.ts';
import { moveExecutions } from './change-state.ts';
import { migrateInstance, type MigrationTarget } from './migration.ts';
import { createExecution, enterActivity } from './operations.ts';
import { newId } from './ids.ts';

export type InjectRequest = (
  | { readonly kind: 'userTask'; readonly id?: string; readonly name?: string; readonly assignee?: string }
  | { readonly kind: 'subProcess'; readonly id?: string; readonly processDefinitionId: string }
) & {
  /** inject next to this open user task of the instance (see injectNextToTask) */
  readonly taskId?: string;
};

const illegal = (message: string): WeirError => new WeirError('WEIR_ILLEGAL_ARGUMENT', message);

const resourceXml = async (db: Queryable, definition: ProcessDefinitionRow): Promise<string> => {
  const resource = await getResource(db, definition.deploymentId, definition.resourceName);
  if (!resource)
    throw new WeirError(
      'WEIR_INTERNAL',
      `Resource ${definition.resourceName} of definition ${definition.id} is missing`,
    );
  return Buffer.from(resource.content).toString('utf8');
};

const injectionOf = async (db: Queryable, request: InjectRequest): Promise<Injection> => {
  if (request.kind === 'userTask') return request;
  const source = await getProcessDefinition(db, request.processDefinitionId);
  if (!source)
    throw new WeirError(
      'WEIR_NOT_FOUND',
      `Could not find a process definition with id '${request.processDefinitionId}'.`,
    );
  return {
    kind: 'subProcess',
    id: request.id,
    sourceXml: await resourceXml(db, source),
    sourceProcessId: source.key,
  };
};

/** Store the derived deployment, its resource and definition in the command's transaction. */
const storeDerived = async (
  ctx: CommandContext,
  original: ProcessDefinitionRow,
  xml: string,
): Promise<ProcessDefinitionRow> => {
  const tx = ctx.tx;
  const from = await getDeployment(tx, original.deploymentId);
  const deployment: DeploymentRow = {
    id: newId(),
    name: from?.name ?? null,
    category: from?.category ?? null,
    key: from?.key ?? null,
    tenantId: original.tenantId,
    parentDeploymentId: null,
    deployedAt: ctx.now,
    derivedFrom: original.deploymentId,
    derivedFromRoot: from?.derivedFromRoot ?? original.deploymentId,
  };
  await insertDeployment(tx, deployment);
  const content = new TextEncoder().encode(xml);
  await insertResource(tx, {
    deploymentId: deployment.id,
    name: original.resourceName,
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
  });
  // two injections into instances of one key must not both take the same derived version
  await lockDefinitionKey(tx, original.key, original.tenantId);
  const definition: ProcessDefinitionRow = {
    ...original,
    id: `${original.key}:0:${newId()}`,
    version: 0,
    deploymentId: deployment.id,
    hasGraphicalNotation: hasDiagramOf(xml, original.key),
    suspended: false,
    createdAt: ctx.now,
    derivedFrom: original.id,
    derivedFromRoot: original.derivedFromRoot ?? original.id,
    derivedVersion: (await latestDerivedVersionOf(tx, original.key, original.tenantId)) + 1,
  };
  await insertProcessDefinition(tx, definition);
  return definition;
};

/** Inject the activity, answering its id (given, or generated as Flowable does: `dynamicTask1`, ...). */
export const injectActivity = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  request: InjectRequest,
): Promise<string> => {
  if (inst.ended) throw new WeirError('WEIR_NOT_FOUND', `Process instance '${inst.row.id}' has ended.`);
  if (inst.row.suspended)
    throw new WeirError('WEIR_SUSPENDED', `Process instance '${inst.row.id}' is suspended`);
  if (request.id !== undefined && (inst.model.nodes[request.id] || request.id === inst.model.id))
    throw illegal(`id: an element with id '${request.id}' already exists in process '${inst.model.id}'`);
  if (request.taskId !== undefined) return injectNextToTask(ctx, inst, request, request.taskId);
  const model = inst.model;
  const startId = model.initialStartEventId ?? model.startEventIds[0];
  const start = startId ? model.nodes[startId] : undefined;
  const derived = deriveInjectedXml(
    await resourceXml(ctx.tx, inst.definition),
    model.id,
    startId,
    start?.outgoing[0],
    await injectionOf(ctx.tx, request),
  );
  const xml = drawInjectedBranch(derived.xml, {
    ...derived,
    processId: model.id,
    startEventId: startId,
    collapsed: request.kind === 'subProcess',
  });
  const target = await storeDerivedModel(ctx, inst, request, xml);
  await migrateInstance(ctx, inst, { target, activityMappings: [] });
  await moveExecutions(ctx, inst, [], [derived.activityId]);
  return derived.activityId;
};

/** Parse the derived XML, refusing it with every problem named, then store it as a definition. */
const storeDerivedModel = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  request: InjectRequest,
  xml: string,
): Promise<MigrationTarget> => {
  const original = inst.definition;
  const parsed = await parseBpmn(xml, {
    resourceName: original.resourceName,
    delegateNames: ctx.services.delegates.names(),
  });
  const model = parsed.definitions?.processes.find((p) => p.id === inst.model.id);
  if (!model)
    throw illegal(
      `The injected ${request.kind === 'userTask' ? 'user task' : 'subprocess'} makes the process invalid:\n${parsed.problems.map(formatProblem).join('\n')}`,
    );
  const definition = await storeDerived(ctx, original, xml);
  ctx.services.definitions.put(definition, model);
  return { definition, model };
};

/**
 * Flowable's `injectParallelUserTask` and `injectParallelEmbeddedSubProcess`: the open user task
 * `taskId` is wrapped in a new subprocess where the injected activity runs beside it (see
 * `model/inject-wrap-xml.ts`). The task stays as it is (same task, same execution, now a child of
 * the subprocess' scope execution, as Flowable reparents it); the subprocess gets its activity
 * instance and the injected activity starts in it. The instance goes on past the subprocess
 * once both are done.
 */
const injectNextToTask = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  request: InjectRequest,
  taskId: string,
): Promise<string> => {
  const task = ctx.tasks.get(taskId);
  if (!task || task.processInstanceId !== inst.row.id || !task.executionId)
    throw new WeirError(
      'WEIR_NOT_FOUND',
      `taskId: process instance '${inst.row.id}' has no open task with id '${taskId}'.`,
    );
  const node = task.taskDefinitionKey ? inst.model.nodes[task.taskDefinitionKey] : undefined;
  if (node?.kind !== 'userTask') throw illegal(`taskId: task '${taskId}' is not the task of a user task`);
  if (node.multiInstance)
    throw illegal(
      `taskId: user task '${node.id}' is multi-instance; Weir injects only next to a single task`,
    );
  if (node.boundaryEventIds.length > 0)
    throw illegal(
      `taskId: user task '${node.id}' has boundary events, which would stay outside the subprocess that wraps it`,
    );
  const derived = deriveWrappedXml(
    await resourceXml(ctx.tx, inst.definition),
    inst.model.id,
    node.id,
    await injectionOf(ctx.tx, request),
  );
  const target = await storeDerivedModel(ctx, inst, request, derived.xml);
  const atTask = ctx.execution(task.executionId).exec;
  // the wrapping scope comes first, so that the migration finds the task where the new model has it
  const wrapper = createExecution(ctx, inst, ctx.parentOf(atTask)!, derived.wrapperId);
  wrapper.isScope = true;
  atTask.parentId = wrapper.id;
  await migrateInstance(ctx, inst, { target, activityMappings: [] });
  await enterActivity(ctx, wrapper, target.model.nodes[derived.wrapperId]);
  ctx.push({ kind: 'continue', exec: createExecution(ctx, inst, wrapper, derived.activityId) });
  return derived.activityId;
};
