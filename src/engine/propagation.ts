/**
 * BPMN errors and escalations travel outward from where they are thrown: at each level an
 * event subprocess of the scope takes precedence over a boundary event on the scope's
 * activity; past the process level they continue in the calling instance. An error nobody
 * catches fails the command; an escalation nobody catches is ignored.
 */
import type {
  BoundaryEventNode,
  EventDefinition,
  ProcessModel,
  StartEventNode,
  SubProcessNode,
} from '../model/types.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext, LoadedInstance } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { triggerBoundary, triggerEventSubprocess } from './triggers.ts';
import { cancelInstance } from './cancel.ts';
import { setTransientVariable, setVariable, setVariableLocal } from './variable-scope.ts';

type Kind = 'error' | 'escalation';

const codeOf = (def: { type: string; errorCode?: string; escalationCode?: string }): string | undefined =>
  def.type === 'error' ? def.errorCode : def.escalationCode;

const matchBoundary = (
  model: ProcessModel,
  ids: readonly string[],
  kind: Kind,
  code: string,
): BoundaryEventNode | undefined => {
  const candidates = ids
    .map((id) => model.nodes[id] as BoundaryEventNode)
    .filter((b) => b.eventDefinition.type === kind);
  return (
    candidates.find((b) => codeOf(b.eventDefinition) === code) ??
    candidates.find((b) => !codeOf(b.eventDefinition))
  );
};

const matchEventSubprocess = (
  model: ProcessModel,
  ids: readonly string[],
  kind: Kind,
  code: string,
): StartEventNode | undefined => {
  const starts: StartEventNode[] = [];
  for (const id of ids) {
    const sub = model.nodes[id] as SubProcessNode;
    for (const childId of sub.childIds) {
      const n = model.nodes[childId];
      if (n.kind === 'startEvent' && n.eventDefinition?.type === kind) starts.push(n);
    }
  }
  return (
    starts.find((s) => codeOf(s.eventDefinition!) === code) ?? starts.find((s) => !codeOf(s.eventDefinition!))
  );
};

/**
 * `flowable:errorVariableName` on the catching definition: the caught code goes into that
 * variable, transient and/or local to the catching execution when the definition says so, before
 * the catching event leaves (as Flowable's error propagation does).
 */
const storeCaughtError = (
  ctx: CommandContext,
  exec: ExecutionState,
  definition: EventDefinition,
  code: string,
): void => {
  if (definition.type !== 'error' || definition.errorVariableName === undefined) return;
  const name = definition.errorVariableName;
  const local = definition.errorVariableLocalScope === true;
  if (definition.errorVariableTransient === true) {
    setTransientVariable(ctx, local ? exec : ctx.rootExecution(ctx.instanceOf(exec)), name, code);
  } else if (local) {
    setVariableLocal(ctx, exec, name, code);
  } else {
    setVariable(ctx, exec, name, code);
  }
};

/** the event subprocess's own execution (the start event's parent) is the catching scope */
const catchInEventSubprocess = async (
  ctx: CommandContext,
  scope: ExecutionState,
  start: StartEventNode,
  code: string,
): Promise<void> => {
  const startExec = await triggerEventSubprocess(ctx, scope, start);
  if (start.eventDefinition !== undefined) {
    storeCaughtError(ctx, ctx.parentOf(startExec) ?? startExec, start.eventDefinition, code);
  }
};

/** Returns true when something caught it. */
const propagate = async (
  ctx: CommandContext,
  from: ExecutionState,
  kind: Kind,
  code: string,
): Promise<boolean> => {
  let cur: ExecutionState | undefined = from;
  let inst: LoadedInstance = ctx.instanceOf(from);
  while (cur) {
    const model = inst.model;
    const node = cur.activityId ? model.nodes[cur.activityId] : undefined;
    if (node?.kind === 'subProcess' && cur.isScope && cur !== from) {
      const start = matchEventSubprocess(model, node.eventSubProcessIds, kind, code);
      if (start) {
        await catchInEventSubprocess(ctx, cur, start, code);
        return true;
      }
    }
    if (node && !cur.isMultiInstanceInner && node.boundaryEventIds.length > 0) {
      const boundary = matchBoundary(model, node.boundaryEventIds, kind, code);
      if (boundary) {
        const exec = await triggerBoundary(ctx, cur, boundary);
        storeCaughtError(ctx, exec, boundary.eventDefinition, code);
        return true;
      }
    }
    if (cur.parentId === null) {
      const start = matchEventSubprocess(model, model.eventSubProcessIds, kind, code);
      if (start) {
        await catchInEventSubprocess(ctx, cur, start, code);
        return true;
      }
      const caller = inst.row.superExecutionId ? ctx.executions.get(inst.row.superExecutionId) : undefined;
      if (!caller) return false;
      if (kind === 'error') await cancelInstance(ctx, inst, `error ${code}`);
      caller.exec.subInstanceId = kind === 'error' ? undefined : caller.exec.subInstanceId;
      cur = caller.exec;
      inst = caller.inst;
      continue;
    }
    cur = ctx.parentOf(cur);
  }
  return false;
};

export const throwBpmnError = async (
  ctx: CommandContext,
  exec: ExecutionState,
  code: string,
  message?: string,
): Promise<void> => {
  const caught = await propagate(ctx, exec, 'error', code);
  if (!caught) {
    throw new WeirError(
      'WEIR_BPMN_ERROR_UNCAUGHT',
      `BPMN error '${code}'${message ? ` (${message})` : ''} thrown at '${exec.activityId}' was not caught by any error boundary event or event subprocess`,
      { details: { errorCode: code } },
    );
  }
};

export const throwEscalation = async (
  ctx: CommandContext,
  exec: ExecutionState,
  code: string,
): Promise<boolean> => propagate(ctx, exec, 'escalation', code);
