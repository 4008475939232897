/**
 * Parses the body of one `${...}` into an AST, by precedence climbing over JUEL's levels
 * (lowest first): `?:`, `|| or`, `&& and`, `== != eq ne`, `< > <= >= lt gt le ge`, `+ -`,
 * `* / div % mod`, unary `- ! not empty`, then `.name`, `[index]` and `.method(args)`.
 * Keywords are reserved in operand position but may still name a property after a dot.
 */
import type { BinaryOperator, ExpressionNode, UnaryOperator } from './ast.ts';
import { syntaxError } from './faults.ts';
import { functionArity, isKnownFunction } from './functions.ts';
import { readToken } from './tokenizer.ts';
import type { Token } from './tokenizer.ts';

/**
 * Deepest nesting, in parser recursion and in AST depth, that an expression may reach. It
 * bounds the stack the parser and the evaluator's closures use, so that a hostile or
 * generated expression fails as a syntax error instead of overflowing the stack.
 */
const MAX_NESTING = 500;

const BINARY_POWER = new Map<string, number>([
  ['||', 1],
  ['&&', 2],
  ['==', 3],
  ['!=', 3],
  ['<', 4],
  ['>', 4],
  ['<=', 4],
  ['>=', 4],
  ['+', 5],
  ['-', 5],
  ['*', 6],
  ['/', 6],
  ['%', 6],
]);

const WORD_OPERATORS = new Map<string, BinaryOperator>([
  ['or', '||'],
  ['and', '&&'],
  ['eq', '=='],
  ['ne', '!='],
  ['lt', '<'],
  ['gt', '>'],
  ['le', '<='],
  ['ge', '>='],
  ['div', '/'],
  ['mod', '%'],
]);

const UNARY_OPERATORS = new Map<string, UnaryOperator>([
  ['-', '-'],
  ['!', '!'],
  ['not', '!'],
  ['empty', 'empty'],
]);

const LITERAL_WORDS = new Map<string, boolean | null>([
  ['true', true],
  ['false', false],
  ['null', null],
]);

const NO_ARGUMENTS: readonly ExpressionNode[] = Object.freeze([]);

/**
 * Parse the expression whose body starts at `start` (just after `${`) and ends with `}`.
 * Returns the node and the offset just after the closing `}`.
 */
export const parseEmbedded = (source: string, start: number): { node: ExpressionNode; end: number } => {
  const parser = new Parser(source, start);
  const node = parser.parseExpression();
  return { node, end: parser.closingBrace() };
};

class Parser {
  private readonly source: string;
  private token: Token;
  private nesting = 0;
  /** AST depth of each node built so far; kept aside so the nodes stay plain. */
  private readonly depths = new WeakMap<ExpressionNode, number>();

  constructor(source: string, start: number) {
    this.source = source;
    this.token = readToken(source, start);
  }

  parseExpression(): ExpressionNode {
    this.enter();
    const test = this.parseBinary(1);
    let node = test;
    if (this.isPunctuator('?')) {
      this.advance();
      const whenTrue = this.parseExpression();
      this.expect(':');
      const whenFalse = this.parseExpression();
      node = this.track({ kind: 'conditional', test, whenTrue, whenFalse }, test, whenTrue, whenFalse);
    }
    this.nesting--;
    return node;
  }

  /**
   * Check for the `}` that ends the expression and return the offset after it, without
   * reading on: what follows is literal text, not tokens.
   */
  closingBrace(): number {
    this.checkPunctuator('}');
    return this.token.end;
  }

  private expect(punctuator: string): void {
    this.checkPunctuator(punctuator);
    this.advance();
  }

  private checkPunctuator(punctuator: string): void {
    if (this.isPunctuator(punctuator)) return;
    const found = this.token.kind === 'end' ? 'the text ended' : `found '${this.tokenSource()}'`;
    this.fail(`expected '${punctuator}' but ${found}`);
  }

  private parseBinary(minPower: number): ExpressionNode {
    let left = this.parseUnary();
    for (;;) {
      const operator = this.binaryOperator();
      const power = operator === undefined ? undefined : BINARY_POWER.get(operator);
      if (operator === undefined || power === undefined || power < minPower) return left;
      this.advance();
      const right = this.parseBinary(power + 1);
      left = this.track({ kind: 'binary', operator, left, right }, left, right);
    }
  }

  private parseUnary(): ExpressionNode {
    const token = this.token;
    const operator =
      token.kind === 'punctuator' || token.kind === 'name' ? UNARY_OPERATORS.get(token.text) : undefined;
    if (operator === undefined) return this.parsePostfix(this.parsePrimary());
    this.advance();
    this.enter();
    const operand = this.parseUnary();
    this.nesting--;
    return this.track({ kind: 'unary', operator, operand }, operand);
  }

  private parsePrimary(): ExpressionNode {
    const token = this.token;
    switch (token.kind) {
      case 'number':
        this.advance();
        // JUEL: an integer literal is a Long, one with a point or an exponent a Double
        return { kind: 'literal', value: /[.eE]/.test(token.text) ? token.number : BigInt(token.text) };
      case 'string':
        this.advance();
        return { kind: 'literal', value: token.text };
      case 'name': {
        const literal = LITERAL_WORDS.get(token.text);
        if (literal !== undefined) {
          this.advance();
          return { kind: 'literal', value: literal };
        }
        if (token.text === 'instanceof') this.fail("'instanceof' is not supported");
        if (WORD_OPERATORS.has(token.text)) this.fail('expected an operand');
        const call = this.functionAhead();
        if (call !== undefined) return call;
        this.advance();
        return { kind: 'identifier', name: token.text };
      }
      case 'punctuator':
        if (token.text === '(') {
          this.advance();
          const inner = this.parseExpression();
          this.expect(')');
          return inner;
        }
        return this.fail('expected an operand');
      default:
        return this.fail('expected an operand');
    }
  }

  private parsePostfix(start: ExpressionNode): ExpressionNode {
    let node = start;
    for (;;) {
      if (this.isPunctuator('.')) {
        this.advance();
        if (this.token.kind !== 'name') this.fail('expected a property name');
        const name = this.advance().text;
        if (this.isPunctuator('(')) {
          const args = this.parseArguments();
          node = this.track({ kind: 'call', object: node, method: name, args }, node, ...args);
        } else {
          node = this.track({ kind: 'member', object: node, name }, node);
        }
      } else if (this.isPunctuator('[')) {
        this.advance();
        const index = this.parseExpression();
        this.expect(']');
        if (this.isPunctuator('(')) {
          if (index.kind !== 'literal' || typeof index.value !== 'string') {
            this.fail("a method name must be written out, as in a.method() or a['method']()");
          }
          const args = this.parseArguments();
          node = this.track({ kind: 'call', object: node, method: index.value, args }, node, ...args);
        } else {
          node = this.track({ kind: 'index', object: node, index }, node, index);
        }
      } else if (this.isPunctuator('(')) {
        this.fail('only a method of an object can be called, as in bean.method()');
      } else {
        return node;
      }
    }
  }

  /**
   * `ns:name(` starts a function call, as in JUEL. The name after the colon may be a keyword
   * (`variables:eq`, `vars:lt`), and only known functions parse, so a typo is refused at
   * deployment rather than at the first instance that gets there.
   */
  private functionAhead(): ExpressionNode | undefined {
    const namespace = this.token;
    const colon = readToken(this.source, namespace.end);
    if (colon.kind !== 'punctuator' || colon.text !== ':') return undefined;
    const name = readToken(this.source, colon.end);
    if (name.kind !== 'name') return undefined;
    const open = readToken(this.source, name.end);
    if (open.kind !== 'punctuator' || open.text !== '(') return undefined;
    const qualified = `${namespace.text}:${name.text}`;
    if (!isKnownFunction(namespace.text, name.text)) {
      this.fail(`unknown function '${qualified}'`);
    }
    this.token = open;
    const args = this.parseArguments();
    const arity = functionArity(namespace.text, name.text);
    if (args.length < arity.min || args.length > arity.max) {
      throw syntaxError(
        this.source,
        namespace.start,
        `function '${qualified}' takes ${arity.max === Infinity ? `at least ${arity.min}` : arity.min === arity.max ? arity.min : `${arity.min} to ${arity.max}`} argument(s), got ${args.length}`,
      );
    }
    const node: ExpressionNode = { kind: 'function', namespace: namespace.text, name: name.text, args };
    return this.track(node, ...args);
  }

  private parseArguments(): readonly ExpressionNode[] {
    this.advance();
    if (this.isPunctuator(')')) {
      this.advance();
      return NO_ARGUMENTS;
    }
    const args: ExpressionNode[] = [];
    for (;;) {
      args.push(this.parseExpression());
      if (!this.isPunctuator(',')) break;
      this.advance();
    }
    this.expect(')');
    return args;
  }

  private binaryOperator(): BinaryOperator | undefined {
    const token = this.token;
    if (token.kind === 'name') return WORD_OPERATORS.get(token.text);
    if (token.kind === 'punctuator' && BINARY_POWER.has(token.text)) return token.text as BinaryOperator;
    return undefined;
  }

  private isPunctuator(text: string): boolean {
    return this.token.kind === 'punctuator' && this.token.text === text;
  }

  private advance(): Token {
    const token = this.token;
    this.token = readToken(this.source, token.end);
    return token;
  }

  private enter(): void {
    this.nesting++;
    if (this.nesting > MAX_NESTING) this.fail('expression is nested too deeply');
  }

  private track<T extends ExpressionNode>(node: T, ...children: ExpressionNode[]): T {
    let depth = 0;
    for (const child of children) depth = Math.max(depth, this.depths.get(child) ?? 1);
    if (depth + 1 > MAX_NESTING) this.fail('expression is nested too deeply');
    this.depths.set(node, depth + 1);
    return node;
  }

  private tokenSource(): string {
    return this.source.slice(this.token.start, this.token.end);
  }

  private fail(message: string): never {
    throw syntaxError(this.source, this.token.start, message);
  }
}
