/**
 * Turns an AST into a tree of closures, once per expression text. Evaluating is then a
 * walk of plain function calls with no dispatch on node kinds, no source text and no
 * allocation beyond method-call arguments, which matters because gateways evaluate their
 * conditions on every token that passes.
 */
import { callMethod, isForbiddenName, readProperty, typedCallOf } from './access.ts';
import type { BinaryNode, ExpressionNode, UnaryNode } from './ast.ts';
import { toBoolean } from './coerce.ts';
import { fault } from './faults.ts';
import { compileFunction } from './functions.ts';
import type { ExpressionContext } from './index.ts';
import { fromHost, javaNumberType, toHost, toHostArguments } from './numbers.ts';
import {
  add,
  compareValues,
  divide,
  isEmpty,
  looselyEquals,
  multiply,
  negate,
  remainder,
  subtract,
} from './operators.ts';

export type Evaluator = (context: ExpressionContext) => unknown;

const NO_VALUES: readonly unknown[] = Object.freeze([]);

export const compileNode = (node: ExpressionNode): Evaluator => {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'identifier':
      return compileIdentifier(node.name);
    case 'member': {
      const object = compileNode(node.object);
      const name = node.name;
      return (context) => fromHost(readProperty(object(context), name));
    }
    case 'index': {
      const object = compileNode(node.object);
      const index = compileNode(node.index);
      return (context) => {
        const target = object(context);
        return target === null || target === undefined
          ? null
          : fromHost(readProperty(target, toHost(index(context))));
      };
    }
    case 'call': {
      const object = compileNode(node.object);
      const method = node.method;
      const args = node.args.map(compileNode);
      const computed = node.args.map(isComputed);
      if (args.length === 0) return (context) => fromHost(callMethod(object(context), method, NO_VALUES));
      return (context) => {
        const target = object(context);
        const values = new Array<unknown>(args.length);
        for (let index = 0; index < args.length; index++) values[index] = args[index](context);
        // a method that stores what it is given (`execution.setVariable`) hears JUEL's number types
        const typed = typedCallOf(target, method);
        if (typed !== undefined) {
          const types = values.map((value, index) => javaNumberType(value, computed[index]));
          return fromHost(typed(toHostArguments(values), types));
        }
        return fromHost(callMethod(target, method, toHostArguments(values)));
      };
    }
    case 'function':
      return compileFunction(node.name, node.args, compileNode);
    case 'unary':
      return compileUnary(node);
    case 'binary':
      return compileBinary(node);
    case 'conditional': {
      const test = compileNode(node.test);
      const whenTrue = compileNode(node.whenTrue);
      const whenFalse = compileNode(node.whenFalse);
      return (context) => (toBoolean(test(context)) ? whenTrue(context) : whenFalse(context));
    }
  }
};

const compileIdentifier = (name: string): Evaluator => {
  if (isForbiddenName(name)) {
    return () => {
      throw fault('Forbidden property used', name);
    };
  }
  // A top-level value is whatever the context chose to hand out, functions included: the
  // engine resolves `${myDelegate}` to a registered delegate function. Such a value can
  // still not be called, rendered as text or read into from here.
  return (context) => {
    const resolved = context.resolve(name);
    if (!resolved.found) throw fault('Unknown property used', name);
    return resolved.value === undefined ? null : fromHost(resolved.value, resolved.type);
  };
};

const compileUnary = (node: UnaryNode): Evaluator => {
  const operand = compileNode(node.operand);
  switch (node.operator) {
    case '-':
      return (context) => negate(operand(context));
    case '!':
      return (context) => !toBoolean(operand(context));
    case 'empty':
      return (context) => isEmpty(operand(context));
  }
};

const compileBinary = (node: BinaryNode): Evaluator => {
  const left = compileNode(node.left);
  const right = compileNode(node.right);
  switch (node.operator) {
    case '&&':
      return (context) => toBoolean(left(context)) && toBoolean(right(context));
    case '||':
      return (context) => toBoolean(left(context)) || toBoolean(right(context));
    case '+':
      return (context) => add(left(context), right(context));
    case '-':
      return (context) => subtract(left(context), right(context));
    case '*':
      return (context) => multiply(left(context), right(context));
    case '/':
      return (context) => divide(left(context), right(context));
    case '%':
      return (context) => remainder(left(context), right(context));
    case '==':
      return (context) => looselyEquals(left(context), right(context));
    case '!=':
      return (context) => !looselyEquals(left(context), right(context));
    case '<':
      return (context) => compareValues(left(context), right(context)) < 0;
    case '>':
      return (context) => compareValues(left(context), right(context)) > 0;
    case '<=':
      return (context) => compareValues(left(context), right(context)) <= 0;
    case '>=':
      return (context) => compareValues(left(context), right(context)) >= 0;
  }
};

/**
 * Whether a result is made by an operator or a literal rather than read as is: only a made
 * whole number is a Long; `${count}` keeps the type its variable had (integer or long).
 */
export const isComputed = (node: ExpressionNode): boolean => {
  switch (node.kind) {
    case 'literal':
    case 'unary':
    case 'binary':
      return true;
    case 'conditional':
      return isComputed(node.whenTrue) && isComputed(node.whenFalse);
    default:
      return false;
  }
};
