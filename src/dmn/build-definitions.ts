/**
 * From dmn-moddle's element tree to the executable model, checking everything a deployment
 * must refuse, every problem at once, each naming the decision, the rule, the column and what is
 * wrong (dmn-moddle itself reports duplicate ids): an unknown `typeRef` or hit policy, entries that do not parse, rows of
 * the wrong width, required decisions that are missing or form a cycle.
 */
import { compileInputEntry, compileValue } from './entries.ts';
import {
  child,
  flowableAttribute,
  hrefId,
  list,
  text,
  type BuildContext,
  type Element,
} from './build-context.ts';
import { buildTable } from './build-table.ts';
import { isKnownTypeRef } from './type-refs.ts';
import type { Decision, DecisionService, DmnDefinitions, LiteralExpressionLogic } from './types.ts';

export const buildDefinitions = (root: Element): { definitions?: DmnDefinitions; problems: string[] } => {
  const problems: string[] = [];
  const drg = list(root, 'drgElement');
  const itemDefinitions = new Set(list(root, 'itemDefinition').map((item) => text(item, 'name') ?? ''));
  const names = new Set<string>();
  for (const element of drg) {
    const name = text(child(element, 'variable'), 'name') ?? text(element, 'name');
    if (name !== null) names.add(name);
    for (const output of list(child(element, 'decisionLogic'), 'output')) {
      const outputName = text(output, 'name');
      if (outputName !== null) names.add(outputName);
    }
  }
  const context: BuildContext = {
    problems,
    itemDefinitions,
    names: [...names],
    language: text(root, 'expressionLanguage'),
    checkTypeRef(where, typeRef) {
      if (typeRef === null || typeRef === '') return null;
      if (!isKnownTypeRef(typeRef, itemDefinitions)) problems.push(`${where}: unknown typeRef '${typeRef}'`);
      return typeRef;
    },
    value(where, source, language) {
      const compiled = compileValue(source, language ?? this.language, this.names);
      if (!compiled.ok) problems.push(`${where}: '${source}' does not parse: ${compiled.problem}`);
      return compiled;
    },
    entry(where, source, language) {
      const compiled = compileInputEntry(source, language ?? this.language, this.names);
      if (!compiled.ok) problems.push(`${where}: '${source}' does not parse: ${compiled.problem}`);
      return compiled;
    },
  };
  const decisions = new Map<string, Decision>();
  const services = new Map<string, DecisionService>();
  for (const element of drg) {
    if (element.$type === 'dmn:Decision') {
      const decision = buildDecision(element, context);
      if (decision !== null) decisions.set(decision.id, decision);
    }
  }
  for (const element of drg.filter((e) => e.$type === 'dmn:DecisionService')) {
    const service = buildService(element, decisions, problems);
    services.set(service.id, service);
  }
  for (const decision of decisions.values()) {
    for (const required of decision.requiredDecisions)
      if (!decisions.has(required))
        problems.push(
          `decision '${decision.id}': requires decision '${required}', which the file does not define`,
        );
  }
  checkCycles(decisions, problems);
  if (drg.every((e) => e.$type !== 'dmn:Decision')) problems.push('the file defines no decision');
  if (problems.length > 0) return { problems };
  return {
    definitions: Object.freeze({
      id: text(root, 'id') ?? '',
      name: text(root, 'name'),
      namespace: text(root, 'namespace'),
      decisions,
      services,
    }),
    problems,
  };
};

const buildDecision = (element: Element, context: BuildContext): Decision | null => {
  const id = text(element, 'id') ?? '';
  const name = text(element, 'name');
  const where = `decision '${id}'`;
  if (id === '') {
    context.problems.push(`decision '${name ?? '?'}': has no id`);
    return null;
  }
  const variable = child(element, 'variable');
  const variableName = text(variable, 'name') ?? name ?? id;
  const typeRef = context.checkTypeRef(where, text(variable, 'typeRef'));
  const requiredDecisions = list(element, 'informationRequirement')
    .map((requirement) => child(requirement, 'requiredDecision'))
    .filter((reference): reference is Element => reference !== undefined)
    .map(hrefId);
  const logicElement = child(element, 'decisionLogic');
  if (logicElement === undefined) {
    context.problems.push(`${where}: has no decision table or literal expression`);
    return null;
  }
  let logic: Decision['logic'] | null;
  if (logicElement.$type === 'dmn:DecisionTable')
    logic = buildTable(
      where,
      logicElement,
      variableName,
      context,
      flowableAttribute(element, 'forceDMN11')?.trim().toLowerCase() === 'true',
    );
  else if (logicElement.$type === 'dmn:LiteralExpression') logic = buildLiteral(where, logicElement, context);
  else {
    context.problems.push(
      `${where}: decision logic ${logicElement.$type.replace('dmn:', '')} is not supported`,
    );
    logic = null;
  }
  if (logic === null) return null;
  return Object.freeze({ id, name, variableName, typeRef, logic, requiredDecisions });
};

const buildLiteral = (
  where: string,
  element: Element,
  context: BuildContext,
): LiteralExpressionLogic | null => {
  const source = text(element, 'text') ?? '';
  if (source.trim() === '') {
    context.problems.push(`${where}: the literal expression is empty`);
    return null;
  }
  const compiled = context.value(`${where}, literal expression`, source, text(element, 'expressionLanguage'));
  if (!compiled.ok) return null;
  return Object.freeze({
    kind: 'literalExpression',
    id: text(element, 'id'),
    text: source,
    value: compiled.value,
  });
};

const buildService = (
  element: Element,
  decisions: ReadonlyMap<string, Decision>,
  problems: string[],
): DecisionService => {
  const id = text(element, 'id') ?? '';
  const refs = (property: string): string[] => {
    const ids = list(element, property).map(hrefId);
    for (const ref of ids)
      if (!decisions.has(ref))
        problems.push(`decision service '${id}': ${property} '${ref}' is not a decision of the file`);
    return ids;
  };
  const outputDecisions = refs('outputDecision');
  if (outputDecisions.length === 0) problems.push(`decision service '${id}': has no output decision`);
  return Object.freeze({
    id,
    name: text(element, 'name'),
    outputDecisions,
    encapsulatedDecisions: refs('encapsulatedDecision'),
    inputDecisions: refs('inputDecision'),
  });
};

const checkCycles = (decisions: ReadonlyMap<string, Decision>, problems: string[]): void => {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done' || !decisions.has(id)) return;
    if (state.get(id) === 'visiting') {
      problems.push(`decision '${id}': required decisions form a cycle (${[...trail, id].join(' -> ')})`);
      return;
    }
    state.set(id, 'visiting');
    for (const next of decisions.get(id)?.requiredDecisions ?? []) visit(next, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of decisions.keys()) visit(id, []);
};
