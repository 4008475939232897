import { afterAll, expect, test } from 'vitest';
import { PROCESS_TEST_TIMEOUT, cleanUpNodeProcesses, runWeir } from '../helpers/node-process.ts';

afterAll(cleanUpNodeProcesses);

test.each(['start', 'migrate', 'cluster', 'admin', 'config'])(
  "weir %s --help prints that command's help and does nothing else",
  async (command) => {
    // A DATABASE_URL that answers nothing: were the command run, it would fail, not print help.
    const result = await runWeir(command, {
      args: ['--server.port=1', '--help'],
      env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/none' },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^Usage: weir ${command}\\b`));
    expect(result.stdout).toContain('Configuration flags: --config FILE');
  },
  PROCESS_TEST_TIMEOUT,
);

test(
  'weir cluster --help lists its own flags; weir help cluster prints the same',
  async () => {
    const help = await runWeir('cluster', { args: ['-h'] });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}--nodes +how many node processes/m);
    expect(help.stdout).toMatch(/^ {2}--https +nginx serves HTTPS/m);
    expect((await runWeir('help', { args: ['cluster'] })).stdout).toBe(help.stdout);
  },
  PROCESS_TEST_TIMEOUT,
);

test('weir help lists every command and points to per-command help', async () => {
  const help = await runWeir('help');
  expect(help.code).toBe(0);
  for (const command of ['start', 'migrate', 'cluster', 'admin', 'config', 'version', 'help'])
    expect(help.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
  expect(help.stdout).toContain("'weir <command> --help' describes a command.");
});

test(
  'an unknown flag is an error that suggests the flag meant',
  async () => {
    const cluster = await runWeir('cluster', { args: ['--htps'] });
    expect(cluster).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `weir: Unknown flag '--htps' for 'weir cluster'; did you mean '--https'? Run 'weir cluster --help' for what it accepts.\n`,
    });
  },
  PROCESS_TEST_TIMEOUT,
);

test(
  'a flag of another command, or none at all, is refused too',
  async () => {
    const start = await runWeir('start', { args: ['--server.port=0', '--verbose=1'] });
    expect(start).toMatchObject({
      code: 2,
      stderr: `weir: Unknown flag '--verbose' for 'weir start'. Run 'weir start --help' for what it accepts.\n`,
    });
    const nodes = await runWeir('start', { args: ['--nodes=2'] });
    expect(nodes.code).toBe(2);
    expect(nodes.stderr).toContain("Unknown flag '--nodes' for 'weir start'");
    const version = await runWeir('version', { args: ['--json'] });
    expect(version.code).toBe(2);
    expect(version.stderr).toContain("Unknown flag '--json' for 'weir version'");
  },
  PROCESS_TEST_TIMEOUT,
);

test('weir help of an unknown command says so', async () => {
  expect(await runWeir('help', { args: ['strat'] })).toMatchObject({
    code: 2,
    stderr: `weir: unknown command 'strat'; run 'weir help' for the list\n`,
  });
});
