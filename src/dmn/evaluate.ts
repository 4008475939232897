/**
 * Evaluating decisions of a deployed file: a decision after the decisions it requires (each
 * once, its value put in scope under its variable name, and a single result's outputs under
 * their own names as Flowable does), and a decision service as its output decisions. The audit
 * tree records every decision evaluated; a failure marks it failed and names the cause.
 */
import { WeirError, toWeirError } from '../errors.ts';
import { newAudit, type DecisionAudit } from './audit.ts';
import type { Variables } from './feel.ts';
import { evaluateTable } from './evaluate-table.ts';
import { isSingleHit } from './hit-policies.ts';
import { Scope } from './scope.ts';
import { coerceOutput } from './type-refs.ts';
import type { Decision, DmnDefinitions } from './types.ts';

export interface DecisionOutcome {
  /** Flowable's shape: one map of outputs per result */
  readonly results: Record<string, unknown>[];
  /** the DMN value: a single output unwrapped, a single-hit table's one result, else a list */
  readonly value: unknown;
  readonly audit: DecisionAudit;
}

export interface ServiceOutcome {
  /** results of each output decision, by decision id (Flowable's decision service result) */
  readonly results: Record<string, Record<string, unknown>[]>;
  /** the DMN value: one output decision's value, or a context of them by variable name */
  readonly value: unknown;
  readonly audits: DecisionAudit[];
}

export const dmnValue = (decision: Decision, results: readonly Record<string, unknown>[]): unknown => {
  const logic = decision.logic;
  if (logic.kind === 'literalExpression') return results[0]?.[decision.variableName] ?? null;
  const unwrap = (result: Record<string, unknown>): unknown =>
    logic.outputs.length === 1 ? result[logic.outputs[0].name] : result;
  if (isSingleHit(logic)) return results.length === 0 ? null : unwrap(results[0]);
  return results.map(unwrap);
};

const findDecision = (definitions: DmnDefinitions, id: string): Decision => {
  const decision = definitions.decisions.get(id);
  if (decision === undefined)
    throw new WeirError('WEIR_NOT_FOUND', `No decision with key '${id}' in the definitions`);
  return decision;
};

/** Evaluate one decision and what it requires; a failure is recorded in the audit, not thrown. */
export const evaluateDecision = (
  definitions: DmnDefinitions,
  decisionId: string,
  variables: Variables,
): DecisionOutcome =>
  run(definitions, findDecision(definitions, decisionId), new Scope(variables), new Map());

const run = (
  definitions: DmnDefinitions,
  decision: Decision,
  scope: Scope,
  done: Map<string, DecisionOutcome>,
): DecisionOutcome => {
  const logic = decision.logic;
  const audit = newAudit(
    decision.id,
    decision.name,
    logic.kind === 'decisionTable' ? logic.hitPolicy : null,
    { ...scope.variables },
  );
  try {
    for (const requiredId of decision.requiredDecisions) {
      const required =
        done.get(requiredId) ?? run(definitions, findDecision(definitions, requiredId), scope, done);
      done.set(requiredId, required);
      audit.childDecisionExecutions.push(required.audit);
      if (required.audit.failed)
        throw new WeirError(
          'WEIR_DMN_EVALUATION',
          `Required decision '${requiredId}' failed: ${required.audit.exceptionMessage}`,
        );
      publish(findDecision(definitions, requiredId), required, scope);
    }
    let results: Record<string, unknown>[];
    if (logic.kind === 'decisionTable') results = evaluateTable(decision.id, logic, scope, audit);
    else {
      let value: unknown;
      try {
        value = coerceOutput(decision.typeRef, logic.value.evaluate(scope), decision.variableName);
      } catch (error) {
        throw new WeirError(
          'WEIR_DMN_EVALUATION',
          `Decision '${decision.id}', literal expression: ${toWeirError(error).message}`,
          { cause: error },
        );
      }
      results = [{ [decision.variableName]: value }];
    }
    audit.decisionResult = results;
    return { results, value: dmnValue(decision, results), audit };
  } catch (error) {
    audit.failed = true;
    audit.exceptionMessage = toWeirError(error).message;
    return { results: [], value: null, audit };
  }
};

/** A required decision's value under its variable name; a single result's outputs by name too. */
const publish = (decision: Decision, outcome: DecisionOutcome, scope: Scope): void => {
  scope.set(decision.variableName, outcome.value);
  if (outcome.results.length === 1)
    for (const [name, value] of Object.entries(outcome.results[0]))
      if (!Object.hasOwn(scope.variables, name)) scope.set(name, value);
};

/** Evaluate a decision service: its output decisions, each with what it requires. */
export const evaluateService = (
  definitions: DmnDefinitions,
  serviceId: string,
  variables: Variables,
): ServiceOutcome => {
  const service = definitions.services.get(serviceId);
  if (service === undefined)
    throw new WeirError('WEIR_NOT_FOUND', `No decision service with key '${serviceId}' in the definitions`);
  const scope = new Scope(variables);
  const done = new Map<string, DecisionOutcome>();
  const results: Record<string, Record<string, unknown>[]> = {};
  const values: Record<string, unknown> = {};
  const audits: DecisionAudit[] = [];
  for (const id of service.outputDecisions) {
    const decision = findDecision(definitions, id);
    const outcome = done.get(id) ?? run(definitions, decision, scope, done);
    done.set(id, outcome);
    audits.push(outcome.audit);
    // Flowable's decisionServiceResult leaves out an output decision that answered nothing
    if (outcome.results.length > 0) results[id] = outcome.results;
    values[decision.variableName] = outcome.value;
  }
  const value = service.outputDecisions.length === 1 ? Object.values(values)[0] : values;
  return { results, value, audits };
};

/** Evaluate and throw WEIR_DMN_EVALUATION when the evaluation failed. */
export const executeDecision = (
  definitions: DmnDefinitions,
  decisionId: string,
  variables: Variables,
): DecisionOutcome => {
  const outcome = evaluateDecision(definitions, decisionId, variables);
  if (outcome.audit.failed)
    throw new WeirError('WEIR_DMN_EVALUATION', outcome.audit.exceptionMessage ?? undefined, {
      details: { decisionKey: decisionId },
    });
  return outcome;
};
