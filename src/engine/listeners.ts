/** Execution listeners (start, end, take) and task listeners (create, assignment, complete, delete). */
import type { Listener } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState, TaskRow } from './runtime-types.ts';
import { executionFacade, taskFacade } from './facades.ts';
import { evaluateFor } from './conditions.ts';
import { invokeDelegate, resolveDelegate } from './invoke.ts';

export const fireExecutionListeners = async (
  ctx: CommandContext,
  exec: ExecutionState,
  listeners: readonly Listener[],
  event: 'start' | 'end' | 'take',
): Promise<void> => {
  for (const listener of listeners) {
    if (listener.event !== event) continue;
    const facade = executionFacade(ctx, exec, event);
    await runListener(ctx, exec, listener, facade, { execution: facade });
  }
};

export const fireTaskListeners = async (
  ctx: CommandContext,
  task: TaskRow,
  exec: ExecutionState | undefined,
  listeners: readonly Listener[],
  event: 'create' | 'assignment' | 'complete' | 'delete',
): Promise<void> => {
  for (const listener of listeners) {
    if (listener.event !== event && listener.event !== 'all') continue;
    const facade = taskFacade(ctx, task, exec, event);
    if (!exec) continue;
    await runListener(ctx, exec, listener, facade, { task: facade, execution: facade.execution });
  }
};

const runListener = async (
  ctx: CommandContext,
  exec: ExecutionState,
  listener: Listener,
  target: unknown,
  extras: Record<string, unknown>,
): Promise<void> => {
  const where = exec.activityId ?? 'process';
  const impl = listener.implementation;
  if (impl.type === 'expression') {
    evaluateFor(ctx, exec, impl.value, where, extras);
    return;
  }
  const delegate = resolveDelegate(ctx, exec, impl, where, extras);
  if (delegate === undefined) {
    throw new WeirError(
      'WEIR_DELEGATE_FAILED',
      `Listener on '${where}': no delegate '${impl.value}' is registered`,
    );
  }
  await invokeDelegate(delegate, 'notify', target, where, listener.fields, ctx, exec);
};
