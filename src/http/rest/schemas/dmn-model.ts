/**
 * `GET /dmn-api/dmn-repository/decisions/{id}/model`: the DMN file of a decision as Flowable's
 * `DmnDefinition` serialises to JSON (its model classes' getters, with Flowable's names:
 * `inputData`, `decisions` with `expression`, `requiredDecisions`/`requiredInputs`,
 * `decisionServices`, `locationMap`, `flowLocationMap`, `decisionServiceDividerLocationMap`).
 * Enumerations are answered as Java writes them (`RULE_ORDER`, `SUM`).
 */
import Type from 'typebox';
import { AnyValue, Count, Text, TextOrNull } from './common.ts';
import { Nullable } from '../context.ts';

const named = {
  id: TextOrNull(),
  name: TextOrNull(),
  description: TextOrNull(),
};

const LiteralExpression = Type.Object({
  id: TextOrNull(),
  description: TextOrNull(),
  typeRef: TextOrNull(),
  text: TextOrNull(),
  expressionLanguage: TextOrNull(),
});

const UnaryTests = Type.Object({
  id: TextOrNull(),
  description: TextOrNull(),
  text: TextOrNull(),
  textValues: Nullable(
    Type.Array(AnyValue(), { description: 'The listed values of inputValues or outputValues' }),
  ),
  expressionLanguage: TextOrNull(),
});

const InformationItem = Type.Object({ ...named, typeRef: TextOrNull() });

const Reference = Type.Object({ href: Text('#id of the element referred to') });

const InformationRequirement = Type.Object({
  ...named,
  requiredDecision: Nullable(Reference),
  requiredInput: Nullable(Reference),
});

const AuthorityRequirement = Type.Object({
  ...named,
  requiredDecision: Nullable(Reference),
  requiredInput: Nullable(Reference),
  requiredAuthority: Nullable(Reference),
});

const InputClause = Type.Object({
  id: TextOrNull(),
  label: TextOrNull(),
  description: TextOrNull(),
  inputExpression: Nullable(LiteralExpression),
  inputValues: Nullable(UnaryTests),
  inputNumber: Count('1-based position in the table'),
});

const OutputClause = Type.Object({
  id: TextOrNull(),
  label: TextOrNull(),
  description: TextOrNull(),
  name: TextOrNull(),
  typeRef: TextOrNull(),
  outputValues: Nullable(UnaryTests),
  defaultOutputEntry: Nullable(LiteralExpression),
  outputNumber: Count('1-based position in the table'),
});

const DecisionRule = Type.Object({
  id: TextOrNull(),
  description: TextOrNull(),
  inputEntries: Type.Array(Type.Object({ inputClause: InputClause, inputEntry: UnaryTests })),
  outputEntries: Type.Array(Type.Object({ outputClause: OutputClause, outputEntry: LiteralExpression })),
  ruleNumber: Count('1-based position in the table'),
});

const DecisionTable = Type.Object({
  id: TextOrNull(),
  description: TextOrNull(),
  typeRef: TextOrNull(),
  inputs: Type.Array(InputClause),
  outputs: Type.Array(OutputClause),
  rules: Type.Array(DecisionRule),
  hitPolicy: Text('UNIQUE, FIRST, PRIORITY, ANY, COLLECT, RULE_ORDER or OUTPUT_ORDER'),
  aggregation: TextOrNull('SUM, COUNT, MIN or MAX'),
  preferredOrientation: TextOrNull('RULE_AS_ROW, RULE_AS_COLUMN or CROSS_TABLE'),
  outputLabel: TextOrNull(),
});

const Decision = Type.Object({
  ...named,
  question: TextOrNull(),
  allowedAnswers: TextOrNull(),
  variable: Nullable(InformationItem),
  requiredDecisions: Type.Array(InformationRequirement),
  requiredInputs: Type.Array(InformationRequirement),
  authorityRequirements: Type.Array(AuthorityRequirement),
  expression: Type.Union([DecisionTable, LiteralExpression, Type.Null()], {
    description: 'The decision table or literal expression',
  }),
  forceDMN11: Type.Boolean(),
});

const DecisionService = Type.Object({
  ...named,
  variable: Nullable(InformationItem),
  outputDecisions: Type.Array(Reference),
  encapsulatedDecisions: Type.Array(Reference),
  inputDecisions: Type.Array(Reference),
  inputData: Type.Array(Reference),
});

const InputData = Type.Object({ ...named, variable: Nullable(InformationItem) });

const ItemDefinition = Type.Object({
  ...named,
  typeRef: TextOrNull(),
  typeLanguage: TextOrNull(),
  allowedValues: Nullable(UnaryTests),
  collection: Type.Boolean(),
  itemComponents: Type.Array(Type.Unknown({ description: 'Nested item definitions, in this shape' })),
});

const GraphicInfo = Type.Object({
  x: Type.Number(),
  y: Type.Number(),
  width: Type.Number(),
  height: Type.Number(),
});

const Point = Type.Object({ x: Type.Number(), y: Type.Number() });

export const DmnDefinitionJson = Type.Object({
  ...named,
  expressionLanguage: TextOrNull(),
  typeLanguage: TextOrNull(),
  namespace: TextOrNull(),
  exporter: TextOrNull(),
  exporterVersion: TextOrNull(),
  inputData: Type.Array(InputData),
  itemDefinitions: Type.Array(ItemDefinition),
  decisions: Type.Array(Decision),
  decisionServices: Type.Array(DecisionService),
  locationMap: Type.Record(Type.String(), GraphicInfo, {
    description: "Each drawn element's bounds, by element id (DMNDI shapes)",
  }),
  flowLocationMap: Type.Record(Type.String(), Type.Array(Point), {
    description: "Each drawn requirement's waypoints, by requirement id (DMNDI edges)",
  }),
  decisionServiceDividerLocationMap: Type.Record(Type.String(), Type.Array(Point), {
    description: "Each drawn decision service's divider line, by service id",
  }),
});
