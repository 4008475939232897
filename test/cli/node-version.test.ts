import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { weirVersion } from '../../src/version.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const shim = `${repoRoot}bin/weir.mjs`;

/** Run the shim as if on Node `version`: the running Node with process.versions.node replaced. */
const runAs = (version: string | undefined, args: string[]) => {
  const pretend = version
    ? ['--import', `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`]
    : [];
  return spawnSync(process.execPath, [...pretend, shim, ...args], { encoding: 'utf8', timeout: 60_000 });
};

test('package.json points npx weir at the shim and states the Node it needs', () => {
  const manifest = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as {
    bin: Record<string, string>;
    engines: Record<string, string>;
  };
  expect(manifest.bin).toEqual({ weir: 'bin/weir.mjs' });
  expect(manifest.engines.node).toBe('>=22.18');
});

test.each(['20.11.1', '22.17.0', '18.0.0'])(
  'on Node %s, weir says in one line which Node it needs',
  (version) => {
    const result = runAs(version, ['version']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `weir: needs Node.js 22.18 or newer (it runs its TypeScript directly); this is Node.js ${version}\n`,
    );
  },
);

test('on a Node that runs TypeScript, the shim runs the command', () => {
  const result = runAs(undefined, ['version']);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(`weir ${weirVersion}\n`);
  expect(runAs(undefined, ['start', '--htps']).status).toBe(2);
});
