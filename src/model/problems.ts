/**
 * Collecting deployment problems. Validation never stops at the first problem: a modeller fixing
 * a file wants the whole list at once, each with the element and line it is about.
 */

import { dropUndefined } from './elements.ts';
import type { PositionIndex } from './positions.ts';
import type { Position, ValidationProblem } from './types.ts';

export interface Problems {
  /** a problem about the element with this id; its type and position come from the XML */
  readonly about: (elementId: string | undefined, message: string, elementType?: string) => void;
  /** a problem about a place in the text, when looking the element up by id would not find it */
  readonly at: (
    position: Position | undefined,
    message: string,
    elementType?: string,
    elementId?: string,
  ) => void;
  readonly list: () => ValidationProblem[];
}

export const collectProblems = (positions: PositionIndex, resource: string | undefined): Problems => {
  const problems: ValidationProblem[] = [];
  const push = (problem: ValidationProblem): void => {
    problems.push(resource === undefined ? problem : { resource, ...problem });
  };
  return {
    about: (elementId, message, elementType) => {
      const position = elementId === undefined ? undefined : positions.byId.get(elementId);
      push({
        elementId,
        elementType: elementType ?? position?.localName,
        line: position?.line,
        column: position?.column,
        message,
      });
    },
    at: (position, message, elementType, elementId) => {
      push({ elementId, elementType, line: position?.line, column: position?.column, message });
    },
    // in document order, so the list reads top to bottom like the file
    list: () =>
      problems
        .map((problem, index) => ({ problem, index }))
        .sort(
          (a, b) =>
            (a.problem.line ?? 0) - (b.problem.line ?? 0) ||
            (a.problem.column ?? 0) - (b.problem.column ?? 0) ||
            a.index - b.index,
        )
        .map(({ problem }) => dropUndefined(problem)),
  };
};

/**
 * One line per problem: `exclusiveGateway 'gw1' (line 14): outgoing sequence flow 'f3' has no
 * condition and is not the default flow`. With a resource name: `(invoice.bpmn20.xml, line 14)`.
 */
export const formatProblem = (problem: ValidationProblem): string => {
  const subject = [
    problem.elementType,
    problem.elementId === undefined ? undefined : `'${problem.elementId}'`,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
  const where = [problem.resource, problem.line === undefined ? undefined : `line ${problem.line}`]
    .filter((part) => part !== undefined)
    .join(', ');
  if (subject && where) return `${subject} (${where}): ${problem.message}`;
  if (subject || where) return `${subject || where}: ${problem.message}`;
  return problem.message;
};

/** `an error`, `a message`: for messages naming BPMN event and definition types */
export const withArticle = (word: string): string => `${/^<?[aeio]/i.test(word) ? 'an' : 'a'} ${word}`;
