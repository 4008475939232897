/**
 * The case model's front door: `parseCmmn` reads a `.cmmn` file and returns its frozen case
 * models, or every problem found, each naming the file, element and line.
 */
import { deepFreeze } from '../../model/freeze.ts';
import { scanPositions } from '../../model/positions.ts';
import { collectProblems } from '../../model/problems.ts';
import type { ValidationProblem } from '../../model/types.ts';
import { buildCase } from './build-case.ts';
import { flowableAttributes } from './flowable.ts';
import { readCmmnXml, type CmmnElement } from './read-xml.ts';
import type { CaseDefinitions, CaseModel } from './types.ts';

export type * from './types.ts';

export const isCmmnResource = (name: string): boolean => /\.cmmn(11)?(\.xml)?$/i.test(name);

export interface ParsedCmmn {
  readonly definitions?: CaseDefinitions;
  readonly problems: readonly ValidationProblem[];
}

export const parseCmmn = async (resourceName: string, xml: string): Promise<ParsedCmmn> => {
  const positions = scanPositions(xml);
  const problems = collectProblems(positions, resourceName);
  if (positions.declaration) {
    problems.at(
      positions.declaration,
      `<!${positions.declaration.keyword}> is refused: DOCTYPE and ENTITY declarations are not allowed in CMMN files`,
    );
    return { problems: problems.list() };
  }
  for (const duplicate of positions.duplicateIds)
    problems.at(
      duplicate.position,
      `id '${duplicate.id}' is used twice`,
      duplicate.position.localName,
      duplicate.id,
    );
  const read = await readCmmnXml(xml);
  for (const message of read.problems) problems.at(undefined, message);
  if (!read.root) return { problems: problems.list() };
  const root = read.root;
  const externalRefs = new Map<string, string>();
  for (const list of ['processes', 'decisions', 'cases'])
    for (const el of (root[list] as CmmnElement[] | undefined) ?? []) {
      const external = (el as { externalRef?: unknown }).externalRef;
      if (el.id && typeof external === 'string' && external !== '') externalRefs.set(el.id, external);
    }
  const ctx = {
    flowable: flowableAttributes(root),
    problem: (elementId: string | undefined, message: string) => problems.about(elementId, message),
    externalRefs,
  };
  const cases: CaseModel[] = [];
  for (const caseElement of (root.cases as CmmnElement[] | undefined) ?? []) {
    const built = buildCase(caseElement, ctx);
    if (built) cases.push(built);
  }
  if (cases.length === 0 && problems.list().length === 0)
    problems.at(undefined, 'the file defines no <case>');
  const list = problems.list();
  if (list.length > 0) return { problems: list };
  return {
    definitions: deepFreeze({ cases, targetNamespace: (root.targetNamespace as string | undefined) ?? null }),
    problems: [],
  };
};
