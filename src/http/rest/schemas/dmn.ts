/**
 * Response schemas of the decision engine (`/dmn-api`, and a process definition's decisions):
 * Flowable's DecisionResponse, HistoricDecisionExecutionResponse, the audit trail it keeps of
 * each run (DecisionExecutionAuditContainer) and the DMN rule service's results.
 */
import Type from 'typebox';
import { HIT_POLICIES } from '../../../dmn/types.ts';
import { childDefinitionFields } from './repository.ts';
import { AlwaysNull, AnyValue, Count, Flag, Link, Text, TextOrNull, Timestamp } from './common.ts';

export const Decision = Type.Object({
  ...childDefinitionFields,
  decisionType: Type.Enum(['decision_table', 'decision_service', 'literal_expression'], { type: 'string' }),
});

export const DecisionExecution = Type.Object({
  id: Text(),
  url: Link(),
  decisionDefinitionId: Text(),
  deploymentId: Text(),
  activityId: TextOrNull('The business rule task that ran it; null when run on its own'),
  executionId: TextOrNull(),
  instanceId: TextOrNull('The process instance that ran it'),
  scopeType: TextOrNull('bpmn when a process ran it'),
  failed: Flag(),
  startTime: Timestamp(),
  endTime: Timestamp(),
  tenantId: Text(),
  decisionKey: Text(),
  decisionName: TextOrNull('null once the decision is no longer deployed'),
  decisionVersion: TextOrNull(
    "The decision's version as text, as Flowable answers it; null once the decision is no longer deployed",
  ),
});

/** What a decision table's input or output entry evaluated to for one rule. */
const EntryAudit = Type.Object({
  id: Text(),
  result: AnyValue(),
  exception: Type.Optional(Text('Why the entry could not be evaluated')),
});

const RuleAudit = Type.Object({
  ruleNumber: Count(),
  ruleId: Text(),
  valid: Flag('Whether all its input entries held'),
  conditionResults: Type.Array(EntryAudit),
  conclusionResults: Type.Array(EntryAudit),
});

const InputAudit = Type.Object({
  id: Text(),
  label: TextOrNull(),
  expression: Text(),
  value: AnyValue('The input expression evaluated'),
});

const ResultMaps = Type.Array(Type.Record(Type.String(), AnyValue()), {
  description: 'One map of outputs per result',
});

const decisionAuditFields = {
  decisionKey: Text(),
  decisionName: TextOrNull(),
  hitPolicy: Type.Union([Type.Enum([...HIT_POLICIES], { type: 'string' }), Type.Null()], {
    description: 'null for a literal expression',
  }),
  inputVariables: Type.Record(Type.String(), AnyValue()),
  inputClauses: Type.Array(InputAudit),
  ruleExecutions: Type.Record(Type.String(), RuleAudit, { description: 'By rule number' }),
  decisionResult: ResultMaps,
  failed: Flag(),
  exceptionMessage: TextOrNull(),
  childDecisionExecutions: Type.Array(Type.Ref('WeirDecisionAudit'), {
    description: 'The audits of the decisions it requires, evaluated first',
  }),
};

/** The decision's version and when it ran, which the audit of a whole run adds. */
const runFields = { decisionVersion: Type.Integer(), startTime: Timestamp(), endTime: Timestamp() };

/**
 * `GET .../historic-decision-executions/{id}/auditdata`: the audit of a decision run, or of a
 * decision service run (its output decisions' audits as children). Recursive: a decision's
 * audit holds those of the decisions it requires.
 */
export const DecisionAuditData = Type.Cyclic(
  {
    WeirDecisionAudit: Type.Object(decisionAuditFields),
    WeirDecisionAuditData: Type.Union([
      Type.Object({ ...decisionAuditFields, ...runFields }),
      Type.Object({
        decisionKey: Text('The decision service'),
        decisionName: TextOrNull(),
        decisionServiceResult: Type.Record(Type.String(), ResultMaps, {
          description: 'Results by output decision',
        }),
        failed: Flag(),
        exceptionMessage: TextOrNull(),
        childDecisionExecutions: Type.Array(Type.Ref('WeirDecisionAudit')),
        ...runFields,
      }),
    ]),
  },
  'WeirDecisionAuditData',
);

/** One output of a result, as Flowable's EngineRestVariable. */
export const DecisionResultVariable = Type.Object({
  name: Text(),
  type: TextOrNull('string, integer, long, double, boolean, date, json; null for null'),
  value: AnyValue(),
  valueUrl: AlwaysNull(),
});

/** `POST dmn-rule/execute...`: every result (Flowable's DmnRuleServiceResponse). */
export const DecisionResults = Type.Object({
  resultVariables: Type.Array(Type.Array(DecisionResultVariable), { description: 'One list per result' }),
  url: Link(),
});

/** `POST dmn-rule/execute.../single-result` (Flowable's DmnRuleServiceSingleResponse). */
export const DecisionSingleResult = Type.Object({
  resultVariables: Type.Array(DecisionResultVariable),
  url: Link(),
});
