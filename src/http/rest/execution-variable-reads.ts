/**
 * What the execution-variable routes share: their parameter schemas, reading one variable as
 * an execution sees it, and turning a JSON body into one write of the engine.
 */
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { WeirError } from '../../errors.ts';
import { requireVisibleInstance } from '../../engine/authorization.ts';
import type { VariableScopeName, VariableWrite } from '../../engine/execution-variables.ts';
import { ownVariable } from '../../engine/own-variables.ts';
import type { ExecutionState, StoredVariable } from '../../engine/runtime-types.ts';
import type { Queryable } from '../../persistence/database.ts';
import { instanceOfExecution } from '../../persistence/rest-runtime-sql.ts';
import { principalOf } from '../auth/basic-auth.ts';
import { notFound } from './context.ts';
import { toEngineVariables, type RestVariableInput } from './variables.ts';

const Id = Type.String({ minLength: 1 });
export const ExecutionParams = Type.Object({ executionId: Id });
export const ExecutionVariableParams = Type.Object({ executionId: Id, variableName: Id });
export const ScopeQuery = Type.Object({ scope: Type.Optional(Type.Enum(['local', 'global'])) });

/** A JSON list of variables as one write: all in one scope (local unless said), values checked. */
export const executionVariableRequest = (
  list: readonly RestVariableInput[],
  mode: VariableWrite['mode'],
): VariableWrite => {
  if (list.length === 0) {
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Request did not contain a list of variables to create.');
  }
  const scope = (list[0].scope ?? 'local') as VariableScopeName;
  if (list.some((v) => (v.scope ?? 'local') !== scope)) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      'Only allowed to update multiple variables in the same scope.',
    );
  }
  const { values, types } = toEngineVariables(list);
  const variables = list.map((v) => ({
    name: v.name,
    value: ownVariable(values, v.name),
    type: ownVariable(types, v.name),
  }));
  return { variables, scope, mode };
};

/**
 * One variable as the execution sees it, read without a lock: with no scope its own first,
 * then the nearest up from its parent (scope global). 404 alike for an execution the caller
 * may not see, one that does not exist, and a variable that is not there.
 */
export const visibleExecutionVariable = async (
  db: Queryable,
  request: FastifyRequest,
  executionId: string,
  name: string,
  scope: VariableScopeName | undefined,
): Promise<{ variable: StoredVariable; scope: VariableScopeName }> => {
  const instance = await instanceOfExecution(db, executionId);
  const executions = new Map<string, ExecutionState>(instance?.state.executions.map((e) => [e.id, e]) ?? []);
  const exec = executions.get(executionId);
  if (!instance || !exec) throw notFound('execution', executionId);
  await requireVisibleInstance(db, principalOf(request), instance.id).catch(() => {
    throw notFound('execution', executionId);
  });
  if (scope !== 'global') {
    const local = ownVariable(exec.variables, name);
    if (local) return { variable: local, scope: 'local' };
  }
  if (scope !== 'local') {
    for (let at = exec.parentId ? executions.get(exec.parentId) : undefined; at;) {
      const found = ownVariable(at.variables, name);
      if (found) return { variable: found, scope: 'global' };
      at = at.parentId ? executions.get(at.parentId) : undefined;
    }
  }
  throw new WeirError(
    'WEIR_NOT_FOUND',
    `Execution '${executionId}' does not have a variable with name: '${name}'.`,
  );
};
