/**
 * A running case as its commands hold it: the locked case row with its document (plan item
 * instances, each criterion's remembered on-parts, variables), the frozen model and the
 * definition row. Plan item states are Flowable's names (PlanItemInstanceState).
 */
import type { StoredVariable } from '../../engine/runtime-types.ts';
import type { CaseModel } from '../model/types.ts';

export type PlanItemState =
  | 'available'
  | 'active'
  | 'enabled'
  | 'disabled'
  | 'completed'
  | 'terminated'
  | 'failed'
  | 'waiting_for_repetition'
  | 'unavailable'
  | 'async-active';

/** States a plan item leaves no more (Flowable's END_STATES; `disabled` can be re-enabled) */
export const END_STATES: readonly PlanItemState[] = ['completed', 'terminated', 'failed'];

export interface PlanItemInstance {
  id: string;
  /** the `<planItem>` id */
  elementId: string;
  /** the stage plan item instance it sits in; null at the top of the plan */
  stageInstanceId: string | null;
  state: PlanItemState;
  name: string | null;
  createdAt: string;
  lastAvailableAt: string | null;
  lastEnabledAt: string | null;
  lastDisabledAt: string | null;
  lastStartedAt: string | null;
  completedAt: string | null;
  occurredAt: string | null;
  terminatedAt: string | null;
  exitedAt: string | null;
  endedAt: string | null;
  /** what its work runs as: a task, a process instance, a child case */
  referenceId: string | null;
  referenceType: string | null;
  entryCriterionId: string | null;
  exitCriterionId: string | null;
  startUserId: string | null;
  /** on-parts each of its criteria has seen, by criterion id (a sentry remembers them) */
  onParts: Record<string, string[]>;
  /** 1 for the first instance of a repeated plan item, 2 for the next... (its counter variable) */
  repetition: number;
  /** an instance made for one element of a repetition collection: the element and its index */
  element?: { value: unknown; index: number };
  /** a stage with no active and no required work left (Flowable's completable flag) */
  completable?: boolean;
  /** its local variables (Flowable's plan item instance variables); absent when it has none */
  variables?: Record<string, StoredVariable>;
}

export interface CaseDocument {
  items: PlanItemInstance[];
  variables: Record<string, StoredVariable>;
  /** on-parts the plan model's exit criteria have seen */
  planModelOnParts: Record<string, string[]>;
}

export type CaseState = 'active' | 'completed' | 'terminated' | 'suspended';

export interface CaseInstanceRow {
  id: string;
  definitionId: string;
  businessKey: string | null;
  businessStatus: string | null;
  name: string | null;
  state: CaseState;
  startUserId: string | null;
  startedAt: Date;
  tenantId: string;
  callbackId: string | null;
  callbackType: string | null;
  parentId: string | null;
  document: CaseDocument;
  revision: number;
}

export interface CaseDefinitionRow {
  id: string;
  key: string;
  version: number;
  name: string | null;
  description: string | null;
  category: string | null;
  tenantId: string;
  deploymentId: string;
  resourceName: string;
  hasStartFormKey: boolean;
  createdAt: Date;
}

export interface LoadedCase {
  row: CaseInstanceRow;
  model: CaseModel;
  definition: CaseDefinitionRow;
  isNew: boolean;
  /** set when the case completed or was terminated in this command */
  ended: CaseState | null;
  /** name, business key or business status changed in this command (its history row follows) */
  renamed?: boolean;
  /** plan item instances changed in this command (written by the flush) */
  dirty: Set<string>;
  newItems: Set<string>;
  /** the model the case ran on before a migration in this command (its ended items' plan items) */
  formerModel?: CaseModel;
}
