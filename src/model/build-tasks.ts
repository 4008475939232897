/**
 * The kind-specific parts of tasks and call activities. Each function takes the common node
 * fields already read (`base`) and adds what its kind carries.
 */

import type { ModdleElement } from 'bpmn-moddle';

import type { BuildContext, Draft } from './context.ts';
import {
  bodyOf,
  child,
  children,
  dropUndefined,
  ext,
  extBool,
  extensionValues,
  splitList,
  text,
} from './elements.ts';
import {
  TASK_EVENTS,
  readFields,
  readImplementation,
  readIoParameters,
  readListeners,
} from './extensions.ts';
import { checkOutboundTaskFields } from './outbound-tasks.ts';
import type {
  BusinessRuleTaskNode,
  CallActivityNode,
  FieldInjection,
  PassThroughTaskNode,
  ReceiveTaskNode,
  ScriptTaskNode,
  ServiceImplementation,
  ServiceTaskNode,
  UserTaskNode,
} from './types.ts';
import { readFormProperties } from './form-properties.ts';

export type NodeBase = Omit<PassThroughTaskNode, 'kind'>;

export const buildUserTask = (
  element: ModdleElement,
  base: NodeBase,
  ctx: BuildContext,
): Draft<UserTaskNode> => {
  const { id } = base;
  const performers = readPerformers(element);
  const assignee = ext(element, 'assignee') ?? performers.assignee;
  const candidateUsers = [...splitList(ext(element, 'candidateUsers')), ...performers.candidateUsers];
  const candidateGroups = [...splitList(ext(element, 'candidateGroups')), ...performers.candidateGroups];
  const fields = {
    owner: ext(element, 'owner'),
    formKey: ext(element, 'formKey'),
    dueDate: ext(element, 'dueDate'),
    priority: ext(element, 'priority'),
    category: ext(element, 'category'),
    taskCompleterVariableName: ext(element, 'taskCompleterVariableName'),
  };
  ctx.checkExpression(id, 'flowable:assignee', assignee);
  for (const [name, value] of Object.entries(fields)) ctx.checkExpression(id, `flowable:${name}`, value);
  candidateUsers.forEach((user) => ctx.checkExpression(id, 'flowable:candidateUsers', user));
  candidateGroups.forEach((group) => ctx.checkExpression(id, 'flowable:candidateGroups', group));
  return dropUndefined({
    ...base,
    kind: 'userTask' as const,
    assignee,
    ...fields,
    candidateUsers,
    candidateGroups,
    formFieldValidation: extBool(element, 'formFieldValidation'),
    taskListeners: readListeners(element, 'TaskListener', id, TASK_EVENTS, ctx),
    formProperties: readFormProperties(element, id, ctx),
  });
};

/**
 * The standard BPMN way of naming task people, which Flowable also reads:
 * `<humanPerformer>` is the assignee, `<potentialOwner>` lists `user(kermit), group(sales)`
 * (a bare name is a group).
 */
const readPerformers = (element: ModdleElement) => {
  const result = {
    assignee: undefined as string | undefined,
    candidateUsers: [] as string[],
    candidateGroups: [] as string[],
  };
  for (const resource of children(element, 'resources')) {
    const value = bodyOf(child(resource, 'resourceAssignmentExpression'), 'expression');
    if (resource.$type === 'bpmn:HumanPerformer') result.assignee ??= value;
    if (resource.$type !== 'bpmn:PotentialOwner') continue;
    for (const item of splitList(value)) {
      const match = /^(user|group)\((.*)\)$/.exec(item);
      if (match?.[1] === 'user') result.candidateUsers.push(match[2].trim());
      else result.candidateGroups.push(match ? match[2].trim() : item);
    }
  }
  return result;
};

export const buildServiceTask = (
  element: ModdleElement,
  base: NodeBase,
  kind: 'serviceTask' | 'sendTask',
  ctx: BuildContext,
): Draft<ServiceTaskNode> => {
  const { id } = base;
  const type = ext(element, 'type');
  const fields = readFields(extensionValues(element, 'Field'), id, ctx);
  let implementation: ServiceImplementation | undefined;
  if (type === 'external-worker') {
    const topic = ext(element, 'topic');
    if (topic === undefined) ctx.problems.about(id, 'an external-worker service task needs a flowable:topic');
    ctx.checkExpression(id, 'flowable:topic', topic);
    implementation = { type: 'external-worker', value: topic ?? '' };
  } else if (type === 'http' || type === 'mail') {
    checkOutboundTaskFields(type, fields, id, ctx);
    implementation = type === 'http' ? { type, value: type } : { type, value: type };
  } else if (type === 'dmn') {
    checkDecisionTaskFields(fields, id, ctx);
    implementation = { type, value: type };
  } else if (type !== undefined) {
    ctx.problems.about(
      id,
      `flowable:type '${type}' is not supported (only 'external-worker', 'http', 'mail' and 'dmn' are)`,
    );
  } else {
    implementation = readImplementation(element, id, ctx, true);
    if (implementation === undefined && kind === 'serviceTask') {
      ctx.problems.about(
        id,
        'a service task needs flowable:class, flowable:delegateExpression, flowable:expression or flowable:type="external-worker"',
      );
    }
  }
  return dropUndefined({
    ...base,
    kind,
    implementation,
    resultVariable: ext(element, 'resultVariable') ?? ext(element, 'resultVariableName'),
    fields,
    triggerable: readTriggerable(element, kind, implementation, id, ctx),
  });
};

/** The decision a DMN task runs is named by one of these fields, as in Flowable. */
const DECISION_REFERENCES = ['decisionTableReferenceKey', 'decisionServiceReferenceKey'];

const checkDecisionTaskFields = (fields: readonly FieldInjection[], id: string, ctx: BuildContext): void => {
  const reference = fields.find((field) => DECISION_REFERENCES.includes(field.name));
  if (reference === undefined || (reference.stringValue ?? reference.expression ?? '').trim() === '')
    ctx.problems.about(
      id,
      'a DMN task needs the flowable:field decisionTableReferenceKey or decisionServiceReferenceKey naming the decision',
    );
};

/** A business rule task runs the DMN decision its fields name. */
export const buildBusinessRuleTask = (
  element: ModdleElement,
  base: NodeBase,
  ctx: BuildContext,
): Draft<BusinessRuleTaskNode> => {
  const fields = readFields(extensionValues(element, 'Field'), base.id, ctx);
  checkDecisionTaskFields(fields, base.id, ctx);
  return { ...base, kind: 'businessRuleTask', fields };
};

/**
 * `flowable:triggerable="true"`: the task runs its class, delegate expression or expression, then
 * waits for a trigger, as in Flowable. Other kinds of task that would have to wait are refused.
 */
const readTriggerable = (
  element: ModdleElement,
  kind: 'serviceTask' | 'sendTask',
  implementation: ServiceImplementation | undefined,
  id: string,
  ctx: BuildContext,
): true | undefined => {
  const value = ext(element, 'triggerable');
  if (value === undefined || value.trim() === 'false') return undefined;
  if (value.trim() !== 'true') {
    ctx.problems.about(id, `flowable:triggerable="${value}" must be 'true' or 'false'`);
    return undefined;
  }
  const runs = implementation?.type;
  if (kind === 'serviceTask' && (runs === 'class' || runs === 'delegateExpression' || runs === 'expression'))
    return true;
  const what = kind === 'sendTask' ? 'a send task' : `a service task of flowable:type '${runs ?? 'none'}'`;
  ctx.problems.about(
    id,
    `flowable:triggerable="true" is not supported on ${what} (only on service tasks with flowable:class, flowable:delegateExpression or flowable:expression)`,
  );
  return undefined;
};

const JAVASCRIPT = /^(javascript|js|ecmascript)$/i;

export const buildScriptTask = (
  element: ModdleElement,
  base: NodeBase,
  ctx: BuildContext,
): Draft<ScriptTaskNode> => {
  const { id } = base;
  const scriptFormat = text(element, 'scriptFormat');
  const script = text(element, 'script');
  if (script === undefined) ctx.problems.about(id, 'a script task needs a <script>');
  if (scriptFormat === undefined) {
    ctx.problems.about(id, 'a script task needs scriptFormat="javascript"');
  } else if (!JAVASCRIPT.test(scriptFormat)) {
    ctx.problems.about(id, `scriptFormat '${scriptFormat}' is not supported; scripts are JavaScript`);
  }
  return dropUndefined({
    ...base,
    kind: 'scriptTask' as const,
    scriptFormat: scriptFormat ?? '',
    script: script ?? '',
    resultVariable: ext(element, 'resultVariable'),
    autoStoreVariables: extBool(element, 'autoStoreVariables') ?? false,
  });
};

export const buildReceiveTask = (
  element: ModdleElement,
  base: NodeBase,
  ctx: BuildContext,
): Draft<ReceiveTaskNode> => {
  const messageRef = ctx.refOf(element, 'messageRef');
  let messageName: string | undefined;
  // a receive task waits for a trigger whatever it names, so a messageRef naming no declared
  // <message> is read past, as Flowable does (it reads no messageRef on a receive task at all)
  const declaration = messageRef !== undefined ? ctx.declared.get(messageRef) : undefined;
  if (declaration?.$type === 'bpmn:Message') messageName = text(declaration, 'name') ?? messageRef;
  return dropUndefined({ ...base, kind: 'receiveTask' as const, messageRef, messageName });
};

export const buildCallActivity = (
  element: ModdleElement,
  base: NodeBase,
  ctx: BuildContext,
): Draft<CallActivityNode> => {
  const { id } = base;
  const calledElement = text(element, 'calledElement');
  const businessKey = ext(element, 'businessKey');
  const processInstanceName = ext(element, 'processInstanceName');
  const idVariableName = ext(element, 'idVariableName');
  if (calledElement === undefined) ctx.problems.about(id, 'a call activity needs a calledElement');
  ctx.checkExpression(id, 'calledElement', calledElement);
  ctx.checkExpression(id, 'flowable:businessKey', businessKey);
  ctx.checkExpression(id, 'flowable:processInstanceName', processInstanceName);
  ctx.checkExpression(id, 'flowable:idVariableName', idVariableName);
  return dropUndefined({
    ...base,
    kind: 'callActivity' as const,
    calledElement: calledElement ?? '',
    inParameters: readIoParameters(element, 'In', id, ctx),
    outParameters: readIoParameters(element, 'Out', id, ctx),
    businessKey,
    inheritBusinessKey: extBool(element, 'inheritBusinessKey') ?? false,
    inheritVariables: extBool(element, 'inheritVariables') ?? false,
    processInstanceName,
    sameDeployment: extBool(element, 'sameDeployment') ?? false,
    fallbackToDefaultTenant: extBool(element, 'fallbackToDefaultTenant') ?? false,
    idVariableName,
    useLocalScopeForOutParameters: extBool(element, 'useLocalScopeForOutParameters') ?? false,
  });
};
