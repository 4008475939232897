/**
 * A deployed DMN file as Flowable's `DmnDefinition` JSON (schemas/dmn-model.ts), built from
 * dmn-moddle's reading of the file rather than from the executable model: the JSON shows the file
 * as written (labels, descriptions, entry texts, the diagram), which evaluation does not keep.
 */
import { child, hrefId, list, listedValues, text, type Element } from '../../../dmn/build-context.ts';
import { readDmnXml } from '../../../dmn/read-xml.ts';
import type { Answer } from '../schemas/common.ts';
import type { DmnDefinitionJson } from '../schemas/dmn-model.ts';

type Json = Answer<typeof DmnDefinitionJson>;
type DecisionJson = Json['decisions'][number];

const named = (element: Element | undefined) => ({
  id: text(element, 'id'),
  name: text(element, 'name'),
  description: text(element, 'description'),
});

const literal = (element: Element | undefined) =>
  element === undefined
    ? null
    : {
        id: text(element, 'id'),
        description: text(element, 'description'),
        typeRef: text(element, 'typeRef'),
        text: text(element, 'text'),
        expressionLanguage: text(element, 'expressionLanguage'),
      };

/** `listed`: an `inputValues`/`outputValues` text, whose values Flowable splits into `textValues`. */
const unaryTests = (element: Element | undefined, listed = false) => {
  if (element === undefined) return null;
  const source = text(element, 'text');
  return {
    id: text(element, 'id'),
    description: text(element, 'description'),
    text: source,
    textValues: listed && source !== null ? listedValues(source) : null,
    expressionLanguage: text(element, 'expressionLanguage'),
  };
};

const variable = (element: Element) => {
  const item = child(element, 'variable');
  return item === undefined ? null : { ...named(item), typeRef: text(item, 'typeRef') };
};

const reference = (element: Element | undefined) =>
  element === undefined ? null : { href: text(element, 'href') ?? `#${hrefId(element)}` };

const references = (element: Element, property: string) =>
  list(element, property).map((r) => ({ href: text(r, 'href') ?? '' }));

const requirement = (element: Element) => ({
  ...named(element),
  requiredDecision: reference(child(element, 'requiredDecision')),
  requiredInput: reference(child(element, 'requiredInput')),
});

const table = (element: Element) => {
  const inputs = list(element, 'input').map((input, i) => ({
    id: text(input, 'id'),
    label: text(input, 'label'),
    description: text(input, 'description'),
    inputExpression: literal(child(input, 'inputExpression')),
    inputValues: unaryTests(child(input, 'inputValues'), true),
    inputNumber: i + 1,
  }));
  const outputs = list(element, 'output').map((output, i) => ({
    id: text(output, 'id'),
    label: text(output, 'label'),
    description: text(output, 'description'),
    name: text(output, 'name'),
    typeRef: text(output, 'typeRef'),
    outputValues: unaryTests(child(output, 'outputValues'), true),
    defaultOutputEntry: literal(child(output, 'defaultOutputEntry')),
    outputNumber: i + 1,
  }));
  return {
    id: text(element, 'id'),
    description: text(element, 'description'),
    typeRef: text(element, 'typeRef'),
    inputs,
    outputs,
    // Flowable repeats each entry's clause in the rule, as its Java objects hold them
    rules: list(element, 'rule').map((rule, r) => ({
      id: text(rule, 'id'),
      description: text(rule, 'description'),
      inputEntries: list(rule, 'inputEntry').map((entry, i) => ({
        inputClause: inputs[i],
        inputEntry: unaryTests(entry)!,
      })),
      outputEntries: list(rule, 'outputEntry').map((entry, i) => ({
        outputClause: outputs[i],
        outputEntry: literal(entry)!,
      })),
      ruleNumber: r + 1,
    })),
    // absent: FIRST, as Flowable's converter parses it (and as Weir evaluates it)
    hitPolicy: (text(element, 'hitPolicy') ?? 'FIRST').replace(' ', '_'),
    aggregation: text(element, 'aggregation'),
    preferredOrientation: orientation(text(element, 'preferredOrientation')),
    outputLabel: text(element, 'outputLabel'),
  };
};

const ORIENTATIONS: Record<string, string> = {
  'Rule-as-Row': 'RULE_AS_ROW',
  'Rule-as-Column': 'RULE_AS_COLUMN',
  CrossTable: 'CROSS_TABLE',
};
const orientation = (value: string | null) => (value === null ? null : (ORIENTATIONS[value] ?? value));

const decision = (element: Element): DecisionJson => {
  const requirements = list(element, 'informationRequirement');
  const logic = child(element, 'decisionLogic');
  return {
    ...named(element),
    question: text(element, 'question'),
    allowedAnswers: text(element, 'allowedAnswers'),
    variable: variable(element),
    requiredDecisions: requirements.filter((r) => child(r, 'requiredDecision')).map(requirement),
    requiredInputs: requirements.filter((r) => child(r, 'requiredInput')).map(requirement),
    authorityRequirements: list(element, 'authorityRequirement').map((r) => ({
      ...requirement(r),
      requiredAuthority: reference(child(r, 'requiredAuthority')),
    })),
    expression:
      logic?.$type === 'dmn:DecisionTable' ? table(logic) : logic === undefined ? null : literal(logic),
    forceDMN11: false,
  };
};

type ItemJson = Json['itemDefinitions'][number];
const itemDefinition = (element: Element): ItemJson => ({
  ...named(element),
  typeRef: text(element, 'typeRef'),
  typeLanguage: text(element, 'typeLanguage'),
  allowedValues: unaryTests(child(element, 'allowedValues')),
  collection: element.isCollection === true,
  itemComponents: list(element, 'itemComponent').map(itemDefinition),
});

const point = (p: Element) => ({ x: Number(p.x), y: Number(p.y) });

/** Where the file's diagram interchange draws each element, requirement and service divider. */
const locations = (root: Element) => {
  const locationMap: Json['locationMap'] = {};
  const flowLocationMap: Json['flowLocationMap'] = {};
  const decisionServiceDividerLocationMap: Json['decisionServiceDividerLocationMap'] = {};
  for (const diagram of list(child(root, 'dmnDI'), 'diagrams'))
    for (const shape of list(diagram, 'diagramElements')) {
      const ref = text(child(shape, 'dmnElementRef'), 'id');
      if (ref === null) continue;
      const bounds = child(shape, 'bounds');
      if (shape.$type === 'dmndi:DMNShape' && bounds !== undefined) {
        locationMap[ref] = {
          x: Number(bounds.x),
          y: Number(bounds.y),
          width: Number(bounds.width),
          height: Number(bounds.height),
        };
        const divider = child(shape, 'decisionServiceDividerLine');
        if (divider !== undefined)
          decisionServiceDividerLocationMap[ref] = list(divider, 'waypoint').map(point);
      } else if (shape.$type === 'dmndi:DMNEdge') flowLocationMap[ref] = list(shape, 'waypoint').map(point);
    }
  return { locationMap, flowLocationMap, decisionServiceDividerLocationMap };
};

/** The file as JSON; a deployed file was read once already, so a reading failure is a bug. */
export const dmnDefinitionJson = async (xml: string): Promise<Json> => {
  const { root, problems } = await readDmnXml(xml);
  if (root === undefined) throw new Error(`a deployed DMN file no longer reads: ${problems.join('; ')}`);
  const drg = list(root, 'drgElement');
  const ofType = (type: string) => drg.filter((e) => e.$type === type);
  return {
    ...named(root),
    expressionLanguage: text(root, 'expressionLanguage'),
    typeLanguage: text(root, 'typeLanguage'),
    namespace: text(root, 'namespace'),
    exporter: text(root, 'exporter'),
    exporterVersion: text(root, 'exporterVersion'),
    inputData: ofType('dmn:InputData').map((e) => ({ ...named(e), variable: variable(e) })),
    itemDefinitions: list(root, 'itemDefinition').map(itemDefinition),
    decisions: ofType('dmn:Decision').map(decision),
    decisionServices: ofType('dmn:DecisionService').map((e) => ({
      ...named(e),
      variable: variable(e),
      outputDecisions: references(e, 'outputDecision'),
      encapsulatedDecisions: references(e, 'encapsulatedDecision'),
      inputDecisions: references(e, 'inputDecision'),
      inputData: references(e, 'inputData'),
    })),
    ...locations(root),
  };
};
