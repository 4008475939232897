/**
 * Evaluating one decision table: input expressions once, then each rule's entries left to right
 * until one fails (as Flowable does), outputs of matching rules coerced to their `typeRef`, and
 * the matches composed by the hit policy. Every step is written to the audit.
 */
import { WeirError, toWeirError } from '../errors.ts';
import type { DecisionAudit, RuleAudit } from './audit.ts';
import { composeResults, stopsAtFirstMatch, type Match } from './hit-policies.ts';
import type { Scope } from './scope.ts';
import { coerceInput, coerceOutput } from './type-refs.ts';
import type { DecisionTable } from './types.ts';

const failure = (where: string, error: unknown): WeirError => {
  const cause = toWeirError(error);
  return new WeirError('WEIR_DMN_EVALUATION', `${where}: ${cause.message}`, { cause: error });
};

export const evaluateTable = (
  decisionId: string,
  table: DecisionTable,
  scope: Scope,
  audit: DecisionAudit,
): Record<string, unknown>[] => {
  const inputs = table.inputs.map((input) => {
    let value: unknown;
    try {
      value = coerceInput(input.typeRef, input.expression.evaluate(scope));
    } catch (error) {
      throw failure(`Decision '${decisionId}', input '${input.label ?? input.expressionText}'`, error);
    }
    audit.inputClauses.push({ id: input.id, label: input.label, expression: input.expressionText, value });
    return value;
  });
  const matches: Match[] = [];
  for (const rule of table.rules) {
    const ruleAudit: RuleAudit = {
      ruleNumber: rule.number,
      ruleId: rule.id,
      valid: false,
      conditionResults: [],
      conclusionResults: [],
    };
    audit.ruleExecutions[String(rule.number)] = ruleAudit;
    let valid = true;
    for (let index = 0; index < rule.inputEntries.length && valid; index++) {
      const entry = rule.inputEntries[index];
      try {
        valid = entry.test.test(inputs[index], scope);
      } catch (error) {
        const wrapped = failure(
          `Decision '${decisionId}', rule '${rule.id}' (#${rule.number}), entry '${entry.text}'`,
          error,
        );
        ruleAudit.conditionResults.push({ id: entry.id, result: null, exception: wrapped.message });
        throw wrapped;
      }
      ruleAudit.conditionResults.push({ id: entry.id, result: valid });
    }
    ruleAudit.valid = valid;
    if (!valid) continue;
    const outputs: Record<string, unknown> = {};
    rule.outputEntries.forEach((entry, index) => {
      const clause = table.outputs[index];
      let value: unknown;
      try {
        value =
          entry.text.trim() === ''
            ? null
            : coerceOutput(clause.typeRef, entry.value.evaluate(scope), clause.name);
      } catch (error) {
        const wrapped = failure(
          `Decision '${decisionId}', rule '${rule.id}' (#${rule.number}), output '${clause.name}'`,
          error,
        );
        ruleAudit.conclusionResults.push({ id: entry.id, result: null, exception: wrapped.message });
        throw wrapped;
      }
      ruleAudit.conclusionResults.push({ id: entry.id, result: value });
      outputs[clause.name] = value;
    });
    matches.push({ rule: rule.number, outputs });
    if (stopsAtFirstMatch(table)) break;
  }
  if (matches.length === 0 && table.outputs.some((output) => output.defaultOutput !== null)) {
    const defaults: Record<string, unknown> = {};
    for (const output of table.outputs)
      defaults[output.name] =
        output.defaultOutput === null
          ? null
          : coerceOutput(output.typeRef, output.defaultOutput.evaluate(scope), output.name);
    return [defaults];
  }
  return composeResults(table, matches);
};
