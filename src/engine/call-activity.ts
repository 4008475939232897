/** Call activities: a child process instance in the same root tree, with in/out mappings. */
import type { CallActivityNode, IOParameter } from '../model/types.ts';
import { isExpressionText } from '../expression/index.ts';
import { WeirError } from '../errors.ts';
import { definitionsOfDeployment, latestProcessDefinition } from '../persistence/repository-sql.ts';
import type { CommandContext, LoadedInstance } from './context.ts';
import type { ProcessDefinitionRow } from './runtime-types.ts';
import type { ExecutionState } from './runtime-types.ts';
import { evaluateFor } from './conditions.ts';
import { getVariable, setVariable, setVariableLocal, visibleVariables } from './variable-scope.ts';
import { createInstance } from './instance-start.ts';
import { putVariable, variableRecord } from './own-variables.ts';

const mapValue = (ctx: CommandContext, exec: ExecutionState, p: IOParameter, elementId: string): unknown =>
  p.sourceExpression !== undefined
    ? evaluateFor(ctx, exec, p.sourceExpression, elementId)
    : getVariable(ctx, exec, p.source ?? p.target);

/**
 * The definition a call activity starts, looked up as Flowable does: with `sameDeployment` the one
 * deployed together with the caller's definition when there is one; else the latest version in the
 * caller's tenant; with `fallbackToDefaultTenant`, a key missing there is looked up without tenant.
 */
const calledDefinition = async (
  ctx: CommandContext,
  inst: LoadedInstance,
  node: CallActivityNode,
  key: string,
): Promise<ProcessDefinitionRow | undefined> => {
  const tenantId = inst.row.tenantId;
  if (node.sameDeployment) {
    const deployed = await definitionsOfDeployment(ctx.tx, inst.definition.deploymentId);
    const same = deployed.find((d) => d.key === key && d.tenantId === tenantId);
    if (same) return same;
  }
  const latest = await latestProcessDefinition(ctx.tx, key, tenantId);
  if (latest || !node.fallbackToDefaultTenant || tenantId === '') return latest;
  return latestProcessDefinition(ctx.tx, key, '');
};

export const startCallActivity = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: CallActivityNode,
): Promise<void> => {
  const inst = ctx.instanceOf(exec);
  const key = isExpressionText(node.calledElement)
    ? String(evaluateFor(ctx, exec, node.calledElement, node.id))
    : node.calledElement;
  const definition = await calledDefinition(ctx, inst, node, key);
  if (!definition) {
    throw new WeirError(
      'WEIR_NOT_FOUND',
      `Call activity '${node.id}': no process definition with key '${key}' is deployed`,
    );
  }
  if (definition.suspended) {
    throw new WeirError(
      'WEIR_SUSPENDED',
      `Call activity '${node.id}': process definition '${definition.id}' is suspended`,
    );
  }
  const variables = node.inheritVariables ? visibleVariables(ctx, exec) : variableRecord<unknown>();
  for (const p of node.inParameters) putVariable(variables, p.target, mapValue(ctx, exec, p, node.id));
  let businessKey: string | null = null;
  if (node.businessKey) {
    const v = isExpressionText(node.businessKey)
      ? evaluateFor(ctx, exec, node.businessKey, node.id)
      : node.businessKey;
    businessKey = v === null || v === undefined ? null : String(v);
  } else if (node.inheritBusinessKey) {
    businessKey = inst.row.businessKey;
  }
  exec.isScope = true;
  const child = await createInstance(ctx, definition.id, {
    businessKey,
    variables,
    tenantId: inst.row.tenantId,
    superInstance: inst,
    superExecution: exec,
    nameExpression:
      node.processInstanceName === undefined
        ? undefined
        : { expression: node.processInstanceName, elementId: node.id },
  });
  exec.subInstanceId = child.row.id;
  const idVariable =
    node.idVariableName === undefined
      ? undefined
      : isExpressionText(node.idVariableName)
        ? evaluateFor(ctx, exec, node.idVariableName, node.id)
        : node.idVariableName;
  if (typeof idVariable === 'string' && idVariable !== '') setVariable(ctx, exec, idVariable, child.row.id);
  const act = exec.activityInstanceId ? ctx.history.newActivities.get(exec.activityInstanceId) : undefined;
  if (act) act.calledProcessInstanceId = child.row.id;
};

export const applyOutParameters = (
  ctx: CommandContext,
  child: LoadedInstance,
  caller: ExecutionState,
  node: CallActivityNode,
): void => {
  const childRoot = ctx.rootExecution(child);
  for (const p of node.outParameters) {
    const value = mapValue(ctx, childRoot, p, node.id);
    // out mappings write to the calling scope, as Flowable does; locally to the call activity's
    // execution with flowable:useLocalScopeForOutParameters
    if (node.useLocalScopeForOutParameters) setVariableLocal(ctx, caller, p.target, value);
    else setVariable(ctx, caller, p.target, value);
  }
};
