/** Starting a case: by a client (key or id), or as the child case of a case task. */
import { WeirError } from '../../errors.ts';
import type { CommandContext } from '../../engine/context.ts';
import { newId } from '../../engine/ids.ts';
import type { VariableType } from '../../engine/runtime-types.ts';
import { caseDefinitionInDeployment, latestCaseDefinition } from '../../persistence/cmmn-sql.ts';
import type { CaseTaskDef } from '../model/types.ts';
import { caseModelOf, caseScope } from './case-context.ts';
import { textValue } from './case-expressions.ts';
import { setCaseVariable } from './case-variables.ts';
import { inVariables, isBlocking } from './behaviors.ts';
import { complete, createChildren, planItemOf } from './lifecycle.ts';
import type { CaseDefinitionRow, LoadedCase, PlanItemInstance } from './types.ts';
import { runCaseAgenda } from './agenda.ts';
import { queueCaseListeners } from './case-listeners.ts';

export interface CaseStart {
  businessKey?: string | null;
  name?: string | null;
  variables?: Record<string, unknown>;
  variableTypes?: Record<string, VariableType | undefined>;
  startUserId?: string | null;
  parent?: { caseId: string; planItemInstanceId: string };
}

/** Create the case and its first plan items (the agenda then starts what can start). */
export const createCase = async (
  ctx: CommandContext,
  definition: CaseDefinitionRow,
  input: CaseStart,
): Promise<LoadedCase> => {
  const model = await caseModelOf(ctx.tx, definition);
  const c: LoadedCase = {
    row: {
      id: newId(),
      definitionId: definition.id,
      businessKey: input.businessKey ?? null,
      businessStatus: null,
      name: input.name ?? null,
      state: 'active',
      startUserId: input.startUserId ?? null,
      startedAt: ctx.now,
      tenantId: definition.tenantId,
      callbackId: input.parent?.planItemInstanceId ?? null,
      callbackType: input.parent ? 'cmmn' : null,
      parentId: input.parent?.caseId ?? null,
      document: { items: [], variables: {}, planModelOnParts: {} },
      revision: 1,
    },
    model,
    definition,
    isNew: true,
    ended: null,
    dirty: new Set(),
    newItems: new Set(),
  };
  caseScope(ctx).cases.set(c.row.id, c);
  ctx.emit({
    type: 'case:started',
    data: { caseInstanceId: c.row.id, caseDefinitionId: definition.id, businessKey: c.row.businessKey },
    time: ctx.now,
  });
  ctx.authenticatedUserId = input.startUserId ?? ctx.authenticatedUserId;
  if (model.initiatorVariableName)
    setCaseVariable(ctx, c, model.initiatorVariableName, input.startUserId ?? null);
  for (const [name, value] of Object.entries(input.variables ?? {}))
    setCaseVariable(ctx, c, name, value, input.variableTypes?.[name]);
  queueCaseListeners(ctx, c, null, 'active');
  createChildren(ctx, c, model.planModel, null);
  await runCaseAgenda(ctx);
  return c;
};

/** A case task: start the child case; a blocking one completes when the child ends. */
export const startChildCase = async (
  ctx: CommandContext,
  c: LoadedCase,
  item: PlanItemInstance,
  def: CaseTaskDef,
): Promise<void> => {
  const planItem = planItemOf(c, item);
  const key = textValue(ctx, c, def.caseRef, planItem.id, item) ?? '';
  let definition = def.sameDeployment
    ? await caseDefinitionInDeployment(ctx.tx, key, c.definition.deploymentId)
    : undefined;
  definition ??= await latestCaseDefinition(ctx.tx, key, c.row.tenantId);
  if (!definition && def.fallbackToDefaultTenant && c.row.tenantId !== '')
    definition = await latestCaseDefinition(ctx.tx, key, '');
  if (!definition)
    throw new WeirError('WEIR_NOT_FOUND', `Plan item '${planItem.id}': no case definition with key '${key}'`);
  const variables = inVariables(ctx, c, planItem.id, def.inParameters);
  const blocking = isBlocking(ctx, c, item, def);
  item.referenceType = 'cmmn-case';
  const child = await createCase(ctx, definition, {
    businessKey: c.row.businessKey,
    variables,
    startUserId: ctx.authenticatedUserId,
    parent: blocking ? { caseId: c.row.id, planItemInstanceId: item.id } : undefined,
  });
  item.referenceId = child.row.id;
  if (!blocking) complete(ctx, c, item);
};
