import type { CaseListener } from './listeners.ts';

/**
 * The executable case model: what a `.cmmn` file becomes once read and checked. Frozen and
 * shared by every case instance of the definition; each node is tagged by `kind`, as the BPMN
 * model's are (src/model/types.ts).
 */

/** Flowable's standard events of a plan item transition (CMMN 1.1 table 5.3). */
export type StandardEvent =
  | 'create'
  | 'start'
  | 'complete'
  | 'exit'
  | 'occur'
  | 'terminate'
  | 'enable'
  | 'disable'
  | 'manualStart'
  | 'reactivate'
  | 'fault'
  | 'parentSuspend'
  | 'parentResume'
  | 'resume'
  | 'suspend'
  | 'reenable'
  | 'parentTerminate';

export const STANDARD_EVENTS: readonly StandardEvent[] = [
  'create',
  'start',
  'complete',
  'exit',
  'occur',
  'terminate',
  'enable',
  'disable',
  'manualStart',
  'reactivate',
  'fault',
  'parentSuspend',
  'parentResume',
  'resume',
  'suspend',
  'reenable',
  'parentTerminate',
];

export interface OnPart {
  readonly id: string;
  /** the plan item whose transition it listens to */
  readonly sourceId: string;
  readonly event: StandardEvent;
}

export interface Sentry {
  readonly id: string;
  readonly onParts: readonly OnPart[];
  /** the if-part's condition, a JUEL expression */
  readonly condition: string | null;
}

export interface Criterion {
  readonly id: string;
  readonly sentry: Sentry;
}

export interface RepetitionRule {
  readonly condition: string | null;
  readonly counterVariable: string;
  readonly maxInstanceCount: number | null;
  readonly collectionVariable: string | null;
  readonly elementVariable: string | null;
  readonly elementIndexVariable: string | null;
}

export interface VariableMapping {
  readonly source: string | null;
  readonly sourceExpression: string | null;
  readonly target: string | null;
  readonly targetExpression: string | null;
}

export interface TaskCommon {
  /** whether the plan item stays active until its work ends (CMMN isBlocking, default true) */
  readonly blocking: boolean;
  readonly blockingExpression: string | null;
  readonly async: boolean;
  readonly exclusive: boolean;
}

export interface HumanTaskDef extends TaskCommon {
  readonly kind: 'humanTask';
  readonly assignee: string | null;
  readonly owner: string | null;
  readonly candidateUsers: string | null;
  readonly candidateGroups: string | null;
  readonly formKey: string | null;
  readonly dueDate: string | null;
  readonly priority: string | null;
  readonly category: string | null;
  readonly documentation: string | null;
  /** `<flowable:taskListener>`s, in document order */
  readonly taskListeners: readonly CaseListener[];
}

export interface ProcessTaskDef extends TaskCommon {
  readonly kind: 'processTask';
  /** a process definition key, or an expression giving one */
  readonly processRef: string;
  readonly inParameters: readonly VariableMapping[];
  readonly outParameters: readonly VariableMapping[];
  readonly sameDeployment: boolean;
  readonly fallbackToDefaultTenant: boolean;
}

export interface CaseTaskDef extends TaskCommon {
  readonly kind: 'caseTask';
  readonly caseRef: string;
  readonly inParameters: readonly VariableMapping[];
  readonly outParameters: readonly VariableMapping[];
  readonly sameDeployment: boolean;
  readonly fallbackToDefaultTenant: boolean;
}

export interface DecisionTaskDef extends TaskCommon {
  readonly kind: 'decisionTask';
  /** a decision key, or an expression giving one */
  readonly decisionRef: string;
  /** the `decisionTaskThrowErrorOnNoHits` field: `true`, `false` or an expression */
  readonly throwErrorOnNoHits: string | null;
  readonly fallbackToDefaultTenant: boolean;
  /** null when not given: the case's own deployment is searched first, as Flowable does */
  readonly sameDeployment: boolean | null;
}

export interface ServiceTaskDef extends TaskCommon {
  readonly kind: 'serviceTask';
  readonly implementation: 'expression' | 'delegateExpression' | 'class' | 'externalWorker';
  /** the expression, delegate expression, delegate name or topic */
  readonly value: string;
  readonly resultVariable: string | null;
}

/** A plain `<task>`: blocking waits for a trigger, non-blocking completes at once. */
export interface PlainTaskDef extends TaskCommon {
  readonly kind: 'task';
}

export interface MilestoneDef {
  readonly kind: 'milestone';
}

export interface TimerListenerDef {
  readonly kind: 'timerEventListener';
  readonly timerExpression: string;
  /** `<planItemStartTrigger>`: the timer starts only when this plan item does this */
  readonly startTrigger: { readonly sourceId: string; readonly event: StandardEvent } | null;
}

export interface UserListenerDef {
  readonly kind: 'userEventListener';
}

export interface StageDef {
  readonly kind: 'stage';
  readonly autoComplete: boolean;
  readonly autoCompleteCondition: string | null;
  /** the plan items directly inside it, in document order */
  readonly children: readonly string[];
  readonly exitCriteria: readonly Criterion[];
  readonly formKey: string | null;
}

export type PlanItemDefinition =
  | HumanTaskDef
  | ProcessTaskDef
  | CaseTaskDef
  | DecisionTaskDef
  | ServiceTaskDef
  | PlainTaskDef
  | MilestoneDef
  | TimerListenerDef
  | UserListenerDef
  | StageDef;

export type PlanItemKind = PlanItemDefinition['kind'];

export interface PlanItem {
  /** the `<planItem>` id, which sentries and REST name */
  readonly id: string;
  readonly name: string | null;
  /** the id of its `<humanTask>`, `<stage>`... */
  readonly definitionId: string;
  /** the definition's own name: a human task's task takes it, as in Flowable */
  readonly definitionName: string | null;
  readonly definition: PlanItemDefinition;
  /** the stage it sits in; null for the case plan model's own items */
  readonly parentStageId: string | null;
  readonly entryCriteria: readonly Criterion[];
  readonly exitCriteria: readonly Criterion[];
  /** `null`: no rule; a string: its condition (empty string: always) */
  readonly required: string | null;
  readonly manualActivation: string | null;
  readonly repetition: RepetitionRule | null;
  /** the definition's `<flowable:planItemLifecycleListener>`s, in document order */
  readonly lifecycleListeners: readonly CaseListener[];
}

export interface CaseModel {
  readonly key: string;
  readonly name: string | null;
  readonly documentation: string | null;
  readonly initiatorVariableName: string | null;
  readonly startFormKey: string | null;
  /** the case plan model, a stage whose children are the top-level plan items */
  readonly planModelId: string;
  readonly planModel: StageDef;
  readonly planItems: Readonly<Record<string, PlanItem>>;
  /** the case's `<flowable:caseLifecycleListener>`s, in document order */
  readonly lifecycleListeners: readonly CaseListener[];
}

export interface CaseDefinitions {
  readonly cases: readonly CaseModel[];
  readonly targetNamespace: string | null;
}
