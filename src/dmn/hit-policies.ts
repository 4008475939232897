/**
 * Composing a table's matched rules into its result, per hit policy. `matches` are in rule
 * order, each the outputs of one rule by name. Violations (two rules of a UNIQUE table, two
 * different outputs of an ANY table) fail the evaluation with a message naming the rules.
 */
import { WeirError } from '../errors.ts';
import type { DecisionTable, OutputClause } from './types.ts';

export interface Match {
  readonly rule: number;
  readonly outputs: Record<string, unknown>;
}

const violation = (table: DecisionTable, message: string): WeirError =>
  new WeirError('WEIR_DMN_EVALUATION', `Hit policy ${table.hitPolicy} violated: ${message}`);

const sameValue = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date
    ? a.getTime() === b.getTime()
    : JSON.stringify(a) === JSON.stringify(b);

const sameOutputs = (a: Match, b: Match): boolean =>
  Object.keys(a.outputs).every((key) => sameValue(a.outputs[key], b.outputs[key]));

/** Rank of one output value in its clause's output values: lower ranks first, unlisted last. */
const rank = (clause: OutputClause, value: unknown): number => {
  const index = clause.priorities.findIndex((listed) => sameValue(listed, value));
  return index === -1 ? clause.priorities.length : index;
};

const byPriority =
  (table: DecisionTable) =>
  (a: Match, b: Match): number => {
    for (const clause of table.outputs) {
      if (clause.priorities.length === 0) continue;
      const difference = rank(clause, a.outputs[clause.name]) - rank(clause, b.outputs[clause.name]);
      if (difference !== 0) return difference;
    }
    return a.rule - b.rule;
  };

/**
 * COLLECT with an aggregation, as Flowable computes it: over the output of every matched rule
 * (only the distinct rule results under `flowable:forceDMN11`). COUNT of no hits is 0, as the
 * DMN TCK expects (Flowable answers no result there).
 */
const aggregate = (table: DecisionTable, matches: readonly Match[]): Record<string, unknown>[] => {
  const name = table.outputs[0].name;
  const counted = table.distinctAggregation ? distinctResults(matches) : matches;
  const values = counted
    .map((match) => match.outputs[name])
    .filter((value) => value !== null && value !== undefined);
  if (table.aggregation === 'COUNT') return [{ [name]: values.length }];
  if (values.length === 0) return [];
  const numbers = values.map((value) => {
    if (typeof value !== 'number')
      throw new WeirError(
        'WEIR_DMN_EVALUATION',
        `Aggregation ${table.aggregation} needs numbers, output '${name}' gave ${JSON.stringify(value)}`,
      );
    return value;
  });
  switch (table.aggregation) {
    case 'SUM':
      return [{ [name]: numbers.reduce((sum, value) => sum + value, 0) }];
    case 'MIN':
      return [{ [name]: Math.min(...numbers) }];
    default:
      return [{ [name]: Math.max(...numbers) }];
  }
};

/** One match per distinct set of outputs, the first of each in rule order. */
const distinctResults = (matches: readonly Match[]): Match[] =>
  matches.filter((match, index) => matches.findIndex((other) => sameOutputs(other, match)) === index);

/** Whether evaluation may stop at the first matching rule. */
export const stopsAtFirstMatch = (table: DecisionTable): boolean => table.hitPolicy === 'FIRST';

export const composeResults = (
  table: DecisionTable,
  matches: readonly Match[],
): Record<string, unknown>[] => {
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matches.length > 1)
        throw violation(table, `rules ${matches.map((m) => `#${m.rule}`).join(', ')} all match`);
      return matches.map((m) => m.outputs);
    case 'FIRST':
      return matches.slice(0, 1).map((m) => m.outputs);
    case 'ANY': {
      const differing = matches.find((m) => !sameOutputs(m, matches[0]));
      if (differing !== undefined)
        throw violation(
          table,
          `rules #${matches[0].rule} and #${differing.rule} match with different outputs`,
        );
      return matches.slice(0, 1).map((m) => m.outputs);
    }
    case 'PRIORITY':
      return [...matches]
        .sort(byPriority(table))
        .slice(0, 1)
        .map((m) => m.outputs);
    case 'OUTPUT ORDER':
      return [...matches].sort(byPriority(table)).map((m) => m.outputs);
    case 'RULE ORDER':
      return matches.map((m) => m.outputs);
    case 'COLLECT':
      return table.aggregation === null ? matches.map((m) => m.outputs) : aggregate(table, matches);
  }
};

/** Whether the table yields one result (a single value) rather than a list. */
export const isSingleHit = (table: DecisionTable): boolean =>
  table.hitPolicy === 'UNIQUE' ||
  table.hitPolicy === 'FIRST' ||
  table.hitPolicy === 'ANY' ||
  table.hitPolicy === 'PRIORITY' ||
  (table.hitPolicy === 'COLLECT' && table.aggregation !== null);
