/**
 * How the expression language fails. A syntax error is raised as a WeirError at once, since
 * the parser knows the text and the column. Evaluation helpers (coercion, property access)
 * do not know which expression they serve, so they throw an EvaluationFault; the compiled
 * expression turns it into a WeirError naming its text at one boundary. That keeps the
 * helpers free of an extra argument on the hot path, and lets every other throw (a
 * BpmnError from a bean method) pass through untouched.
 */
import { WeirError } from '../errors.ts';

export class EvaluationFault extends Error {
  readonly reason: string;
  readonly subject: string | undefined;

  constructor(reason: string, subject?: string) {
    super(subject === undefined ? reason : `${reason}: ${subject}`);
    this.name = 'EvaluationFault';
    this.reason = reason;
    this.subject = subject;
  }
}

export const fault = (reason: string, subject?: string): EvaluationFault =>
  new EvaluationFault(reason, subject);

/** Give an EvaluationFault the expression text; leave anything else as it was thrown. */
export const asEvaluationError = (source: string, error: unknown): unknown => {
  if (!(error instanceof EvaluationFault)) return error;
  const subject = error.subject === undefined ? '' : `: ${error.subject}`;
  return new WeirError('WEIR_EXPRESSION_EVALUATION', `${error.reason} in expression '${source}'${subject}`, {
    details: { expression: source, reason: error.reason, subject: error.subject },
  });
};

/** `offset` is 0-based into the whole text; the message reports a 1-based column. */
export const syntaxError = (source: string, offset: number, message: string): WeirError => {
  const column = offset + 1;
  return new WeirError(
    'WEIR_EXPRESSION_SYNTAX',
    `Expression '${source}' does not parse at column ${column}: ${message}`,
    { details: { expression: source, column } },
  );
};

const MAX_QUOTED = 40;

/** A short, safe rendering of a value for an error message; never calls into the value. */
export const describeValue = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value.length > MAX_QUOTED ? `'${value.slice(0, MAX_QUOTED)}...'` : `'${value}'`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'function':
      return 'a function';
    case 'object':
      if (Array.isArray(value)) return 'a list';
      if (value instanceof Map) return 'a map';
      if (value instanceof Date) return 'a date';
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
};
