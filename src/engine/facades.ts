/**
 * What delegates, listeners, scripts and expressions see of the engine: `execution` and
 * `task` objects with Flowable's method names. They are views over the command's state;
 * everything they change is flushed with the command. Only the methods listed in
 * `exposedMethods` can be called from an expression.
 */
import { exposedMethods, typedCalls } from '../expression/index.ts';
import type { TypedCall } from '../expression/index.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState, TaskRow } from './runtime-types.ts';
import {
  getVariable,
  hasVariable,
  removeVariable,
  setTransientVariable,
  setVariable,
  setVariableLocal,
  visibleVariables,
} from './variable-scope.ts';
import { decodeValue } from './variables.ts';
import { addLink } from './user-task.ts';
import { setTaskVariable } from './task-commands.ts';
import { ownVariable, variableRecordOf } from './own-variables.ts';

const executionMethods = new Set([
  'getId',
  'getProcessInstanceId',
  'getRootProcessInstanceId',
  'getProcessDefinitionId',
  'getCurrentActivityId',
  'getCurrentActivityName',
  'getProcessInstanceBusinessKey',
  'getBusinessKey',
  'getTenantId',
  'getEventName',
  'getParentId',
  'getVariable',
  'getVariables',
  'getVariableLocal',
  'getVariablesLocal',
  'hasVariable',
  'hasVariableLocal',
  'setVariable',
  'setVariableLocal',
  'removeVariable',
  'removeVariableLocal',
  'setTransientVariable',
  'getTransientVariable',
]);

export interface DelegateExecution {
  getId(): string;
  getProcessInstanceId(): string;
  getRootProcessInstanceId(): string;
  getProcessDefinitionId(): string;
  getCurrentActivityId(): string | null;
  getCurrentActivityName(): string | null;
  getProcessInstanceBusinessKey(): string | null;
  getBusinessKey(): string | null;
  getTenantId(): string;
  getEventName(): string | null;
  getParentId(): string | null;
  getVariable(name: string): unknown;
  getVariables(): Record<string, unknown>;
  getVariableLocal(name: string): unknown;
  getVariablesLocal(): Record<string, unknown>;
  hasVariable(name: string): boolean;
  hasVariableLocal(name: string): boolean;
  setVariable(name: string, value: unknown): void;
  setVariableLocal(name: string, value: unknown): void;
  removeVariable(name: string): void;
  removeVariableLocal(name: string): void;
  setTransientVariable(name: string, value: unknown): void;
  getTransientVariable(name: string): unknown;
}

/**
 * Exposed to expressions, with `setVariable` in a typed form: a number JUEL makes a Long
 * (`${execution.setVariable('x', base * 2)}`) is stored as `long`, a Double as `double`.
 */
interface ExpressionTyped {
  [exposedMethods]: ReadonlySet<string>;
  [typedCalls]: Record<string, TypedCall>;
}

export const executionFacade = (
  ctx: CommandContext,
  exec: ExecutionState,
  eventName: string | null = null,
): DelegateExecution => {
  const inst = () => ctx.instanceOf(exec);
  const facade: DelegateExecution & ExpressionTyped = {
    [exposedMethods]: executionMethods,
    [typedCalls]: {
      setVariable: ([name, value], [, type]) => setVariable(ctx, exec, String(name), value, type),
      setVariableLocal: ([name, value], [, type]) => setVariableLocal(ctx, exec, String(name), value, type),
    },
    getId: () => exec.id,
    getProcessInstanceId: () => inst().row.id,
    getRootProcessInstanceId: () => inst().row.rootId,
    getProcessDefinitionId: () => inst().row.definitionId,
    getCurrentActivityId: () => exec.activityId,
    getCurrentActivityName: () =>
      exec.activityId ? (inst().model.nodes[exec.activityId]?.name ?? null) : null,
    getProcessInstanceBusinessKey: () => inst().row.businessKey,
    getBusinessKey: () => inst().row.businessKey,
    getTenantId: () => inst().row.tenantId,
    getEventName: () => eventName,
    getParentId: () => exec.parentId,
    getVariable: (name) => getVariable(ctx, exec, String(name)),
    getVariables: () => visibleVariables(ctx, exec),
    getVariableLocal: (name) => {
      const v = ownVariable(exec.variables, String(name));
      return v ? decodeValue(v) : null;
    },
    getVariablesLocal: () =>
      variableRecordOf(Object.entries(exec.variables).map(([k, v]) => [k, decodeValue(v)])),
    hasVariable: (name) => hasVariable(ctx, exec, String(name)),
    hasVariableLocal: (name) => ownVariable(exec.variables, String(name)) !== undefined,
    setVariable: (name, value) => setVariable(ctx, exec, String(name), value),
    setVariableLocal: (name, value) => setVariableLocal(ctx, exec, String(name), value),
    removeVariable: (name) => void removeVariable(ctx, exec, String(name)),
    removeVariableLocal: (name) => void removeVariable(ctx, exec, String(name), true),
    setTransientVariable: (name, value) => setTransientVariable(ctx, exec, String(name), value),
    getTransientVariable: (name) => ownVariable(ctx.transientVariables.get(exec.id), String(name)) ?? null,
  };
  return facade;
};

const taskMethods = new Set([
  'getId',
  'getName',
  'setName',
  'getDescription',
  'setDescription',
  'getAssignee',
  'setAssignee',
  'getOwner',
  'setOwner',
  'getPriority',
  'setPriority',
  'getDueDate',
  'setDueDate',
  'getCategory',
  'setCategory',
  'getFormKey',
  'getTaskDefinitionKey',
  'getProcessInstanceId',
  'getProcessDefinitionId',
  'getExecutionId',
  'getTenantId',
  'getEventName',
  'getVariable',
  'getVariables',
  'getVariableLocal',
  'setVariable',
  'setVariableLocal',
  'hasVariable',
  'addCandidateUser',
  'addCandidateGroup',
]);

export interface DelegateTask {
  getId(): string;
  getName(): string | null;
  setName(name: string): void;
  getDescription(): string | null;
  setDescription(description: string): void;
  getAssignee(): string | null;
  setAssignee(assignee: string | null): void;
  getOwner(): string | null;
  setOwner(owner: string | null): void;
  getPriority(): number;
  setPriority(priority: number): void;
  getDueDate(): Date | null;
  setDueDate(due: Date | null): void;
  getCategory(): string | null;
  setCategory(category: string | null): void;
  getFormKey(): string | null;
  getTaskDefinitionKey(): string | null;
  getProcessInstanceId(): string | null;
  getProcessDefinitionId(): string | null;
  getExecutionId(): string | null;
  getTenantId(): string;
  getEventName(): string;
  getVariable(name: string): unknown;
  getVariables(): Record<string, unknown>;
  getVariableLocal(name: string): unknown;
  setVariable(name: string, value: unknown): void;
  setVariableLocal(name: string, value: unknown): void;
  hasVariable(name: string): boolean;
  addCandidateUser(userId: string): void;
  addCandidateGroup(groupId: string): void;
  readonly execution: DelegateExecution | null;
}

export const taskFacade = (
  ctx: CommandContext,
  task: TaskRow,
  exec: ExecutionState | undefined,
  eventName: string,
): DelegateTask => {
  const touch = () => ctx.touchTask(task);
  const facade: DelegateTask & ExpressionTyped = {
    [exposedMethods]: taskMethods,
    [typedCalls]: {
      setVariable: ([name, value], [, type]) => {
        if (exec) setVariable(ctx, exec, String(name), value, type);
      },
      setVariableLocal: ([name, value], [, type]) => setTaskVariable(ctx, task, String(name), value, type),
    },
    getId: () => task.id,
    getName: () => task.name,
    setName: (v) => void ((task.name = v), touch()),
    getDescription: () => task.description,
    setDescription: (v) => void ((task.description = v), touch()),
    getAssignee: () => task.assignee,
    setAssignee: (v) => void ((task.assignee = v), touch()),
    getOwner: () => task.owner,
    setOwner: (v) => void ((task.owner = v), touch()),
    getPriority: () => task.priority,
    setPriority: (v) => void ((task.priority = Number(v)), touch()),
    getDueDate: () => task.dueDate,
    setDueDate: (v) => void ((task.dueDate = v), touch()),
    getCategory: () => task.category,
    setCategory: (v) => void ((task.category = v), touch()),
    getFormKey: () => task.formKey,
    getTaskDefinitionKey: () => task.taskDefinitionKey,
    getProcessInstanceId: () => task.processInstanceId,
    getProcessDefinitionId: () => task.definitionId,
    getExecutionId: () => task.executionId,
    getTenantId: () => task.tenantId,
    getEventName: () => eventName,
    getVariable: (name) => {
      const local = ownVariable(task.variables, String(name));
      if (local) return decodeValue(local);
      return exec ? getVariable(ctx, exec, String(name)) : null;
    },
    getVariables: () =>
      variableRecordOf([
        ...Object.entries(exec ? visibleVariables(ctx, exec) : {}),
        ...Object.entries(task.variables).map(([k, v]) => [k, decodeValue(v)] as const),
      ]),
    getVariableLocal: (name) => {
      const v = ownVariable(task.variables, String(name));
      return v ? decodeValue(v) : null;
    },
    setVariable: (name, value) => {
      if (exec) setVariable(ctx, exec, String(name), value);
    },
    setVariableLocal: (name, value) => setTaskVariable(ctx, task, String(name), value),
    hasVariable: (name) =>
      ownVariable(task.variables, String(name)) !== undefined ||
      (exec ? hasVariable(ctx, exec, String(name)) : false),
    addCandidateUser: (userId) => addLink(ctx, task, 'candidate', String(userId), null),
    addCandidateGroup: (groupId) => addLink(ctx, task, 'candidate', null, String(groupId)),
    execution: exec ? executionFacade(ctx, exec, eventName) : null,
  };
  return facade;
};
