/**
 * The executable DMN model: frozen, `kind`-tagged decisions built from a `.dmn` file by
 * `build-definitions.ts`. Expressions are compiled at build time, so a table that deploys has
 * entries that all parse, and evaluation never meets a syntax error.
 */
import type { CompiledEntry, CompiledValue } from './entries.ts';
import type { TypeRef } from './type-refs.ts';

export const HIT_POLICIES = [
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];

export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface InputClause {
  readonly id: string;
  readonly label: string | null;
  /** the input expression's text, as written */
  readonly expressionText: string;
  readonly expression: CompiledValue;
  readonly typeRef: TypeRef | null;
  /** allowed input values (`inputValues`), when given */
  readonly allowed: CompiledEntry | null;
}

export interface OutputClause {
  readonly id: string;
  /** the result key: `name`, else the label, else the decision's variable for a single output */
  readonly name: string;
  readonly label: string | null;
  readonly typeRef: TypeRef | null;
  /** output values in priority order (first is highest), as host values; empty when not given */
  readonly priorities: readonly unknown[];
  readonly defaultOutput: CompiledValue | null;
}

export interface Rule {
  readonly id: string;
  /** 1-based position in the table, as Flowable numbers rules in its audit */
  readonly number: number;
  readonly description: string | null;
  readonly inputEntries: readonly {
    readonly id: string;
    readonly text: string;
    readonly test: CompiledEntry;
  }[];
  readonly outputEntries: readonly {
    readonly id: string;
    readonly text: string;
    readonly value: CompiledValue;
  }[];
  /** `annotationEntry` texts, in column order */
  readonly annotations: readonly string[];
}

export interface DecisionTable {
  readonly kind: 'decisionTable';
  readonly id: string;
  readonly hitPolicy: HitPolicy;
  readonly aggregation: Aggregation | null;
  /**
   * `flowable:forceDMN11="true"` on the decision: SUM, MIN, MAX and COUNT aggregate the distinct
   * rule results only, as DMN 1.1 says and Flowable does in that mode; otherwise every hit counts.
   */
  readonly distinctAggregation: boolean;
  readonly inputs: readonly InputClause[];
  readonly outputs: readonly OutputClause[];
  readonly rules: readonly Rule[];
}

export interface LiteralExpressionLogic {
  readonly kind: 'literalExpression';
  readonly id: string | null;
  readonly text: string;
  readonly value: CompiledValue;
}

export interface Decision {
  readonly id: string;
  readonly name: string | null;
  /** the name its value goes by in decisions that require it (`variable/@name`, else `name`, else id) */
  readonly variableName: string;
  readonly typeRef: TypeRef | null;
  readonly logic: DecisionTable | LiteralExpressionLogic;
  /** ids of the decisions this one requires, evaluated before it */
  readonly requiredDecisions: readonly string[];
}

export interface DecisionService {
  readonly id: string;
  readonly name: string | null;
  readonly outputDecisions: readonly string[];
  readonly encapsulatedDecisions: readonly string[];
  readonly inputDecisions: readonly string[];
}

export interface DmnDefinitions {
  readonly id: string;
  readonly name: string | null;
  readonly namespace: string | null;
  readonly decisions: ReadonlyMap<string, Decision>;
  readonly services: ReadonlyMap<string, DecisionService>;
}
