/** Finding and calling delegates, with field injection and errors that name the element. */
import type { FieldInjection, Implementation } from '../model/types.ts';
import { WeirError, isWeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import type { Delegate } from './delegates.ts';
import { evaluateFor } from './conditions.ts';
import { isBpmnError } from './bpmn-error.ts';

export const resolveDelegate = (
  ctx: CommandContext,
  exec: ExecutionState,
  impl: Implementation,
  where: string,
  extras: Record<string, unknown> = {},
): Delegate | undefined => {
  if (impl.type === 'class') return ctx.services.delegates.get(impl.value);
  if (impl.type === 'delegateExpression') {
    const value = evaluateFor(ctx, exec, impl.value, where, extras);
    if (typeof value === 'function' || (typeof value === 'object' && value !== null))
      return value as Delegate;
    throw new WeirError(
      'WEIR_DELEGATE_FAILED',
      `Element '${where}': delegate expression '${impl.value}' did not resolve to a delegate (got ${value === null ? 'null' : typeof value})`,
    );
  }
  return undefined;
};

export const injectedFields = (
  ctx: CommandContext,
  exec: ExecutionState,
  fields: readonly FieldInjection[],
  where: string,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    out[f.name] =
      f.expression !== undefined ? evaluateFor(ctx, exec, f.expression, where) : (f.stringValue ?? null);
  }
  return out;
};

/**
 * Call a delegate: a function is called with the target; an object's `execute` or `notify`
 * (whichever it has, preferring `preferred`). Injected fields come as the second argument.
 */
export const invokeDelegate = async (
  delegate: Delegate,
  preferred: 'execute' | 'notify' | 'trigger',
  target: unknown,
  where: string,
  fields: readonly FieldInjection[],
  ctx: CommandContext,
  exec: ExecutionState,
): Promise<unknown> => {
  const injected = injectedFields(ctx, exec, fields, where);
  try {
    if (typeof delegate === 'function')
      return await (delegate as unknown as (t: unknown, f: unknown) => unknown)(target, injected);
    // a service task's delegate may be written as a listener and the other way round; `trigger` has no stand-in
    const other = preferred === 'execute' ? 'notify' : preferred === 'notify' ? 'execute' : preferred;
    const method =
      typeof delegate[preferred] === 'function'
        ? preferred
        : typeof delegate[other] === 'function'
          ? other
          : undefined;
    if (!method) {
      throw new WeirError(
        'WEIR_DELEGATE_FAILED',
        `Element '${where}': the delegate has neither execute() nor notify()`,
      );
    }
    return await (delegate[method] as unknown as (t: unknown, f: unknown) => unknown).call(
      delegate,
      target,
      injected,
    );
  } catch (error) {
    if (isBpmnError(error) || isWeirError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new WeirError('WEIR_DELEGATE_FAILED', `Element '${where}': delegate failed: ${message}`, {
      cause: error,
    });
  }
};
