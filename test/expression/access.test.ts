import { describe, expect, it } from 'vitest';
import { BpmnError } from '../../src/engine/bpmn-error.ts';
import { exposedMethods } from '../../src/expression/index.ts';
import { contextOf, evaluate, failureOf } from './context.ts';
import { compileExpression } from '../../src/expression/index.ts';

describe('properties', () => {
  const order = { customer: { name: 'Ann', tier: null }, lines: [{ sku: 'A1' }, { sku: 'B2' }] };

  it('dots and brackets read nested properties of plain objects', () => {
    expect(evaluate('${order.customer.name}', { order })).toBe('Ann');
    expect(evaluate("${order['customer']['name']}", { order })).toBe('Ann');
    expect(evaluate('${order[key].name}', { order, key: 'customer' })).toBe('Ann');
  });

  it('a property missing from a plain object reads as null', () => {
    expect(evaluate('${order.discount}', { order })).toBe(null);
  });

  it('reading through null gives null', () => {
    expect(evaluate('${order.customer.tier.label}', { order })).toBe(null);
    expect(evaluate('${order[missingKey]}', { order, missingKey: null })).toBe(null);
  });

  it('objects without a prototype are readable too', () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(evaluate('${bare.a}', { bare })).toBe(1);
  });

  it('a keyword may name a property after a dot', () => {
    expect(evaluate('${o.empty + o.div}', { o: { empty: 1, div: 2 } })).toBe(3);
  });

  it('inherited and non-enumerable properties read as null', () => {
    const hidden = Object.defineProperty({}, 'secret', { value: 's', enumerable: false });
    expect(evaluate('${o.toString}', { o: {} })).toBe(null);
    expect(evaluate('${o.secret}', { o: hidden })).toBe(null);
  });
});

describe('lists', () => {
  const list = ['a', 'b', 'c'];

  it('an index reads an element, and out of range reads null', () => {
    expect(evaluate('${list[0]}', { list })).toBe('a');
    expect(evaluate("${list['2']}", { list })).toBe('c');
    expect(evaluate('${list[3]}', { list })).toBe(null);
    expect(evaluate('${list[-1]}', { list })).toBe(null);
  });

  it('length and size are properties of a list', () => {
    expect(evaluate('${list.length}', { list })).toBe(3);
    expect(evaluate('${list.size}', { list })).toBe(3);
  });

  it('size, isEmpty, contains and get are callable on a list', () => {
    expect(evaluate('${list.size()}', { list })).toBe(3);
    expect(evaluate('${list.isEmpty()}', { list })).toBe(false);
    expect(evaluate("${list.contains('b')}", { list })).toBe(true);
    expect(evaluate("${list.contains('z')}", { list })).toBe(false);
    expect(evaluate('${list.get(1)}', { list })).toBe('b');
  });

  it('get outside the list is an error, as in Java', () => {
    expect(failureOf('${list.get(5)}', { list }).message).toBe(
      "Index out of range in expression '${list.get(5)}': get(5) of a list of size 3",
    );
  });

  it('a non-numeric index on a list is an error', () => {
    expect(failureOf("${list['first']}", { list }).message).toBe(
      "Property not readable on a list in expression '${list['first']}': first",
    );
  });

  it('other array methods are not callable', () => {
    expect(failureOf("${list.join(',')}", { list }).message).toBe(
      "Method not available on a list in expression '${list.join(',')}': join",
    );
  });
});

describe('maps', () => {
  const map = new Map<unknown, unknown>([
    ['colour', 'red'],
    [1, 'one'],
  ]);

  it('dots and brackets read map entries, and a missing key reads null', () => {
    expect(evaluate('${map.colour}', { map })).toBe('red');
    expect(evaluate("${map['colour']}", { map })).toBe('red');
    expect(evaluate('${map[1]}', { map })).toBe('one');
    expect(evaluate('${map.size}', { map })).toBe(null);
  });

  it('size, isEmpty, contains, containsKey and get are callable on a map', () => {
    expect(evaluate('${map.size()}', { map })).toBe(2);
    expect(evaluate('${map.isEmpty()}', { map })).toBe(false);
    expect(evaluate("${map.contains('colour')}", { map })).toBe(true);
    expect(evaluate("${map.containsKey('shape')}", { map })).toBe(false);
    expect(evaluate("${map.get('colour')}", { map })).toBe('red');
  });
});

describe('strings', () => {
  it('length is a property and a method of a string', () => {
    expect(evaluate('${s.length}', { s: 'abc' })).toBe(3);
    expect(evaluate('${s.length()}', { s: 'abc' })).toBe(3);
  });

  it.each([
    ['${s.toUpperCase()}', 'HELLO WORLD '],
    ['${s.toLowerCase()}', 'hello world '],
    ['${s.trim()}', 'Hello World'],
    ["${s.startsWith('Hell')}", true],
    ["${s.endsWith('x')}", false],
    ["${s.contains('o W')}", true],
    ["${s.indexOf('o')}", 4],
    ["${s.indexOf('o', 5)}", 7],
    ['${s.substring(6)}', 'World '],
    ['${s.substring(0, 5)}', 'Hello'],
    ['${s.isEmpty()}', false],
    ["${s.equals('Hello World ')}", true],
    ["${s.equalsIgnoreCase('hello world ')}", true],
    ['${s.equalsIgnoreCase(null)}', false],
  ])('%s gives %s', (text, expected) => {
    expect(evaluate(text, { s: 'Hello World ' })).toBe(expected);
  });

  it('string methods work on literals and on results of other methods', () => {
    expect(evaluate("${'  x '.trim().toUpperCase()}")).toBe('X');
  });

  it('substring outside the string is an error, as in Java', () => {
    expect(failureOf('${s.substring(2, 9)}', { s: 'abc' }).message).toBe(
      "Index out of range in expression '${s.substring(2, 9)}': substring(2, 9) of a string of length 3",
    );
  });

  it('a method called with the wrong number of arguments is an error', () => {
    expect(failureOf("${s.trim('x')}", { s: 'abc' }).message).toBe(
      "Method takes 0 argument(s), got 1 in expression '${s.trim('x')}': trim",
    );
  });

  it('string methods outside the list are not callable', () => {
    expect(failureOf("${s.replace('a', 'b')}", { s: 'abc' }).message).toBe(
      "Method not available on a string in expression '${s.replace('a', 'b')}': replace",
    );
  });
});

describe('beans', () => {
  const makeBean = () => ({
    [exposedMethods]: new Set(['approve', 'getStatus', 'isUrgent', 'fail', 'getVariable']),
    calls: [] as unknown[],
    approve(amount: number, who: string) {
      this.calls.push([amount, who]);
      return amount > 100 ? 'review' : 'approved';
    },
    getStatus: () => 'open',
    isUrgent: () => true,
    fail: () => {
      throw new BpmnError('CREDIT_REJECTED');
    },
    getVariable: (name: string) => `value of ${name}`,
    secret: () => 'must not be reachable',
  });

  it('an exposed method is called with the evaluated arguments and the bean as this', () => {
    const bean = makeBean();
    expect(evaluate("${bean.approve(amount * 2, 'ann')}", { bean, amount: 60 })).toBe('review');
    expect(bean.calls).toEqual([[120, 'ann']]);
  });

  it('an exposed method may be named in brackets', () => {
    expect(evaluate("${bean['getVariable']('x')}", { bean: makeBean() })).toBe('value of x');
  });

  it('a property of a bean reads through its exposed getter', () => {
    expect(evaluate('${bean.status}', { bean: makeBean() })).toBe('open');
    expect(evaluate('${bean.urgent}', { bean: makeBean() })).toBe(true);
  });

  it('a bean that is a class instance is callable through its exposed methods', () => {
    class Facade {
      readonly [exposedMethods] = new Set(['getId']);
      getId(): string {
        return 'proc-1';
      }
    }
    expect(evaluate('${execution.getId()}', { execution: new Facade() })).toBe('proc-1');
    expect(evaluate('${execution.id}', { execution: new Facade() })).toBe('proc-1');
  });

  it('a method not exposed by a bean is refused', () => {
    const error = failureOf('${bean.secret()}', { bean: makeBean() });
    expect(error.code).toBe('WEIR_EXPRESSION_EVALUATION');
    expect(error.message).toBe("Method not exposed by the object in expression '${bean.secret()}': secret");
  });

  it('an error thrown by an exposed method passes through unchanged', () => {
    const compiled = compileExpression('${bean.fail()}');
    let thrown: unknown;
    try {
      compiled.evaluate(contextOf({ bean: makeBean() }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BpmnError);
    expect((thrown as BpmnError).errorCode).toBe('CREDIT_REJECTED');
  });

  it('calling a method on null is an error', () => {
    expect(failureOf('${bean.approve(1)}', { bean: null }).message).toBe(
      "Method called on null in expression '${bean.approve(1)}': approve",
    );
  });
});
