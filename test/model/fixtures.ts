/** Reading the BPMN fixtures in `test/fixtures/bpmn` through the model's public API. */

import { readFileSync } from 'node:fs';

import { formatProblem, loadBpmn, parseBpmn } from '../../src/model/index.ts';
import type { FlowNode, ParseOptions, ProcessModel } from '../../src/model/index.ts';

export const fixtureXml = (name: string): string =>
  readFileSync(new URL(`../fixtures/bpmn/${name}.bpmn20.xml`, import.meta.url), 'utf8');

export const loadFixture = (name: string, options?: ParseOptions) => loadBpmn(fixtureXml(name), options);

/** the one process of a valid fixture */
export const processOf = async (name: string): Promise<ProcessModel> => {
  const { processes } = await loadFixture(name);
  if (processes.length !== 1) throw new Error(`${name} defines ${processes.length} processes`);
  return processes[0];
};

/** a node of the expected kind, so that tests read its kind-specific fields without casts */
export const nodeOf = <K extends FlowNode['kind']>(
  process: ProcessModel,
  id: string,
  kind: K,
): FlowNode & { readonly kind: K } => {
  const node = process.nodes[id];
  if (node?.kind !== kind) throw new Error(`${id} is ${node?.kind ?? 'missing'}, not ${kind}`);
  return node as FlowNode & { readonly kind: K };
};

/** the formatted problems of an invalid fixture */
export const problemsOf = async (name: string, options?: ParseOptions): Promise<string[]> => {
  const { definitions, problems } = await parseBpmn(fixtureXml(`invalid/${name}`), options);
  if (definitions !== null) throw new Error(`invalid/${name} produced a model despite its problems`);
  return problems.map(formatProblem);
};
