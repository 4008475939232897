/**
 * BPMN 2.0 XML (Flowable dialect) -> the frozen executable model, with every problem found at
 * deployment named by element and line.
 */

import { WeirError } from '../errors.ts';
import { buildDefinitions } from './build-definitions.ts';
import { expressionChecker } from './expressions.ts';
import { deepFreeze } from './freeze.ts';
import { readXml } from './parse.ts';
import { scanPositions } from './positions.ts';
import { collectProblems, formatProblem } from './problems.ts';
import type { BpmnDefinitions, ValidationProblem } from './types.ts';

export type * from './types.ts';
export { isActivity } from './types.ts';
export { formatProblem };
export { FLOWABLE_NAMESPACE, ACTIVITI_NAMESPACE } from './descriptor.ts';

export interface ParseOptions {
  /** the deployment resource the XML came from, named in every problem */
  resourceName?: string;
  /** when given, `flowable:class` must name one of these registered delegates */
  delegateNames?: ReadonlySet<string>;
}

export interface ParseResult {
  /** null unless the resource is free of problems */
  definitions: BpmnDefinitions | null;
  /** every problem found, in document order */
  problems: ValidationProblem[];
}

export async function parseBpmn(xml: string, options: ParseOptions = {}): Promise<ParseResult> {
  const positions = scanPositions(xml);
  const problems = collectProblems(positions, options.resourceName);
  for (const { id, position } of positions.duplicateIds) {
    const first = positions.byId.get(id);
    problems.at(position, `duplicate id '${id}' (first used on line ${first?.line})`, position.localName, id);
  }
  const parsed = await readXml(xml, positions, problems);
  const definitions =
    parsed &&
    buildDefinitions({
      parsed,
      positions,
      problems,
      checkExpression: expressionChecker(problems),
      delegateNames: options.delegateNames,
    });
  const list = problems.list();
  return { definitions: list.length === 0 && definitions ? deepFreeze(definitions) : null, problems: list };
}

/** Like parseBpmn, for callers that deploy: any problem throws WEIR_DEPLOYMENT_INVALID listing them all. */
export async function loadBpmn(xml: string, options: ParseOptions = {}): Promise<BpmnDefinitions> {
  const { definitions, problems } = await parseBpmn(xml, options);
  if (definitions === null || problems.length > 0) {
    throw new WeirError('WEIR_DEPLOYMENT_INVALID', problems.map(formatProblem).join('\n'), {
      details: problems,
    });
  }
  return definitions;
}
