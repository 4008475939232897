/**
 * The parsed shape of one `${...}` body. Nodes are plain objects tagged by `kind`, so the
 * evaluator turns each into a closure once, at compile time, and never looks at source text
 * again. Word operators (`and`, `lt`, `div`...) are already folded into their symbols here.
 */

export type UnaryOperator = '-' | '!' | 'empty';

export type BinaryOperator =
  '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '&&' | '||';

interface LiteralNode {
  readonly kind: 'literal';
  /** a bigint is a Long literal (`5`), a number a Double literal (`5.0`, `1e3`) */
  readonly value: string | number | bigint | boolean | null;
}

/** `variables:get(name)`: one of the functions in `functions.ts`, by namespace and name. */
interface FunctionNode {
  readonly kind: 'function';
  readonly namespace: string;
  readonly name: string;
  readonly args: readonly ExpressionNode[];
}

/** A top-level name, resolved through the context (variables, then beans). */
interface IdentifierNode {
  readonly kind: 'identifier';
  readonly name: string;
}

/** `a.b` */
interface MemberNode {
  readonly kind: 'member';
  readonly object: ExpressionNode;
  readonly name: string;
}

/** `a[b]` */
interface IndexNode {
  readonly kind: 'index';
  readonly object: ExpressionNode;
  readonly index: ExpressionNode;
}

/** `a.b(args)`, or `a['b'](args)` written with a literal name. */
interface CallNode {
  readonly kind: 'call';
  readonly object: ExpressionNode;
  readonly method: string;
  readonly args: readonly ExpressionNode[];
}

export interface UnaryNode {
  readonly kind: 'unary';
  readonly operator: UnaryOperator;
  readonly operand: ExpressionNode;
}

export interface BinaryNode {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

/** `test ? whenTrue : whenFalse` */
interface ConditionalNode {
  readonly kind: 'conditional';
  readonly test: ExpressionNode;
  readonly whenTrue: ExpressionNode;
  readonly whenFalse: ExpressionNode;
}

export type ExpressionNode =
  | LiteralNode
  | IdentifierNode
  | MemberNode
  | IndexNode
  | CallNode
  | FunctionNode
  | UnaryNode
  | BinaryNode
  | ConditionalNode;

/** A text is literal strings and embedded expressions, in source order. */
export type TemplatePart = string | ExpressionNode;
