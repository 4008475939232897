/**
 * The moddle package describing the Flowable BPMN extensions Weir understands: attributes added
 * to BPMN elements (`flowable:assignee` on a user task) and the elements allowed inside
 * `<extensionElements>` (`flowable:executionListener`, `flowable:field`, `flowable:in`...).
 *
 * It is registered once, under the Flowable namespace. The older Activiti namespace is mapped onto
 * the same prefix when reading (see `moddle.ts`), so `activiti:assignee` and `flowable:assignee`
 * become the same property. Registering the package twice does not work: moddle keys extension
 * properties by local name, and two packages both adding `async` to `bpmn:Activity` clash.
 *
 * Attribute and element names follow Flowable's BPMN documentation.
 */

export const FLOWABLE_NAMESPACE = 'http://flowable.org/bpmn';
export const ACTIVITI_NAMESPACE = 'http://activiti.org/bpmn';

const attr = (name: string, type: 'String' | 'Boolean' = 'String') => ({ name, type, isAttr: true });

/** Extension attributes on BPMN elements: each entry extends the listed BPMN types. */
const extensionAttributes = [
  {
    name: 'AsyncCapable',
    extends: ['bpmn:Activity', 'bpmn:Gateway', 'bpmn:Event'],
    properties: [
      attr('async', 'Boolean'),
      attr('asyncLeave', 'Boolean'),
      attr('exclusive', 'Boolean'),
      attr('failedJobRetryTimeCycle'),
    ],
  },
  {
    name: 'ServiceTaskAttributes',
    extends: ['bpmn:ServiceTask', 'bpmn:SendTask'],
    properties: [
      attr('class'),
      attr('delegateExpression'),
      attr('expression'),
      attr('resultVariable'),
      // Flowable writes `resultVariableName` and reads both
      attr('resultVariableName'),
      attr('type'),
      attr('topic'),
    ],
  },
  {
    name: 'ScriptTaskAttributes',
    extends: ['bpmn:ScriptTask'],
    properties: [attr('resultVariable'), attr('autoStoreVariables', 'Boolean')],
  },
  {
    name: 'UserTaskAttributes',
    extends: ['bpmn:UserTask'],
    properties: [
      attr('assignee'),
      attr('owner'),
      attr('candidateUsers'),
      attr('candidateGroups'),
      attr('formKey'),
      attr('formFieldValidation', 'Boolean'),
      attr('dueDate'),
      attr('priority'),
      attr('category'),
      attr('taskCompleterVariableName'),
    ],
  },
  {
    name: 'StartEventAttributes',
    extends: ['bpmn:StartEvent'],
    properties: [attr('initiator'), attr('formKey'), attr('formFieldValidation', 'Boolean')],
  },
  {
    name: 'CallActivityAttributes',
    extends: ['bpmn:CallActivity'],
    properties: [
      attr('businessKey'),
      attr('inheritBusinessKey', 'Boolean'),
      attr('inheritVariables', 'Boolean'),
      attr('processInstanceName'),
      attr('sameDeployment', 'Boolean'),
      attr('fallbackToDefaultTenant', 'Boolean'),
      attr('idVariableName'),
      attr('useLocalScopeForOutParameters', 'Boolean'),
    ],
  },
  {
    name: 'MultiInstanceAttributes',
    extends: ['bpmn:MultiInstanceLoopCharacteristics'],
    properties: [attr('collection'), attr('elementVariable'), attr('elementIndexVariable')],
  },
  { name: 'SignalAttributes', extends: ['bpmn:Signal'], properties: [attr('scope')] },
  // `<timeCycle flowable:endDate="...">`; timeCycle is a bpmn:Expression (or FormalExpression)
  { name: 'ExpressionAttributes', extends: ['bpmn:Expression'], properties: [attr('endDate')] },
  {
    name: 'TerminateAttributes',
    extends: ['bpmn:TerminateEventDefinition'],
    properties: [attr('terminateAll', 'Boolean')],
  },
  {
    name: 'ErrorDefinitionAttributes',
    extends: ['bpmn:ErrorEventDefinition'],
    properties: [
      attr('errorVariableName'),
      attr('errorVariableTransient', 'Boolean'),
      attr('errorVariableLocalScope', 'Boolean'),
    ],
  },
  {
    name: 'SkipCapable',
    extends: ['bpmn:Activity', 'bpmn:SequenceFlow'],
    properties: [attr('skipExpression')],
  },
  {
    name: 'ProcessAttributes',
    extends: ['bpmn:Process'],
    properties: [attr('candidateStarterUsers'), attr('candidateStarterGroups')],
  },
].map((type) => ({ ...type, isAbstract: true }));

const listenerProperties = [
  attr('event'),
  attr('class'),
  attr('delegateExpression'),
  attr('expression'),
  { name: 'fields', type: 'Field', isMany: true },
];

const ioParameterProperties = [attr('source'), attr('sourceExpression'), attr('target')];

/** Elements allowed inside `<extensionElements>`. */
const extensionElements = [
  { name: 'ExecutionListener', properties: listenerProperties },
  { name: 'TaskListener', properties: listenerProperties },
  {
    name: 'Field',
    properties: [
      attr('name'),
      attr('stringValue'),
      // not an attribute-only property: moddle then reads both `expression="..."` and a
      // `<flowable:expression>` child element into it
      { name: 'expression', type: 'String' },
      { name: 'string', type: 'String' },
    ],
  },
  { name: 'In', properties: ioParameterProperties },
  { name: 'Out', properties: ioParameterProperties },
  { name: 'FailedJobRetryTimeCycle', properties: [{ name: 'body', type: 'String', isBody: true }] },
  // the default value of a `<dataObject>`; an enum value of a `<flowable:formProperty>`
  { name: 'Value', properties: [{ name: 'body', type: 'String', isBody: true }, attr('id'), attr('name')] },
  {
    name: 'FormProperty',
    properties: [
      attr('id'),
      attr('name'),
      attr('type'),
      attr('readable'),
      attr('writable'),
      attr('required'),
      attr('variable'),
      attr('expression'),
      attr('default'),
      attr('datePattern'),
      { name: 'values', type: 'Value', isMany: true },
    ],
  },
  // read only to be refused (refusals.ts)
  { name: 'MapException', properties: [{ name: 'body', type: 'String', isBody: true }] },
  { name: 'EventListener', properties: [] },
  { name: 'JobCategory', properties: [{ name: 'body', type: 'String', isBody: true }] },
  { name: 'VariableAggregation', properties: [] },
  { name: 'HistoryLevel', properties: [{ name: 'body', type: 'String', isBody: true }] },
  // an event-registry event; read only to be refused (build-nodes.ts)
  { name: 'EventType', properties: [{ name: 'body', type: 'String', isBody: true }] },
].map((type) => ({ ...type, superClass: ['Element'] }));

export const flowableDescriptor = {
  name: 'Flowable',
  uri: FLOWABLE_NAMESPACE,
  prefix: 'flowable',
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [...extensionAttributes, ...extensionElements],
};
