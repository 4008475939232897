/** Creating a process instance: row, root execution, variables, history, first token. */
import { WeirError } from '../errors.ts';
import { isExpressionText } from '../expression/index.ts';
import { evaluateFor } from './conditions.ts';
import type { CommandContext, LoadedInstance } from './context.ts';
import type { ExecutionState, VariableType } from './runtime-types.ts';
import { createExecution } from './operations.ts';
import { fireExecutionListeners } from './listeners.ts';
import { createEventSubprocessWaits } from './triggers.ts';
import { setTransientVariable, writeVariable } from './variable-scope.ts';
import { newId } from './ids.ts';
import { ownVariable, variableRecord } from './own-variables.ts';

export interface StartOptions {
  businessKey?: string | null;
  name?: string | null;
  variables?: Record<string, unknown>;
  /** declared types for some of `variables` (REST clients send them) */
  variableTypes?: Record<string, VariableType | undefined>;
  transientVariables?: Record<string, unknown>;
  tenantId?: string;
  startUserId?: string | null;
  /** start at this start event instead of the none start event (message, signal, timer start) */
  startEventId?: string;
  superInstance?: LoadedInstance;
  superExecution?: ExecutionState;
  /** the instance's name as an expression, evaluated in the new instance once its variables are
   * set (a call activity's `flowable:processInstanceName`), with the element named in errors */
  nameExpression?: { readonly expression: string; readonly elementId: string };
  /** the case plan item starting it: told when the instance ends (see scope-hooks.ts) */
  callback?: { readonly id: string; readonly type: string };
}

export const createInstance = async (
  ctx: CommandContext,
  definitionId: string,
  options: StartOptions,
): Promise<LoadedInstance> => {
  const { model, definition } = await ctx.services.definitions.get(ctx.tx, definitionId);
  const startEventId = options.startEventId ?? model.initialStartEventId;
  if (!startEventId) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Process definition '${definition.id}' has no none start event: start it by message, signal or timer`,
    );
  }
  const id = newId();
  const root: ExecutionState = {
    id,
    parentId: null,
    activityId: null,
    state: 'active',
    isScope: true,
    variables: variableRecord(),
    startedAt: ctx.now.toISOString(),
  };
  const inst: LoadedInstance = {
    row: {
      id,
      rootId: options.superInstance ? options.superInstance.row.rootId : id,
      superInstanceId: options.superInstance?.row.id ?? null,
      superExecutionId: options.superExecution?.id ?? null,
      definitionId: definition.id,
      definitionKey: definition.key,
      definitionVersion: definition.version,
      businessKey: options.businessKey ?? null,
      name: options.name ?? null,
      // a called instance inherits its caller's tenant, even from a default-tenant definition
      tenantId: options.superInstance?.row.tenantId ?? definition.tenantId,
      startActivityId: startEventId,
      startUserId: options.startUserId ?? null,
      startedAt: ctx.now,
      suspended: false,
      revision: 1,
      state: { executions: [root], seq: 0 },
      callbackId: options.callback?.id ?? null,
      callbackType: options.callback?.type ?? null,
    },
    model,
    definition,
    isNew: true,
    ended: false,
  };
  ctx.addInstance(inst);
  if (!options.superInstance) ctx.loadedRoots.add(id);
  if (ctx.services.config.historyLevel !== 'none') {
    ctx.history.newProcesses.set(id, {
      id,
      rootId: inst.row.rootId,
      superInstanceId: inst.row.superInstanceId,
      definitionId: definition.id,
      definitionKey: definition.key,
      definitionVersion: definition.version,
      businessKey: inst.row.businessKey,
      name: inst.row.name,
      tenantId: inst.row.tenantId,
      startActivityId: startEventId,
      endActivityId: null,
      startUserId: inst.row.startUserId,
      startedAt: ctx.now,
      endedAt: null,
      durationMs: null,
      endReason: null,
    });
  }
  ctx.authenticatedUserId = options.startUserId ?? null;
  // Flowable's order: the initiator (null without a user, so `${initiator}` still resolves),
  // then data object defaults, then the variables given at start, each overriding the one before
  const start = model.nodes[startEventId];
  if (start.kind === 'startEvent' && start.initiator) {
    writeVariable(ctx, root, start.initiator, options.startUserId ?? null);
  }
  for (const { name, type, value } of model.dataObjects) writeVariable(ctx, root, name, value, type);
  for (const [name, value] of Object.entries(options.variables ?? {})) {
    writeVariable(ctx, root, name, value, ownVariable(options.variableTypes, name));
  }
  for (const [name, value] of Object.entries(options.transientVariables ?? {}))
    setTransientVariable(ctx, root, name, value);
  if (options.nameExpression) nameInstance(ctx, inst, root, options.nameExpression);
  ctx.emit({
    type: 'instance:started',
    data: { processInstanceId: id, definitionId: definition.id, businessKey: inst.row.businessKey },
    time: ctx.now,
  });
  await fireExecutionListeners(ctx, root, model.executionListeners, 'start');
  createEventSubprocessWaits(ctx, root, model.eventSubProcessIds);
  const token = createExecution(ctx, inst, root, startEventId);
  ctx.push({ kind: 'continue', exec: token });
  return inst;
};

const nameInstance = (
  ctx: CommandContext,
  inst: LoadedInstance,
  root: ExecutionState,
  { expression, elementId }: NonNullable<StartOptions['nameExpression']>,
): void => {
  const value = isExpressionText(expression) ? evaluateFor(ctx, root, expression, elementId) : expression;
  const name = value === null || value === undefined ? null : String(value);
  inst.row.name = name;
  const historic = ctx.history.newProcesses.get(inst.row.id);
  if (historic) historic.name = name;
};
