/**
 * Flowable's JUEL as a process sees it: the type a stored result gets (Long, Double), the
 * variable functions, the `execution` and `task` objects and bean-style access into JSON
 * variables, each read back through the REST API.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import type { RestVariable } from './support.ts';
import {
  complete,
  deployXml,
  fixture,
  isEnded,
  start,
  tasksOf,
  variablesOf,
  openTaskKeys,
  useConformanceHarness,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness([
  'expression-types.bpmn20.xml',
  'expression-functions.bpmn20.xml',
  'context-objects.bpmn20.xml',
  'function-gateway.bpmn20.xml',
]);
beforeAll(() => {
  h = use();
});

describe('JUEL number types of stored results', () => {
  let results: Record<string, RestVariable>;
  beforeAll(async () => {
    const instance = await start(h, 'expressionTypes', [
      { name: 'x', type: 'integer', value: 10 },
      { name: 'ratio', type: 'double', value: 2 },
      { name: 'missing', type: 'string', value: null },
      { name: 'blank', type: 'string', value: '' },
      { name: 'items', type: 'json', value: [] },
    ]);
    results = await variablesOf(h, instance.id);
  });
  const result = (name: string) => results[name];

  it('${x + 5} with an integer x is a long', () =>
    expect(result('sum')).toMatchObject({ type: 'long', value: 15 }));
  it('an integer literal is a long', () => expect(result('seven')).toMatchObject({ type: 'long', value: 7 }));
  it('a double operand makes a double', () =>
    expect(result('scaled')).toMatchObject({ type: 'double', value: 15 }));
  it('/ always divides to a double, even when it comes out whole', () =>
    expect(result('half')).toMatchObject({ type: 'double', value: 5 }));
  it('div is / : 10 div 4 is 2.5', () =>
    expect(result('quotient')).toMatchObject({ type: 'double', value: 2.5 }));
  it('mod and % of longs are longs', () => {
    expect(result('rest')).toMatchObject({ type: 'long', value: 1 });
    expect(result('rest2')).toMatchObject({ type: 'long', value: 2 });
  });
  it("a numeric string is coerced: '5' + 2 is the long 7", () =>
    expect(result('coerced')).toMatchObject({ type: 'long', value: 7 }));
  it("a string with a point is a double: '1.5' + 1 is 2.5", () =>
    expect(result('coercedDouble')).toMatchObject({ type: 'double', value: 2.5 }));
  it('negation of a long is a long', () =>
    expect(result('negated')).toMatchObject({ type: 'long', value: -10 }));
  it('a variable read as is keeps its type', () => {
    expect(result('copy')).toMatchObject({ type: 'integer', value: 10 });
    expect(result('ratioCopy')).toMatchObject({ type: 'double', value: 2 });
  });
  it('a double variable holding a whole number stays a double in arithmetic', () =>
    expect(result('ratioPlus')).toMatchObject({ type: 'double', value: 3 }));
  it("comparing a number with a string coerces the string: ${x > '3'}", () =>
    expect(result('greater')).toMatchObject({ type: 'boolean', value: true }));
  it('two strings compare lexically', () =>
    expect(result('lexical')).toMatchObject({ type: 'boolean', value: true }));
  it('== null is true for a null variable', () => expect(result('isNull')).toMatchObject({ value: true }));
  it('empty is true for an empty string and an empty list', () => {
    expect(result('blankIsEmpty').value).toBe(true);
    expect(result('itemsEmpty').value).toBe(true);
  });
  it('a conditional choosing between long literals is a long', () =>
    expect(result('chosen')).toMatchObject({ type: 'long', value: 1 }));
  it('a double in text prints as Java prints it', () =>
    expect(result('text')).toMatchObject({ type: 'string', value: 'total: 2.5' }));
});

describe("Flowable's variable functions", () => {
  let results: Record<string, RestVariable>;
  beforeAll(async () => {
    const instance = await start(h, 'expressionFunctions', [
      { name: 'status', type: 'string', value: 'open' },
      { name: 'amount', type: 'integer', value: 250 },
      { name: 'tags', type: 'json', value: ['red', 'green', 'blue'] },
    ]);
    results = await variablesOf(h, instance.id);
  });
  const value = (name: string) => results[name]?.value;

  it('variables:get reads a variable, and null for one that does not exist', () => {
    expect(value('gotStatus')).toBe('open');
    expect(results).toHaveProperty('gotNothing');
    expect(value('gotNothing') ?? null).toBeNull();
    expect(value('gotQuoted')).toBe('open');
  });
  it('vars:getOrDefault and var:getOrDefault fall back only when the variable is missing', () => {
    expect(value('withDefault')).toBe('fallback');
    expect(value('withValue')).toBe('open');
  });
  it('variables:exists', () => {
    expect(value('statusExists')).toBe(true);
    expect(value('nothingExists')).toBe(false);
  });
  it('variables:isEmpty, vars:empty and variables:isNotEmpty', () => {
    expect(value('tagsEmpty')).toBe(false);
    expect(value('nothingEmpty')).toBe(true);
    expect(value('statusNotEmpty')).toBe(true);
  });
  it('variables:equals, vars:eq and variables:notEquals', () => {
    expect(value('isOpen')).toBe(true);
    expect(value('is250')).toBe(true);
    expect(value('notClosed')).toBe(true);
  });
  it('variables:contains needs every value; variables:containsAny one of them', () => {
    expect(value('hasRedAndBlue')).toBe(true);
    expect(value('hasRedAndPink')).toBe(false);
    expect(value('hasPinkOrBlue')).toBe(true);
    expect(value('statusHasPe')).toBe(true);
  });
  it('the comparison functions, false for a missing variable', () => {
    expect(value('below300')).toBe(true);
    expect(value('below250')).toBe(false);
    expect(value('atMost250')).toBe(true);
    expect(value('above100')).toBe(true);
    expect(value('nothingAbove100')).toBe(false);
    expect(value('atLeast251')).toBe(false);
  });
  it('variables:base64 encodes a string variable', () =>
    expect(value('statusBase64')).toBe(Buffer.from('open').toString('base64')));

  it('${!variables:getOrDefault(approved, false)} routes an instance without the variable', async () => {
    const without = await start(h, 'functionGateway');
    expect(await openTaskKeys(h, without.id)).toEqual(['reject']);
    const approved = await start(h, 'functionGateway', { approved: true });
    expect(await openTaskKeys(h, approved.id)).toEqual(['book']);
  });
});

describe('the execution and task objects, and JSON variables', () => {
  let instanceId: string;
  let definitionId: string;
  let results: Record<string, RestVariable>;
  beforeAll(async () => {
    const instance = await start(h, 'contextObjects', [
      { name: 'amount', type: 'integer', value: 21 },
      { name: 'customer', type: 'json', value: { name: 'Kermit', address: { city: 'Swamp' } } },
      {
        name: 'order',
        type: 'json',
        value: {
          items: [
            { price: 12.5, quantity: 1 },
            { price: 3, quantity: 4 },
          ],
        },
      },
    ]);
    instanceId = instance.id;
    definitionId = instance.processDefinitionId as string;
    results = await variablesOf(h, instanceId);
  });
  const value = (name: string) => results[name]?.value;

  it('execution.processInstanceId, processDefinitionId and currentActivityId', () => {
    expect(value('seenInstanceId')).toBe(instanceId);
    expect(value('seenDefinitionId')).toBe(definitionId);
    expect(value('seenActivityId')).toBe('whereAmI');
    expect(value('hasExecutionId')).toBe(true);
  });
  it("execution.getVariable('amount') * 2 is a long", () =>
    expect(results.doubled).toMatchObject({ type: 'long', value: 42 }));
  it('execution.setVariable(...) sets a variable', () => expect(value('flag')).toBe('raised'));
  it('bean-style property access into JSON: ${customer.address.city}', () =>
    expect(value('city')).toBe('Swamp'));
  it('index access: ${order.items[0].price}', () => expect(value('firstPrice')).toBe(12.5));
  it('${order.items.size()} on a JSON list', () => expect(value('itemCount')).toBe(2));
  it('arithmetic on JSON members', () =>
    expect(results.lineTotal).toMatchObject({ type: 'long', value: 12 }));
  it('a missing JSON member reads as null', () => {
    expect(results).toHaveProperty('phone');
    expect(value('phone') ?? null).toBeNull();
  });
  it('task.name, task.id and task.assignee in task listener expressions', async () => {
    const [task] = await tasksOf(h, instanceId);
    expect(value('createdTaskName')).toBe('Inspect');
    expect(value('createdTaskId')).toBe(task.id);
    await h.request('PUT', `/process-api/runtime/tasks/${task.id}`, { body: { assignee: 'fozzie' } });
    await complete(h, task.id);
    expect(await isEnded(h, instanceId)).toBe(true);
    const history = await h.request(
      'GET',
      `/process-api/history/historic-variable-instances?processInstanceId=${instanceId}&variableName=completedBy`,
    );
    expect(history.json().data[0].variable.value).toBe('fozzie');
  });
});

describe("JavaScript's object machinery is not reachable", () => {
  const probe = async (expression: string, variables: Record<string, unknown> = {}) => {
    const key = `probe${Math.random().toString(36).slice(2, 8)}`;
    const xml = (await fixture('prototype-names.bpmn20.xml'))
      .replace('id="prototypeNames"', `id="${key}"`)
      .replace('${probe}', expression);
    expect((await deployXml(h, `${key}.bpmn20.xml`, xml)).statusCode).toBe(201);
    return h.request('POST', '/process-api/runtime/process-instances', {
      body: {
        processDefinitionKey: key,
        variables: Object.entries(variables).map(([name, value]) => ({ name, value })),
      },
    });
  };

  it.each([
    '${constructor}',
    '${x.constructor}',
    '${x.__proto__}',
    "${x['prototype']}",
    "${x['constructor']}",
  ])('%s fails the start and leaves nothing behind', async (expression) => {
    const response = await probe(expression, { x: 'text' });
    expect(response.statusCode).toBe(400);
    expect(response.json().exception).toMatch(/Forbidden (property|method) used/);
  });

  it.each(['${toString}', '${hasOwnProperty}', '${variables:exists(valueOf) ? 1 : 0}'])(
    '%s does not find an inherited member where a variable would be',
    async (expression) => {
      const response = await probe(expression);
      if (response.statusCode === 201) {
        const variables = await variablesOf(h, (response.json() as { id: string }).id);
        expect(variables.probed).toMatchObject({ value: 0 });
      } else {
        expect(response.statusCode).toBe(400);
        expect(response.json().exception).toContain('Unknown property used');
      }
    },
  );

  it('${x.toString} on a JSON object is null, not a function', async () => {
    const response = await probe('${x.toString}', { x: { a: 1 } });
    expect(response.statusCode).toBe(201);
    const variables = await variablesOf(h, (response.json() as { id: string }).id);
    expect(variables).toHaveProperty('probed');
    expect(variables.probed.value ?? null).toBeNull();
  });
});
