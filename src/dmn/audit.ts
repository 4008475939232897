/**
 * The audit trail of one evaluation, in the shape Flowable's DecisionExecutionAuditContainer
 * serialises (`ruleExecutions` keyed by rule number, `conditionResults`, `conclusionResults`),
 * kept in history and answered by the history endpoints.
 */
import type { HitPolicy } from './types.ts';

export interface EntryAudit {
  readonly id: string;
  readonly result: unknown;
  readonly exception?: string;
}

export interface RuleAudit {
  readonly ruleNumber: number;
  readonly ruleId: string;
  valid: boolean;
  readonly conditionResults: EntryAudit[];
  readonly conclusionResults: EntryAudit[];
}

export interface InputAudit {
  readonly id: string;
  readonly label: string | null;
  readonly expression: string;
  readonly value: unknown;
}

export interface DecisionAudit {
  readonly decisionKey: string;
  readonly decisionName: string | null;
  readonly hitPolicy: HitPolicy | null;
  readonly inputVariables: Readonly<Record<string, unknown>>;
  readonly inputClauses: InputAudit[];
  readonly ruleExecutions: Record<string, RuleAudit>;
  decisionResult: Record<string, unknown>[];
  failed: boolean;
  exceptionMessage: string | null;
  /** audits of the required decisions evaluated first */
  readonly childDecisionExecutions: DecisionAudit[];
}

export const newAudit = (
  decisionKey: string,
  decisionName: string | null,
  hitPolicy: HitPolicy | null,
  inputVariables: Readonly<Record<string, unknown>>,
): DecisionAudit => ({
  decisionKey,
  decisionName,
  hitPolicy,
  inputVariables,
  inputClauses: [],
  ruleExecutions: {},
  decisionResult: [],
  failed: false,
  exceptionMessage: null,
  childDecisionExecutions: [],
});
