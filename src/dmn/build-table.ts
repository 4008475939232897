/**
 * One decision table: its hit policy and aggregation, input and output clauses, and rules, each
 * entry compiled. Problems name the decision, the rule (id and number) and the column (its
 * label or expression) they are about.
 */
import { child, isSet, list, listedValues, text, type BuildContext, type Element } from './build-context.ts';
import {
  AGGREGATIONS,
  HIT_POLICIES,
  type Aggregation,
  type DecisionTable,
  type HitPolicy,
  type InputClause,
  type OutputClause,
  type Rule,
} from './types.ts';

/**
 * A table that names no hit policy is FIRST, as Flowable's DMN converter makes it (the DMN
 * standard's default is UNIQUE), so that a table modelled for Flowable answers the same here.
 */
const hitPolicyOf = (value: string | null): HitPolicy | null => {
  const normal = (value ?? 'FIRST').toUpperCase().replace('_', ' ');
  return (HIT_POLICIES as readonly string[]).includes(normal) ? (normal as HitPolicy) : null;
};

export const buildTable = (
  where: string,
  table: Element,
  variableName: string,
  context: BuildContext,
  distinctAggregation: boolean,
): DecisionTable | null => {
  const problems = context.problems;
  const before = problems.length;
  const hitPolicy = hitPolicyOf(isSet(table, 'hitPolicy') ? text(table, 'hitPolicy') : null);
  if (hitPolicy === null) problems.push(`${where}: unknown hit policy '${text(table, 'hitPolicy')}'`);
  const aggregationText = text(table, 'aggregation');
  const aggregation = aggregationText === null ? null : (aggregationText.toUpperCase() as Aggregation);
  if (aggregation !== null && !AGGREGATIONS.includes(aggregation))
    problems.push(`${where}: unknown aggregation '${aggregationText}'`);
  if (aggregation !== null && hitPolicy !== 'COLLECT')
    problems.push(`${where}: aggregation ${aggregation} needs the COLLECT hit policy, not ${hitPolicy}`);
  const inputs = list(table, 'input').map((input, index) => buildInput(where, input, index, context));
  const outputElements = list(table, 'output');
  if (outputElements.length === 0) problems.push(`${where}: the decision table has no output`);
  if (aggregation !== null && aggregation !== 'COUNT' && outputElements.length > 1)
    problems.push(
      `${where}: aggregation ${aggregation} needs exactly one output, the table has ${outputElements.length}`,
    );
  const outputs = outputElements.map((output, index) =>
    buildOutput(where, output, index, outputElements.length === 1 ? variableName : null, context),
  );
  if (
    (hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') &&
    outputs.every((o) => o.priorities.length === 0)
  )
    problems.push(`${where}: hit policy ${hitPolicy} needs output values to rank outputs by`);
  const rules = list(table, 'rule').map((rule, index) =>
    buildRule(where, rule, index, inputs, outputs, context),
  );
  if (problems.length > before || hitPolicy === null) return null;
  return Object.freeze({
    kind: 'decisionTable',
    id: text(table, 'id') ?? '',
    hitPolicy,
    aggregation,
    distinctAggregation,
    inputs,
    outputs,
    rules,
  });
};

const column = (clause: {
  id: string;
  label: string | null;
  expressionText?: string;
  name?: string;
}): string => `column '${clause.label ?? clause.name ?? clause.expressionText ?? clause.id}'`;

const buildInput = (where: string, input: Element, index: number, context: BuildContext): InputClause => {
  const id = text(input, 'id') ?? `input-${index + 1}`;
  const label = text(input, 'label');
  const expressionElement = child(input, 'inputExpression');
  const expressionText = text(expressionElement, 'text') ?? '';
  const here = `${where}, ${column({ id, label, expressionText })}`;
  const typeRef = context.checkTypeRef(here, text(expressionElement, 'typeRef'));
  if (expressionText.trim() === '') context.problems.push(`${here}: the input expression is empty`);
  const expression = context.value(
    `${here}, input expression`,
    expressionText || 'null',
    text(expressionElement, 'expressionLanguage'),
  );
  const allowedText = text(child(input, 'inputValues'), 'text');
  const allowed = allowedText === null ? null : context.entry(`${here}, input values`, allowedText, null);
  return Object.freeze({
    id,
    label,
    expressionText,
    expression: expression.ok ? expression.value : { dialect: 'feel' as const, evaluate: () => null },
    typeRef,
    allowed: allowed?.ok ? allowed.value : null,
  });
};

const buildOutput = (
  where: string,
  output: Element,
  index: number,
  single: string | null,
  context: BuildContext,
): OutputClause => {
  const id = text(output, 'id') ?? `output-${index + 1}`;
  const label = text(output, 'label');
  const name = text(output, 'name') ?? single ?? label ?? id;
  const here = `${where}, ${column({ id, label, name })}`;
  const typeRef = context.checkTypeRef(here, text(output, 'typeRef'));
  const valuesText = text(child(output, 'outputValues'), 'text');
  let priorities: unknown[] = [];
  if (valuesText !== null && valuesText.trim() !== '') {
    const values = listedValues(valuesText);
    if (values === null)
      context.problems.push(`${here}: output values '${valuesText}' are not a list of values`);
    else priorities = values;
  }
  const defaultText = text(child(output, 'defaultOutputEntry'), 'text');
  const defaultOutput =
    defaultText === null ? null : context.value(`${here}, default output`, defaultText, null);
  return Object.freeze({
    id,
    name,
    label,
    typeRef,
    priorities,
    defaultOutput: defaultOutput?.ok ? defaultOutput.value : null,
  });
};

const buildRule = (
  where: string,
  rule: Element,
  index: number,
  inputs: readonly InputClause[],
  outputs: readonly OutputClause[],
  context: BuildContext,
): Rule => {
  const id = text(rule, 'id') ?? `rule-${index + 1}`;
  const here = `${where}, rule '${id}' (#${index + 1})`;
  const inputEntries = list(rule, 'inputEntry');
  const outputEntries = list(rule, 'outputEntry');
  if (inputEntries.length !== inputs.length)
    context.problems.push(`${here}: has ${inputEntries.length} input entries for ${inputs.length} inputs`);
  if (outputEntries.length !== outputs.length)
    context.problems.push(
      `${here}: has ${outputEntries.length} output entries for ${outputs.length} outputs`,
    );
  return Object.freeze({
    id,
    number: index + 1,
    description: text(rule, 'description'),
    inputEntries: inputEntries.map((entry, i) => {
      const source = text(entry, 'text') ?? '';
      const input = inputs[i] ?? { id: `input-${i + 1}`, label: null, expressionText: undefined };
      const compiled = context.entry(`${here}, ${column(input)}`, source, text(entry, 'expressionLanguage'));
      return {
        id: text(entry, 'id') ?? `${id}-in-${i + 1}`,
        text: source,
        test: compiled.ok ? compiled.value : { dialect: 'any' as const, test: () => false },
      };
    }),
    outputEntries: outputEntries.map((entry, i) => {
      const source = text(entry, 'text') ?? '';
      const output = outputs[i] ?? { id: `output-${i + 1}`, label: null, name: undefined };
      const compiled =
        source.trim() === ''
          ? ({ ok: true, value: { dialect: 'feel', evaluate: () => null } } as const)
          : context.value(`${here}, ${column(output)}`, source, text(entry, 'expressionLanguage'));
      return {
        id: text(entry, 'id') ?? `${id}-out-${i + 1}`,
        text: source,
        value: compiled.ok ? compiled.value : { dialect: 'feel' as const, evaluate: () => null },
      };
    }),
    annotations: list(rule, 'annotationEntry').map((entry) => text(entry, 'text') ?? ''),
  });
};
