/**
 * The executable model: what a BPMN file becomes after parsing and validation.
 *
 * Every node is a plain, frozen object tagged by `kind`. Expressions are kept as their
 * source text (`${amount > 100}`); the engine compiles and caches them. Positions
 * (`line`, `column`) point into the deployed XML so that errors can name them.
 */

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** How a delegate, listener or service task is implemented. */
export type Implementation =
  | { readonly type: 'class'; readonly value: string }
  | { readonly type: 'delegateExpression'; readonly value: string }
  | { readonly type: 'expression'; readonly value: string };

/** `flowable:field` injection on a delegate: a fixed string or an expression. */
export interface FieldInjection {
  readonly name: string;
  readonly stringValue?: string;
  readonly expression?: string;
}

export interface Listener {
  /** execution listeners: start | end | take; task listeners: create | assignment | complete | delete */
  readonly event: string;
  readonly implementation: Implementation;
  readonly fields: readonly FieldInjection[];
}

export interface ErrorEventDefinition {
  readonly type: 'error';
  readonly errorRef?: string;
  readonly errorCode?: string;
  /** `flowable:errorVariableName`: where a catching event stores the caught error's code */
  readonly errorVariableName?: string;
  /** `flowable:errorVariableTransient`: that variable is transient */
  readonly errorVariableTransient?: boolean;
  /** `flowable:errorVariableLocalScope`: that variable is local to the catching execution */
  readonly errorVariableLocalScope?: boolean;
}

export type EventDefinition =
  | {
      readonly type: 'timer';
      readonly timeDate?: string;
      readonly timeDuration?: string;
      readonly timeCycle?: string;
      /** `flowable:endDate` on a cycle */
      readonly endDate?: string;
    }
  | { readonly type: 'message'; readonly messageRef: string; readonly messageName: string }
  | {
      readonly type: 'signal';
      readonly signalRef: string;
      readonly signalName: string;
      /** `flowable:scope` on the signal: `global` (default) or `processInstance` */
      readonly scope: 'global' | 'processInstance';
    }
  | ErrorEventDefinition
  | { readonly type: 'escalation'; readonly escalationRef?: string; readonly escalationCode?: string }
  | { readonly type: 'terminate'; readonly terminateAll: boolean }
  | { readonly type: 'compensate'; readonly activityRef?: string; readonly waitForCompletion: boolean }
  | { readonly type: 'link'; readonly name: string }
  | { readonly type: 'conditional'; readonly condition: string };

export interface MultiInstance {
  readonly sequential: boolean;
  readonly loopCardinality?: string;
  /** an expression (`${list}`) or a variable name (`list`), as Flowable accepts both */
  readonly collection?: string;
  readonly elementVariable?: string;
  readonly elementIndexVariable?: string;
  readonly completionCondition?: string;
}

export interface IOParameter {
  readonly source?: string;
  readonly sourceExpression?: string;
  readonly target: string;
}

interface NodeBase extends Position {
  readonly id: string;
  readonly name?: string;
  readonly documentation?: string;
  /** id of the enclosing (event) subprocess, or null at process level */
  readonly parentId: string | null;
  readonly incoming: readonly string[];
  /** sequence flow ids in document order: exclusive gateways test conditions in this order */
  readonly outgoing: readonly string[];
  readonly async: boolean;
  readonly asyncLeave: boolean;
  readonly exclusive: boolean;
  readonly failedJobRetryTimeCycle?: string;
  readonly executionListeners: readonly Listener[];
  readonly multiInstance?: MultiInstance;
  /** ids of boundary events attached to this activity */
  readonly boundaryEventIds: readonly string[];
  /** true for a compensation handler (`isForCompensation="true"`) */
  readonly isForCompensation: boolean;
  /** for an activity with a compensation boundary event: the handler activity's id */
  readonly compensationHandlerId?: string;
  /** `flowable:skipExpression`: when it holds (and skipping is enabled), the activity is passed through */
  readonly skipExpression?: string;
  /** the default sequence flow of an activity or an exclusive or inclusive gateway */
  readonly default?: string;
}

/** The form property types Flowable knows without extra configuration. */
export type FormPropertyType = 'string' | 'long' | 'double' | 'boolean' | 'date' | 'enum';

/** A legacy `<flowable:formProperty>` of a start event or user task. */
export interface FormProperty {
  readonly id: string;
  readonly name?: string;
  /** absent: a string, as in Flowable */
  readonly type?: FormPropertyType;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly required: boolean;
  /** the variable it reads and writes (default: the property id) */
  readonly variable?: string;
  /** an expression it reads (and, when it is a plain `${name}`, writes) instead of a variable */
  readonly expression?: string;
  /** the value when none is submitted (an expression or text) */
  readonly default?: string;
  /** a date's format, Java `SimpleDateFormat` style (`dd/MM/yyyy`); absent: ISO 8601 */
  readonly datePattern?: string;
  /** an enum's values, in document order */
  readonly enumValues: readonly { readonly id: string; readonly name: string | null }[];
}

export interface StartEventNode extends NodeBase {
  readonly kind: 'startEvent';
  readonly eventDefinition?: EventDefinition;
  /** event subprocess start events: interrupting (default true) */
  readonly interrupting: boolean;
  readonly initiator?: string;
  readonly formKey?: string;
  /** `flowable:formFieldValidation`: false turns off checking a form submitted at the start */
  readonly formFieldValidation?: boolean;
  /** legacy form properties, when the start event declares any */
  readonly formProperties?: readonly FormProperty[];
}

export interface EndEventNode extends NodeBase {
  readonly kind: 'endEvent';
  readonly eventDefinition?: EventDefinition;
}

interface IntermediateCatchEventNode extends NodeBase {
  readonly kind: 'intermediateCatchEvent';
  readonly eventDefinition: EventDefinition;
}

export interface IntermediateThrowEventNode extends NodeBase {
  readonly kind: 'intermediateThrowEvent';
  /** absent: a none intermediate event that passes straight through */
  readonly eventDefinition?: EventDefinition;
}

export interface BoundaryEventNode extends NodeBase {
  readonly kind: 'boundaryEvent';
  readonly attachedToRef: string;
  readonly cancelActivity: boolean;
  readonly eventDefinition: EventDefinition;
}

export interface UserTaskNode extends NodeBase {
  readonly kind: 'userTask';
  readonly assignee?: string;
  readonly owner?: string;
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  readonly formKey?: string;
  /** `flowable:formFieldValidation`: false turns off checking a form submitted with the task */
  readonly formFieldValidation?: boolean;
  readonly dueDate?: string;
  readonly priority?: string;
  readonly category?: string;
  /** `flowable:taskCompleterVariableName`: on completion, this variable (a name or an expression
   * giving one) is set to the completing user's id */
  readonly taskCompleterVariableName?: string;
  readonly taskListeners: readonly Listener[];
  /** legacy form properties, when the task declares any */
  readonly formProperties?: readonly FormProperty[];
}

export type ServiceImplementation =
  | Implementation
  | { readonly type: 'external-worker'; readonly value: string /* the topic */ }
  /** Flowable's built-in HTTP and mail tasks, configured by their `flowable:field`s */
  | { readonly type: 'http'; readonly value: 'http' }
  | { readonly type: 'mail'; readonly value: 'mail' }
  /** Flowable's decision task: runs the DMN decision its `flowable:field`s name (docs/dmn.md) */
  | { readonly type: 'dmn'; readonly value: 'dmn' };

export interface ServiceTaskNode extends NodeBase {
  readonly kind: 'serviceTask' | 'sendTask';
  /** absent on a send task without an implementation (it passes through) */
  readonly implementation?: ServiceImplementation;
  readonly resultVariable?: string;
  readonly fields: readonly FieldInjection[];
  /** `flowable:triggerable`: after its work the task waits until its execution is triggered */
  readonly triggerable?: boolean;
}

export interface ScriptTaskNode extends NodeBase {
  readonly kind: 'scriptTask';
  readonly scriptFormat: string;
  readonly script: string;
  readonly resultVariable?: string;
  readonly autoStoreVariables: boolean;
}

export interface PassThroughTaskNode extends NodeBase {
  /** `task` (abstract) and `manualTask` complete at once */
  readonly kind: 'task' | 'manualTask';
}

export interface ReceiveTaskNode extends NodeBase {
  readonly kind: 'receiveTask';
  readonly messageRef?: string;
  readonly messageName?: string;
}

/** A business rule task runs a DMN decision, configured like a `flowable:type="dmn"` service task. */
export interface BusinessRuleTaskNode extends NodeBase {
  readonly kind: 'businessRuleTask';
  readonly fields: readonly FieldInjection[];
}

export interface GatewayNode extends NodeBase {
  readonly kind: 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'eventBasedGateway';
}

export interface SubProcessNode extends NodeBase {
  readonly kind: 'subProcess';
  /** true for an event subprocess (`triggeredByEvent="true"`) */
  readonly triggeredByEvent: boolean;
  /** ids of the nodes directly inside */
  readonly childIds: readonly string[];
  /** the none start event inside (required for an embedded subprocess); an event subprocess: its one start event */
  readonly startEventId?: string;
  /** ids of event subprocesses directly inside */
  readonly eventSubProcessIds: readonly string[];
  /** `<dataObject>`s declared directly inside: local variables of the subprocess's execution */
  readonly dataObjects: readonly DataObject[];
}

export interface CallActivityNode extends NodeBase {
  readonly kind: 'callActivity';
  /** process definition key; may be an expression */
  readonly calledElement: string;
  readonly inParameters: readonly IOParameter[];
  readonly outParameters: readonly IOParameter[];
  readonly businessKey?: string;
  readonly inheritBusinessKey: boolean;
  readonly inheritVariables: boolean;
  /** `flowable:processInstanceName`: the called instance's name; may be an expression */
  readonly processInstanceName?: string;
  /** `flowable:sameDeployment`: prefer the definition deployed with the caller's */
  readonly sameDeployment: boolean;
  /** `flowable:fallbackToDefaultTenant`: a key missing in the tenant is looked up without tenant */
  readonly fallbackToDefaultTenant: boolean;
  /** `flowable:idVariableName`: a variable (name or expression) set to the called instance's id */
  readonly idVariableName?: string;
  /** `flowable:useLocalScopeForOutParameters`: out parameters are local to the call activity */
  readonly useLocalScopeForOutParameters: boolean;
}

export type FlowNode =
  | StartEventNode
  | EndEventNode
  | IntermediateCatchEventNode
  | IntermediateThrowEventNode
  | BoundaryEventNode
  | UserTaskNode
  | ServiceTaskNode
  | ScriptTaskNode
  | PassThroughTaskNode
  | ReceiveTaskNode
  | BusinessRuleTaskNode
  | GatewayNode
  | SubProcessNode
  | CallActivityNode;

export interface SequenceFlow extends Position {
  readonly id: string;
  /**
   * Set when the XML gave the flow no `id` (`id` is then generated): the `activityId` its
   * activity instances carry, `_flow_<sourceRef>__<targetRef>` as Flowable records it.
   */
  readonly unnamedActivityId?: string;
  readonly name?: string;
  readonly sourceRef: string;
  readonly targetRef: string;
  /** condition expression source text, e.g. `${approved}` */
  readonly condition?: string;
  /** `flowable:skipExpression`: when it holds (and skipping is enabled), the flow is taken whatever its condition */
  readonly skipExpression?: string;
  readonly executionListeners: readonly Listener[];
}

/** The Flowable variable types a `<dataObject>` can declare through `itemSubjectRef="xsd:..."`. */
export type DataObjectType = 'string' | 'integer' | 'long' | 'double' | 'boolean' | 'date';

/** A process-level `<dataObject>`: a variable the instance starts with. */
export interface DataObject {
  /** the variable name: the data object's name, else its id */
  readonly name: string;
  readonly type: DataObjectType;
  /** the `flowable:value` default, already converted; a date as ISO 8601 text; null without one */
  readonly value: string | number | boolean | null;
}

export interface ProcessModel extends Position {
  /** the process definition key */
  readonly id: string;
  readonly name?: string;
  readonly documentation?: string;
  readonly isExecutable: boolean;
  readonly nodes: Readonly<Record<string, FlowNode>>;
  readonly flows: Readonly<Record<string, SequenceFlow>>;
  /** process-level start events (none and event-triggered), excluding event subprocess starts */
  readonly startEventIds: readonly string[];
  /** the none start event at process level, if any */
  readonly initialStartEventId?: string;
  /** ids of the nodes directly at process level */
  readonly childIds: readonly string[];
  /** ids of event subprocesses at process level */
  readonly eventSubProcessIds: readonly string[];
  readonly executionListeners: readonly Listener[];
  readonly candidateStarterUsers: readonly string[];
  readonly candidateStarterGroups: readonly string[];
  /** process-level data objects, in document order */
  readonly dataObjects: readonly DataObject[];
}

/** Everything one BPMN resource defines. */
export interface BpmnDefinitions {
  readonly targetNamespace?: string;
  readonly processes: readonly ProcessModel[];
  /** message id -> name, signal id -> name etc., as declared at the top level */
  readonly messages: Readonly<Record<string, string>>;
  readonly signals: Readonly<Record<string, { name: string; scope: 'global' | 'processInstance' }>>;
  readonly errors: Readonly<Record<string, { name?: string; errorCode?: string }>>;
  readonly escalations: Readonly<Record<string, { name?: string; escalationCode?: string }>>;
}

/** One problem found at deployment, with where it is. */
export interface ValidationProblem {
  readonly resource?: string;
  readonly elementId?: string;
  readonly elementType?: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export const isActivity = (node: FlowNode): boolean =>
  node.kind === 'userTask' ||
  node.kind === 'serviceTask' ||
  node.kind === 'sendTask' ||
  node.kind === 'scriptTask' ||
  node.kind === 'task' ||
  node.kind === 'manualTask' ||
  node.kind === 'receiveTask' ||
  node.kind === 'businessRuleTask' ||
  node.kind === 'subProcess' ||
  node.kind === 'callActivity';
