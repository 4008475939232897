import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/engine/script/index.ts';
import { memoryScriptHost } from './memory-script-host.ts';

const limits = { timeoutMs: 1000, memoryLimitBytes: 16 * 1024 * 1024 };

describe('script variables', () => {
  it('reads process variables through execution and as globals', async () => {
    const host = memoryScriptHost({ amount: 21, customer: { name: 'Ada' } });
    const result = await runScript(
      "[execution.getVariable('amount') * 2, amount * 2, customer.name, execution.hasVariable('amount'), execution.hasVariable('nope')]",
      host,
      limits,
    );
    expect(result).toEqual([42, 42, 'Ada', true, false]);
  });

  it('writes variables with execution.setVariable and reads them back', async () => {
    const host = memoryScriptHost({ amount: 10 });
    const result = await runScript(
      "execution.setVariable('total', { net: amount, lines: [1, 2] }); execution.setVariable('amount', 11); [execution.getVariable('total').net, amount]",
      host,
      limits,
    );
    expect(host.variables.get('total')).toEqual({ net: 10, lines: [1, 2] });
    expect(host.variables.get('amount')).toBe(11);
    expect(result).toEqual([10, 11]);
  });

  it('resolves to the completion value, undefined becoming null', async () => {
    const host = memoryScriptHost();
    expect(await runScript('var x = 20; x + 1', host, limits)).toBe(21);
    expect(await runScript("({ ok: true, tags: ['a'], none: null })", host, limits)).toEqual({
      ok: true,
      tags: ['a'],
      none: null,
    });
    expect(await runScript('var y = 1;', host, limits)).toBeNull();
    expect(await runScript('(function () {})', host, limits)).toBeNull();
  });

  it('round-trips dates in both directions', async () => {
    const due = new Date('2024-05-01T10:00:00.000Z');
    const host = memoryScriptHost({ due });
    const result = await runScript(
      "var later = new Date(due.getTime() + 86400000); execution.setVariable('followUp', { at: later }); [due instanceof Date, later]",
      host,
      limits,
    );
    expect(result).toEqual([true, new Date('2024-05-02T10:00:00.000Z')]);
    expect((result as unknown[])[1]).toBeInstanceOf(Date);
    expect(host.variables.get('followUp')).toEqual({ at: new Date('2024-05-02T10:00:00.000Z') });
  });

  it.each([
    ['a function', "execution.setVariable('x', function () {})", 'cannot hold a function'],
    ['undefined', "execution.setVariable('x', undefined)", 'cannot be undefined'],
    [
      'a nested symbol',
      "execution.setVariable('x', { s: Symbol('s') })",
      "(property 's') cannot hold a symbol",
    ],
    ['a Map', "execution.setVariable('x', new Map())", 'cannot hold a Map'],
    ['NaN', "execution.setVariable('x', 0 / 0)", 'cannot hold NaN'],
  ])('refuses to store %s as a variable, saying why', async (_what, source, problem) => {
    const host = memoryScriptHost();
    await expect(runScript(source, host, limits)).rejects.toThrow(problem);
    expect(host.variables.has('x')).toBe(false);
  });

  it('exposes the execution ids', async () => {
    const result = await runScript(
      '[execution.getProcessInstanceId(), execution.getId(), execution.getProcessDefinitionId(), execution.getCurrentActivityId(), execution.getProcessBusinessKey()]',
      memoryScriptHost(),
      limits,
    );
    expect(result).toEqual(['pi-1', 'ex-1', 'invoice:1:pd-1', 'computeTotal', 'INV-42']);
  });

  it('sends console.log output to the host log', async () => {
    const host = memoryScriptHost();
    await runScript("console.log('total', 3, { a: 1 }); console.warn(new Error('careful'))", host, limits);
    expect(host.logs).toEqual(['total 3 {"a":1}', 'Error: careful']);
  });

  it('writes back changed variable globals only with autoStoreVariables', async () => {
    const source = 'var amount = amount * 2; order.lines.push(3); var scratch = 1;';
    const plain = memoryScriptHost({ amount: 5, order: { lines: [1] }, untouched: 'x' });
    await runScript(source, plain, limits);
    expect(plain.writes).toEqual([]);

    const stored = memoryScriptHost({ amount: 5, order: { lines: [1] }, untouched: 'x' });
    await runScript(source, stored, limits, { autoStoreVariables: true });
    expect(stored.variables.get('amount')).toBe(10);
    expect(stored.variables.get('order')).toEqual({ lines: [1, 3] });
    expect(stored.variables.has('scratch')).toBe(false);
    expect(stored.writes.sort()).toEqual(['amount', 'order']);
  });

  it('writes back nothing when one auto-stored global cannot be stored', async () => {
    const host = memoryScriptHost({ amount: 5, callback: null });
    await expect(
      runScript('amount = 6; callback = function () {};', host, limits, { autoStoreVariables: true }),
    ).rejects.toThrow("variable 'callback' cannot hold a function");
    expect(host.writes).toEqual([]);
  });

  it('does not let a variable hide execution, console or a builtin', async () => {
    const host = memoryScriptHost({ execution: 'shadow', JSON: 'shadow', console: 'shadow' });
    const result = await runScript(
      "[typeof execution.getVariable, typeof JSON.parse, execution.getVariable('JSON')]",
      host,
      limits,
    );
    expect(result).toEqual(['function', 'function', 'shadow']);
  });

  it('passes variables named like Object.prototype members both ways', async () => {
    const host = memoryScriptHost(
      Object.fromEntries([
        ['constructor', 'c'],
        ['__proto__', { deep: 1 }],
        ['toString', 't'],
      ]),
    );
    const result = await runScript(
      `execution.setVariable('hasOwnProperty', 'h'); execution.setVariable('__proto__', 'p');
       [execution.getVariable('constructor'), execution.getVariable('toString'), execution.hasVariable('valueOf'),
        Object.keys(execution.getVariables()).sort(), execution.getVariable('__proto__')]`,
      host,
      limits,
    );
    expect(result).toEqual([
      'c',
      't',
      false,
      ['__proto__', 'constructor', 'hasOwnProperty', 'toString'],
      'p',
    ]);
    expect(host.variables.get('hasOwnProperty')).toBe('h');
    expect(host.variables.get('__proto__')).toBe('p');
  });
});
