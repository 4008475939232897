/**
 * Flowable's variable functions: `${variables:get(approved)}`, `${vars:getOrDefault(n, 0)}`,
 * `${var:gt(amount, 100)}`... The namespace may be written `variables`, `vars` or `var`. The
 * first argument names a variable: written bare (`approved`) it is the name itself, not read
 * as a variable, so a function never fails on a variable that does not exist; any other
 * expression there is evaluated to the name.
 */
import type { ExpressionNode } from './ast.ts';
import { toText } from './coerce.ts';
import type { Evaluator } from './evaluate.ts';
import { fault } from './faults.ts';
import type { ExpressionContext } from './index.ts';
import { fromHost } from './numbers.ts';
import { compareValues } from './operators.ts';

const NAMESPACES = new Set(['variables', 'vars', 'var']);

/** a variable's value (or undefined when there is none) and the other arguments, evaluated */
type VariableFunction = (variable: unknown, values: readonly unknown[]) => unknown;

interface FunctionSpec {
  readonly min: number;
  readonly max: number;
  readonly run: VariableFunction;
}

const present = (value: unknown): boolean => value !== undefined && value !== null;

/** Flowable's isEmpty: null, an empty string or an empty list; anything else is not empty */
const emptyValue = (value: unknown): boolean => {
  if (!present(value)) return true;
  if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
  return false;
};

const isNumber = (value: unknown): value is number | bigint =>
  typeof value === 'number' || typeof value === 'bigint';

/**
 * Java's `Objects.equals` as Flowable's functions use it: numbers by value whatever their
 * type, everything else without coercion (`'5'` is not `5`), JSON by structure.
 */
const sameValue = (left: unknown, right: unknown): boolean => {
  if (!present(left) || !present(right)) return !present(left) && !present(right);
  if (isNumber(left) && isNumber(right)) return Number(left) === Number(right);
  if (left instanceof Date && right instanceof Date) return left.getTime() === right.getTime();
  if (typeof left === 'object' && typeof right === 'object') return toText(left) === toText(right);
  return left === right;
};

const containsValue = (variable: unknown, value: unknown): boolean => {
  if (typeof variable === 'string') return variable.includes(toText(value));
  if (Array.isArray(variable)) return variable.some((item) => sameValue(item, value));
  return false;
};

const compared =
  (test: (order: number) => boolean): VariableFunction =>
  (variable, [value]) =>
    present(variable) && present(value) && test(compareValues(variable, value));

const equalsFunction: VariableFunction = (variable, [value]) => sameValue(variable, value);

const FUNCTIONS = new Map<string, FunctionSpec>();
const define = (names: string[], min: number, max: number, run: VariableFunction): void => {
  for (const name of names) FUNCTIONS.set(name, { min, max, run });
};

define(['get'], 1, 1, (variable) => (present(variable) ? variable : null));
define(['getOrDefault'], 2, 2, (variable, [fallback]) => (present(variable) ? variable : fallback));
define(['exists'], 1, 1, (variable) => variable !== undefined);
define(['isEmpty', 'empty'], 1, 1, emptyValue);
define(['isNotEmpty', 'notEmpty'], 1, 1, (variable) => !emptyValue(variable));
define(['equals', 'eq'], 2, 2, equalsFunction);
define(['notEquals', 'ne'], 2, 2, (variable, values) => !equalsFunction(variable, values));
define(['contains'], 2, Infinity, (variable, values) =>
  present(variable) ? values.every((value) => containsValue(variable, value)) : false,
);
define(['containsAny'], 2, Infinity, (variable, values) =>
  present(variable) ? values.some((value) => containsValue(variable, value)) : false,
);
define(
  ['lowerThan', 'lessThan', 'lt'],
  2,
  2,
  compared((order) => order < 0),
);
define(
  ['lowerThanOrEquals', 'lessThanOrEquals', 'lte'],
  2,
  2,
  compared((order) => order <= 0),
);
define(
  ['greaterThan', 'gt'],
  2,
  2,
  compared((order) => order > 0),
);
define(
  ['greaterThanOrEquals', 'gte'],
  2,
  2,
  compared((order) => order >= 0),
);
define(['base64'], 1, 1, (variable) => {
  if (!present(variable)) return null;
  if (typeof variable !== 'string') throw fault('base64 needs a string variable');
  return Buffer.from(variable, 'utf8').toString('base64');
});

export const isKnownFunction = (namespace: string, name: string): boolean =>
  NAMESPACES.has(namespace) && FUNCTIONS.has(name);

export const functionArity = (namespace: string, name: string): { min: number; max: number } => {
  const spec = NAMESPACES.has(namespace) ? FUNCTIONS.get(name) : undefined;
  return spec ?? { min: 0, max: 0 };
};

export const compileFunction = (
  name: string,
  args: readonly ExpressionNode[],
  compileNode: (node: ExpressionNode) => Evaluator,
): Evaluator => {
  const spec = FUNCTIONS.get(name);
  if (spec === undefined) throw fault('Unknown function', name);
  const [first, ...rest] = args;
  const variableName: Evaluator =
    first.kind === 'identifier'
      ? () => first.name
      : (() => {
          const evaluate = compileNode(first);
          return (context: ExpressionContext) => toText(evaluate(context));
        })();
  const values = rest.map(compileNode);
  return (context) => {
    const resolved = context.resolve(variableName(context) as string);
    const variable = resolved.found ? fromHost(resolved.value, resolved.type) : undefined;
    return spec.run(
      variable,
      values.map((value) => value(context)),
    );
  };
};
