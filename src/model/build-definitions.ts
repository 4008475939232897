/**
 * `<definitions>` -> BpmnDefinitions: the root declarations and every executable process, built
 * and validated.
 *
 * Like Flowable, a process is executable unless it says `isExecutable="false"`. Non-executable
 * processes (often a documentation-only pool of a collaboration diagram) are neither built nor
 * validated, and collaboration content (participants, message flows) is ignored.
 */

import type { ModdleElement } from 'bpmn-moddle';

import { buildProcess } from './build-process.ts';
import type { BuildContext } from './context.ts';
import { bool, children, dropUndefined, localType, text } from './elements.ts';
import { readDeclarations } from './events.ts';
import type { ExpressionCheck } from './expressions.ts';
import type { ParsedXml } from './parse.ts';
import type { ElementPosition, PositionIndex } from './positions.ts';
import type { Problems } from './problems.ts';
import type { BpmnDefinitions } from './types.ts';
import { validateProcess } from './validate.ts';

export interface DefinitionsInput {
  readonly parsed: ParsedXml;
  readonly positions: PositionIndex;
  readonly problems: Problems;
  readonly checkExpression: ExpressionCheck;
  readonly delegateNames?: ReadonlySet<string>;
}

export const buildDefinitions = (input: DefinitionsInput): BpmnDefinitions => {
  const { parsed, positions, problems } = input;
  const roots = children(parsed.definitions, 'rootElements');
  const declared = new Map<string, ModdleElement>();
  for (const root of roots) {
    const id = text(root, 'id');
    if (id !== undefined) declared.set(id, root);
  }
  const generated = new Map<string, number>();
  const ctx: BuildContext = {
    problems,
    checkExpression: input.checkExpression,
    refOf: parsed.refOf,
    declared,
    delegateNames: input.delegateNames,
    positionOf: (id) => {
      const position = positions.byId.get(id);
      return { line: position?.line ?? 0, column: position?.column ?? 0 };
    },
    generatedId: (element, containerId) => {
      const type = localType(element);
      let id: string;
      do {
        const count = (generated.get(type) ?? 0) + 1;
        generated.set(type, count);
        // Flowable's own generated names read `sequenceFlow-<uuid>`; a counter keeps them stable
        id = `${type}-${count}`;
      } while (positions.byId.has(id));
      const container = positions.byId.get(containerId);
      // registered so that a problem about the element names its container's line
      if (container)
        (positions.byId as Map<string, ElementPosition>).set(id, { ...container, localName: type });
      return id;
    },
  };

  const executable = roots.filter(
    (root) => root.$type === 'bpmn:Process' && bool(root, 'isExecutable') !== false,
  );
  if (executable.length === 0) {
    problems.at(positions.root, 'no executable process', 'definitions', text(parsed.definitions, 'id'));
  }
  const processes = executable.flatMap((process) => {
    const id = text(process, 'id');
    if (id === undefined) {
      problems.at(positions.root, 'a process needs an id', 'process');
      return [];
    }
    const model = buildProcess(process, id, ctx);
    validateProcess(model, problems);
    return [model];
  });

  return dropUndefined({
    targetNamespace: text(parsed.definitions, 'targetNamespace'),
    processes,
    ...readDeclarations(roots, problems),
  });
};
