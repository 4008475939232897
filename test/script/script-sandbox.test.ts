import { beforeAll, describe, expect, it } from 'vitest';
import { isSupportedScriptFormat, runScript } from '../../src/engine/script/index.ts';
import { memoryScriptHost } from './memory-script-host.ts';

const limits = { timeoutMs: 1000, memoryLimitBytes: 16 * 1024 * 1024 };

const expectHostStillRunsScripts = async () => {
  const host = memoryScriptHost({ n: 2 });
  expect(
    await runScript("execution.setVariable('m', n * 3); [1, 2].map((x) => x * n)", host, limits),
  ).toEqual([2, 4]);
  expect(host.variables.get('m')).toBe(6);
};

describe('script sandbox', () => {
  // A fresh worker thread boots once (~0.3 s here); timings below measure the runs only.
  beforeAll(() => runScript('1', memoryScriptHost(), limits));

  it('stops an infinite loop at the time limit, even one that catches everything', async () => {
    const started = Date.now();
    await expect(
      runScript(
        'for (;;) { try { while (true) {} } catch (e) {} }',
        memoryScriptHost(),
        { ...limits, timeoutMs: 200 },
        {
          scriptName: 'spin',
        },
      ),
    ).rejects.toMatchObject({
      code: 'WEIR_SCRIPT_LIMIT',
      message: "Script 'spin' exceeded its time limit of 200 ms",
      details: { limit: 'time' },
    });
    expect(Date.now() - started).toBeLessThan(1000);
    await expectHostStillRunsScripts();
  });

  it('stops a memory bomb at the memory limit', async () => {
    await expect(
      runScript('var hoard = []; while (true) hoard.push({ i: hoard.length })', memoryScriptHost(), {
        ...limits,
        memoryLimitBytes: 2 * 1024 * 1024,
      }),
    ).rejects.toMatchObject({
      code: 'WEIR_SCRIPT_LIMIT',
      message: 'Script exceeded its memory limit of 2097152 bytes',
    });
    await expectHostStillRunsScripts();
  });

  it('stops runaway recursion at the stack limit', async () => {
    await expect(
      runScript('function down(n) { return down(n + 1) + 1 }\ndown(0)', memoryScriptHost(), {
        ...limits,
        maxStackBytes: 128 * 1024,
      }),
    ).rejects.toMatchObject({
      code: 'WEIR_SCRIPT_LIMIT',
      message: 'Script exceeded its stack limit of 131072 bytes',
    });
    await expectHostStillRunsScripts();
  });

  it('allows ordinary recursion depth under the default stack limit', async () => {
    const source = 'function depth(n) { return n === 0 ? 0 : depth(n - 1) + 1 } depth(1000)';
    expect(await runScript(source, memoryScriptHost(), limits)).toBe(1000);
  });

  it('survives a script that exhausts V8 native stack before QuickJS notices', async () => {
    // Deeply nested source recurses in QuickJS's parser, which overflows V8's stack first.
    const source = `eval(${JSON.stringify('('.repeat(50_000) + '1' + ')'.repeat(50_000))})`;
    await expect(runScript(source, memoryScriptHost(), limits)).rejects.toMatchObject({
      code: 'WEIR_SCRIPT_LIMIT',
      details: { limit: 'stack' },
    });
    await expectHostStillRunsScripts();
  });

  it('gives each run fresh globals', async () => {
    const host = memoryScriptHost();
    await runScript('globalThis.leaked = 1; var declared = 2; Array.prototype.evil = 3;', host, limits);
    expect(await runScript('[typeof leaked, typeof declared, [].evil]', host, limits)).toEqual([
      'undefined',
      'undefined',
      null,
    ]);
  });

  it('offers nothing of the host process', async () => {
    const result = await runScript(
      `[typeof process, typeof require, typeof setTimeout, typeof fetch, typeof hostCall,
        (function () { try { return globalThis.constructor.constructor('return typeof process')() } catch (e) { return String(e) } })(),
        (function () { try { return Function('return this')() === globalThis } catch (e) { return String(e) } })()]`,
      memoryScriptHost(),
      limits,
    );
    expect(result).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      true,
    ]);
  });

  it('refuses module imports', async () => {
    await expect(runScript("import fs from 'node:fs'; fs", memoryScriptHost(), limits)).rejects.toMatchObject(
      {
        code: 'WEIR_SCRIPT_FAILED',
        message: expect.stringContaining('SyntaxError'),
      },
    );
  });

  it('releases every runtime: many runs in a row stay healthy', async () => {
    const host = memoryScriptHost({ i: 0 });
    for (let run = 0; run < 50; run += 1) {
      await runScript("execution.setVariable('i', i + 1); Promise.resolve().then(() => 1)", host, limits);
    }
    expect(host.variables.get('i')).toBe(50);
  });

  it('recognises JavaScript script formats and nothing else', () => {
    for (const format of ['javascript', 'JavaScript', 'js', 'ECMAScript', ' javascript ']) {
      expect(isSupportedScriptFormat(format)).toBe(true);
    }
    for (const format of ['groovy', 'python', 'juel', 'typescript', '']) {
      expect(isSupportedScriptFormat(format)).toBe(false);
    }
  });
});
