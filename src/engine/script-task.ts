/** Script tasks: JavaScript in the QuickJS sandbox, with the execution's variables. */
import type { ScriptTaskNode } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import {
  getVariable,
  hasVariable,
  setVariable,
  visibleTransientNames,
  visibleVariables,
} from './variable-scope.ts';

export const runScriptTask = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: ScriptTaskNode,
): Promise<void> => {
  // loaded on first use: a node whose processes have no script tasks never loads the WebAssembly sandbox
  const { isSupportedScriptFormat, runScript } = await import('./script/index.ts');
  if (!isSupportedScriptFormat(node.scriptFormat)) {
    throw new WeirError(
      'WEIR_SCRIPT_FAILED',
      `Script task '${node.id}': script format '${node.scriptFormat}' is not supported`,
    );
  }
  const inst = ctx.instanceOf(exec);
  const result = await runScript(
    node.script,
    {
      getVariable: (name: string) => getVariable(ctx, exec, name),
      setVariable: (name: string, value: unknown) => setVariable(ctx, exec, name, value),
      hasVariable: (name: string) => hasVariable(ctx, exec, name),
      variableNames: () => Object.keys(visibleVariables(ctx, exec)),
      readableNames: () => visibleTransientNames(ctx, exec),
      ids: {
        processInstanceId: inst.row.id,
        executionId: exec.id,
        processDefinitionId: inst.row.definitionId,
        activityId: node.id,
        businessKey: inst.row.businessKey,
      },
      log: (message: string) =>
        ctx.services.log.info({ activityId: node.id, processInstanceId: inst.row.id }, message),
    },
    { timeoutMs: ctx.services.config.scriptTimeout, memoryLimitBytes: ctx.services.config.scriptMemoryLimit },
    { scriptName: node.id, autoStoreVariables: node.autoStoreVariables },
  );
  if (node.resultVariable) setVariable(ctx, exec, node.resultVariable, result);
};
