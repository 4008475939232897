/**
 * The DMN engine: `parseDmn` reads a `.dmn` file (DMN 1.1, 1.2 or 1.3) into executable
 * definitions or the list of its problems; `evaluateDecision` and `evaluateService` run them.
 * Decisions are pure functions of their inputs: nothing here touches the database.
 */
import { buildDefinitions } from './build-definitions.ts';
import { readDmnXml } from './read-xml.ts';
import type { DmnDefinitions } from './types.ts';

export type { DecisionAudit, RuleAudit } from './audit.ts';
export { dmnValue, evaluateDecision, evaluateService, executeDecision } from './evaluate.ts';
export type { DecisionOutcome, ServiceOutcome } from './evaluate.ts';
export type { Decision, DecisionService, DecisionTable, DmnDefinitions, HitPolicy } from './types.ts';

export type DmnParse =
  { definitions: DmnDefinitions; problems: [] } | { definitions?: undefined; problems: string[] };

/** Whether a deployment resource is a DMN file, by name as Flowable decides it. */
export const isDmnResource = (name: string): boolean => name.endsWith('.dmn') || name.endsWith('.dmn.xml');

/** Read and check one DMN file; every problem names the resource first. */
export const parseDmn = async (resourceName: string, xml: string): Promise<DmnParse> => {
  const read = await readDmnXml(xml);
  const built = read.root === undefined ? { problems: [] } : buildDefinitions(read.root);
  const problems = [...read.problems, ...built.problems];
  if (problems.length > 0 || built.definitions === undefined)
    return { problems: problems.map((p) => `${resourceName}: ${p}`) };
  return { definitions: built.definitions, problems: [] };
};
