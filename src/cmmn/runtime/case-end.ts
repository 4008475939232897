/**
 * A case ends: completed when its plan model has nothing left to do, terminated by an exit
 * criterion on the plan model or by a client. What still runs inside it ends with it; a case
 * started by a parent case's case task completes that plan item.
 */
import type { CommandContext } from '../../engine/context.ts';
import { terminate, childrenOf, isEnded } from './lifecycle.ts';
import type { LoadedCase } from './types.ts';
import { caseScope } from './case-context.ts';
import { queueCaseListeners } from './case-listeners.ts';

const finish = (ctx: CommandContext, c: LoadedCase, state: 'completed' | 'terminated'): void => {
  queueCaseListeners(ctx, c, c.row.state, state);
  c.ended = state;
  c.row.state = state;
  const data = { caseInstanceId: c.row.id, caseDefinitionId: c.row.definitionId };
  ctx.emit(
    state === 'completed'
      ? { type: 'case:completed', data, time: ctx.now }
      : { type: 'case:terminated', data, time: ctx.now },
  );
};

export const completeCase = (ctx: CommandContext, c: LoadedCase): void => {
  for (const child of childrenOf(c, null)) if (!isEnded(child)) terminate(ctx, c, child, null);
  finish(ctx, c, 'completed');
  notifyParent(ctx, c, true);
};

export const terminateCase = (
  ctx: CommandContext,
  c: LoadedCase,
  event: 'exit' | 'terminate',
  _exitCriterionId: string | null,
): void => {
  for (const child of childrenOf(c, null))
    if (!isEnded(child)) terminate(ctx, c, child, event === 'exit' ? null : 'terminate');
  finish(ctx, c, 'terminated');
  notifyParent(ctx, c, false);
};

/** A child case of a case task tells its parent after this command's agenda (see case-hooks.ts). */
const notifyParent = (ctx: CommandContext, c: LoadedCase, completed: boolean): void => {
  if (c.row.callbackType !== 'cmmn' || !c.row.callbackId || !c.row.parentId) return;
  caseScope(ctx).endedChildren.push({
    parentId: c.row.parentId,
    planItemInstanceId: c.row.callbackId,
    child: c,
    completed,
  });
};
