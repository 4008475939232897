import { describe, expect, it } from 'vitest';
import { BpmnError } from '../../src/engine/bpmn-error.ts';
import { runScript } from '../../src/engine/script/index.ts';
import { WeirError } from '../../src/errors.ts';
import { memoryScriptHost } from './memory-script-host.ts';

const limits = { timeoutMs: 1000, memoryLimitBytes: 16 * 1024 * 1024 };

const failureOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the script to fail');
};

describe('script errors', () => {
  it('surfaces a thrown BpmnError as the host BpmnError with its code', async () => {
    const host = memoryScriptHost();
    const error = await failureOf(
      runScript(
        "execution.setVariable('checked', true);\nthrow new BpmnError('CREDIT_REFUSED', 'limit reached');",
        host,
        limits,
      ),
    );
    expect(error).toBeInstanceOf(BpmnError);
    expect(error).toMatchObject({ errorCode: 'CREDIT_REFUSED', message: 'limit reached' });
    expect(host.variables.get('checked')).toBe(true);
  });

  it('gives a BpmnError without message the default one', async () => {
    const error = await failureOf(runScript("throw new BpmnError('NO_STOCK')", memoryScriptHost(), limits));
    expect(error).toMatchObject({ errorCode: 'NO_STOCK', message: "BPMN error 'NO_STOCK'" });
  });

  it('reports a syntax error with the script name and line', async () => {
    const error = await failureOf(
      runScript('var a = 1;\nvar b = ;\n', memoryScriptHost(), limits, { scriptName: 'computeTotal' }),
    );
    expect(error).toBeInstanceOf(WeirError);
    expect(error).toMatchObject({
      code: 'WEIR_SCRIPT_FAILED',
      details: { scriptName: 'computeTotal', line: 2 },
    });
    expect((error as Error).message).toMatch(/^Script 'computeTotal' failed at line 2: SyntaxError: /);
  });

  it('reports a runtime error with the JavaScript message and line', async () => {
    const error = await failureOf(
      runScript('var order = null;\n\norder.total', memoryScriptHost(), limits, { scriptName: 'task 1' }),
    );
    expect(error).toMatchObject({ code: 'WEIR_SCRIPT_FAILED' });
    expect((error as Error).message).toBe(
      "Script 'task 1' failed at line 3: TypeError: cannot read property 'total' of null",
    );
  });

  it('reports the line of the script, not of the sandbox, when execution refuses a call', async () => {
    const error = await failureOf(runScript("1;\nexecution.setVariable('', 1)", memoryScriptHost(), limits));
    expect((error as Error).message).toBe(
      'Script failed at line 2: TypeError: execution.setVariable: the variable name must be a non-empty string',
    );
  });

  it('reports a thrown non-error value', async () => {
    const error = await failureOf(runScript("throw { reason: 'nope' }", memoryScriptHost(), limits));
    expect((error as Error).message).toBe('Script failed: threw {"reason":"nope"}');
  });

  it('keeps the host error that killed the script as the cause', async () => {
    const host = memoryScriptHost();
    const tooLarge = new WeirError('WEIR_VARIABLE_TOO_LARGE');
    host.setVariable = () => {
      throw tooLarge;
    };
    const error = await failureOf(runScript("execution.setVariable('blob', 'x')", host, limits));
    expect(error).toMatchObject({ code: 'WEIR_SCRIPT_FAILED', cause: tooLarge });
    expect((error as Error).message).toContain('Variable too large');
  });
});
