/**
 * Process instance migration (Flowable's migration document): an instance moves onto another
 * process definition, usually a newer version of its own, under its root lock.
 *
 * Each path of control is either kept or moved. An execution at an activity named in an
 * activity mapping moves to the mapping's targets (as a state change does: cancelled with the
 * reason `Change activity to ...`, started again in the new model). Any other execution is
 * auto-mapped to the activity of the same id; it is kept as it is (its task, timer or
 * subscription stays) when that activity sits in the same subprocesses, is of the same kind and
 * has the same boundary events in the new model, and restarted at it otherwise. An execution
 * that can be neither is a validation message, and a migration with any message changes nothing.
 */
import type { FlowNode, ProcessModel } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { definitionByKeyAndVersion, moveInstanceRowsToDefinition } from '../persistence/migration-sql.ts';
import { getProcessDefinition } from '../persistence/repository-sql.ts';
import type { EngineServices } from './services.ts';
import type { CommandContext, LoadedInstance } from './context.ts';
import type { ExecutionState, ProcessDefinitionRow } from './runtime-types.ts';
import { enclosingSubprocesses, executionsAt, moveExecutions, unstartableReason } from './change-state.ts';
import { createBoundaryWaits, createEventSubprocessWaits } from './triggers.ts';
import { setVariable } from './variable-scope.ts';
import { findMigrationTarget, isMissing, type Missing } from './migration-target.ts';
import { closeBoundaryRowsNotIn } from './activity-history.ts';

/**
 * Task properties a migration mapping may set on the task it starts (Flowable's `newName`...):
 * neither migration runs them, and both refuse them by name.
 */
export const TASK_PROPERTY_MAPPING_FIELDS = [
  'newName',
  'newDueDate',
  'newPriority',
  'newCategory',
  'newFormKey',
  'newAssignee',
  'newOwner',
  'newCandidateUsers',
  'newCandidateGroups',
] as const;

export interface ActivityMapping {
  readonly fromActivityIds: readonly string[];
  readonly toActivityIds: readonly string[];
}

export interface MigrationTarget {
  readonly definition: ProcessDefinitionRow;
  readonly model: ProcessModel;
}

export interface MigrationPlanInput {
  readonly target: MigrationTarget;
  readonly activityMappings: readonly ActivityMapping[];
  /** set on the process instance after the move */
  readonly processInstanceVariables?: Readonly<Record<string, unknown>>;
}

/** Flowable's migration document, the parts Weir runs. */
export interface MigrationDocument {
  readonly toProcessDefinitionId?: string;
  readonly toProcessDefinitionKey?: string;
  readonly toProcessDefinitionVersion?: number;
  readonly toProcessDefinitionTenantId?: string;
  readonly activityMappings: readonly ActivityMapping[];
  readonly processInstanceVariables?: Readonly<Record<string, unknown>>;
}

/** The definition a document migrates to, or Flowable's message when there is none. */
export const resolveMigrationTarget = async (
  services: EngineServices,
  db: Queryable,
  doc: MigrationDocument,
): Promise<MigrationTarget | Missing> => {
  const definition = await findMigrationTarget(
    'process',
    {
      id: doc.toProcessDefinitionId,
      key: doc.toProcessDefinitionKey,
      version: doc.toProcessDefinitionVersion,
      tenantId: doc.toProcessDefinitionTenantId,
    },
    {
      byId: (id) => getProcessDefinition(db, id),
      byKey: (key, version, tenantId) => definitionByKeyAndVersion(db, key, version, tenantId),
    },
  );
  if (isMissing(definition)) return definition;
  const { model } = await services.definitions.get(db, definition.id);
  return { definition, model };
};

interface Plan {
  moves: { executions: ExecutionState[]; targets: readonly string[] }[];
  /** auto-mapped executions whose activity must be started again in the new model */
  restarts: ExecutionState[];
  messages: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x));

const liveChildren = (inst: LoadedInstance, exec: ExecutionState): ExecutionState[] =>
  inst.row.state.executions.filter((e) => e.parentId === exec.id && e.state !== 'ended');

/** The executions that stand for one activity each: leaves, and multi-instance bodies as a whole. */
const activityExecutions = (inst: LoadedInstance): ExecutionState[] => {
  const found: ExecutionState[] = [];
  const visit = (exec: ExecutionState): void => {
    const children = liveChildren(inst, exec);
    if (exec.id !== inst.row.id && (exec.isMultiInstanceRoot || children.length === 0)) {
      found.push(exec);
      return;
    }
    for (const child of children) visit(child);
  };
  const root = inst.row.state.executions.find((e) => e.id === inst.row.id);
  if (root) visit(root);
  return found;
};

/** The subprocess ids of the scope executions above `exec`, outermost first. */
const scopeChain = (inst: LoadedInstance, exec: ExecutionState): string[] => {
  const chain: string[] = [];
  const byId = new Map(inst.row.state.executions.map((e) => [e.id, e]));
  for (let p = exec.parentId ? byId.get(exec.parentId) : undefined; p && p.id !== inst.row.id;) {
    if (p.activityId) chain.unshift(p.activityId);
    p = p.parentId ? byId.get(p.parentId) : undefined;
  }
  return chain;
};

const fitsUnchanged = (
  inst: LoadedInstance,
  exec: ExecutionState,
  old: FlowNode,
  node: FlowNode,
  model: ProcessModel,
) =>
  node.kind === old.kind &&
  sameSet(node.boundaryEventIds, old.boundaryEventIds) &&
  !node.multiInstance === !old.multiInstance &&
  sameSet(
    enclosingSubprocesses(model, node).map((s) => s.id),
    scopeChain(inst, exec),
  );

const isInside = (inst: LoadedInstance, exec: ExecutionState, ancestors: ReadonlySet<string>): boolean => {
  const byId = new Map(inst.row.state.executions.map((e) => [e.id, e]));
  for (let p: ExecutionState | undefined = exec; p; p = p.parentId ? byId.get(p.parentId) : undefined) {
    if (ancestors.has(p.id)) return true;
  }
  return false;
};

const planMigration = (inst: LoadedInstance, input: MigrationPlanInput): Plan => {
  const { model } = input.target;
  const plan: Plan = { moves: [], restarts: [], messages: [] };
  const id = inst.row.id;
  const moved = new Set<string>();
  for (const mapping of input.activityMappings) {
    for (const to of mapping.toActivityIds) {
      const reason = unstartableReason(model, to);
      if (reason)
        plan.messages.push(
          `Invalid mapping for '${mapping.fromActivityIds.join(',')}' to '${to}': ${reason} (process definition '${input.target.definition.id}')`,
        );
    }
    const executions = mapping.fromActivityIds.flatMap((from) => executionsAt(inst, from));
    if (executions.length === 0) continue; // a mapping for an activity the instance is not at: nothing to do
    for (const exec of executions) moved.add(exec.id);
    plan.moves.push({ executions, targets: mapping.toActivityIds });
  }
  for (const exec of activityExecutions(inst)) {
    if (isInside(inst, exec, moved)) continue;
    const activityId = exec.activityId ?? '';
    const node = model.nodes[activityId];
    const old = inst.model.nodes[activityId];
    if (!node || !old) {
      plan.messages.push(
        `Process instance (id:'${id}') has a running Activity (id:'${activityId}') that is not mapped for migration`,
      );
    } else if (exec.isMultiInstanceRoot || exec.isMultiInstanceInner) {
      if (!fitsUnchanged(inst, exec, old, node, model))
        plan.messages.push(
          `Multi-instance activity '${activityId}' of process instance (id:'${id}') changed in the new model: Weir migrates it only when mapped to another activity`,
        );
    } else if (!fitsUnchanged(inst, exec, old, node, model)) {
      const reason = unstartableReason(model, activityId);
      if (reason) plan.messages.push(`Cannot auto-map activity '${activityId}': ${reason}`);
      else plan.restarts.push(exec);
    }
  }
  // a suspended instance keeps its waits as they are; new tasks and jobs would not be suspended
  if (inst.row.suspended && (plan.moves.length > 0 || plan.restarts.length > 0))
    plan.messages.push(
      `Process instance (id:'${id}') is suspended: it can move to the new definition only where its activities stay as they are`,
    );
  return plan;
};

/** Validation only: Flowable's `validationMessages` (empty when the migration can run). */
export const validateMigration = (inst: LoadedInstance, input: MigrationPlanInput): string[] =>
  planMigration(inst, input).messages;

/** Re-create the waits a kept scope holds (boundary events, event subprocess starts) when the new model changed them. */
const refreshScopeWaits = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  oldModel: ProcessModel,
): Promise<void> => {
  const { model } = inst;
  for (const exec of inst.row.state.executions) {
    if (exec.state === 'ended' || !exec.isScope || exec.isMultiInstanceRoot) continue;
    const isRoot = exec.id === inst.row.id;
    const oldNode = isRoot ? oldModel : oldModel.nodes[exec.activityId ?? ''];
    const node = isRoot ? model : model.nodes[exec.activityId ?? ''];
    if (!node || !oldNode || !('eventSubProcessIds' in node) || !('eventSubProcessIds' in oldNode)) continue;
    const boundaries = 'boundaryEventIds' in node ? node.boundaryEventIds : [];
    const oldBoundaries = 'boundaryEventIds' in oldNode ? oldNode.boundaryEventIds : [];
    if (sameSet(node.eventSubProcessIds, oldNode.eventSubProcessIds) && sameSet(boundaries, oldBoundaries))
      continue;
    ctx.clearWaits(exec.id);
    closeBoundaryRowsNotIn(ctx, exec, boundaries);
    if (!isRoot && boundaries.length > 0) await createBoundaryWaits(ctx, exec, node as FlowNode);
    createEventSubprocessWaits(ctx, exec, node.eventSubProcessIds);
  }
};

export const migrateInstance = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  input: MigrationPlanInput,
): Promise<void> => {
  const plan = planMigration(inst, input);
  if (plan.messages.length > 0)
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Migration is not valid: ${plan.messages.join('; ')}`, {
      details: { validationMessages: plan.messages },
    });
  const { definition, model } = input.target;
  const oldModel = inst.model;
  await moveInstanceRowsToDefinition(ctx.tx, inst.row.id, definition);
  inst.row.definitionId = definition.id;
  inst.row.definitionKey = definition.key;
  inst.row.definitionVersion = definition.version;
  inst.model = model;
  inst.definition = definition;
  for (const task of ctx.tasks.values())
    if (task.processInstanceId === inst.row.id) task.definitionId = definition.id;
  for (const move of plan.moves) await moveExecutions(ctx, inst, move.executions, move.targets);
  for (const exec of plan.restarts) {
    if (exec.state !== 'ended') await moveExecutions(ctx, inst, [exec], [exec.activityId!]);
  }
  await refreshScopeWaits(ctx, inst, oldModel);
  const root = ctx.rootExecution(inst);
  for (const [name, value] of Object.entries(input.processInstanceVariables ?? {}))
    setVariable(ctx, root, name, value);
};
