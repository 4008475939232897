import { afterAll, describe, expect, test } from 'vitest';
import { createEmptyPostgresDatabase } from '../helpers/database.ts';
import type { ScratchDatabase } from '../helpers/database.ts';
import { cleanUpNodeProcesses, runWeir } from '../helpers/node-process.ts';
import { loadMigrations } from '../../src/persistence/migrate.ts';
import { weirVersion } from '../../src/version.ts';

const scratch: ScratchDatabase[] = [];
// The working folders made for the `weir` processes go too.
afterAll(async () => {
  await cleanUpNodeProcesses();
  await Promise.all(scratch.map((database) => database.drop()));
});

interface BadStart {
  readonly problem: string;
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly code: number;
  readonly line: string;
}

describe('bad configuration stops the node with one clear line', () => {
  test.each<BadStart>([
    {
      problem: 'an unknown key',
      args: ['--server.prot=8091'],
      env: {},
      code: 2,
      line: `weir: Unknown configuration key 'server.prot' (from --flag); did you mean 'server.port'?`,
    },
    {
      problem: 'a typo in an environment variable',
      args: [],
      env: { WEIR_HEARTBEAT_INTERVALL: 'PT1S' },
      code: 2,
      line: `weir: Unknown configuration key 'WEIR_HEARTBEAT_INTERVALL' (from environment); did you mean 'WEIR_HEARTBEAT_INTERVAL'?`,
    },
    {
      problem: 'a bad duration',
      args: ['--weir.heartbeat-interval=5 seconds'],
      env: {},
      code: 2,
      line: `weir: Bad value '5 seconds' for 'weir.heartbeat-interval' (from --flag): expected an ISO-8601 duration such as PT5M`,
    },
    {
      problem: 'an unreachable database, without its password',
      args: [],
      env: { DATABASE_URL: 'postgres://weir:s3cret@127.0.0.1:1/weir' },
      code: 1,
      line: 'weir: Database at postgres://127.0.0.1:1/weir does not answer: connect ECONNREFUSED 127.0.0.1:1',
    },
  ])('$problem', async ({ args, env, code, line }) => {
    const result = await runWeir('start', { args: ['--server.port=0', ...args], env });
    expect(result.code).toBe(code);
    expect(result.stderr).toBe(`${line}\n`);
  });
});

test('an unknown command exits 2 and points to help', async () => {
  const result = await runWeir('strat');
  expect(result).toMatchObject({
    code: 2,
    stderr: `weir: unknown command 'strat'; run 'weir help' for the list\n`,
  });
});

test('weir version prints the version; weir help lists the commands', async () => {
  expect(await runWeir('version')).toMatchObject({ code: 0, stdout: `weir ${weirVersion}\n` });
  const help = await runWeir('help');
  expect(help.code).toBe(0);
  for (const command of ['start', 'migrate', 'config', 'version', 'help'])
    expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
});

test('weir config prints every setting with its source, and masks the database password', async () => {
  const result = await runWeir('config', {
    args: ['--server.port=9001'],
    env: { DATABASE_URL: 'postgres://weir:s3cret@db.example:5432/weir' },
  });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('server.port=9001  # flag\n');
  expect(result.stdout).toContain('server.address=0.0.0.0  # default\n');
  expect(result.stdout).toMatch(/^database\.url=postgres:\/\/weir:\*+@db\.example:5432\/weir {2}# env$/m);
  expect(result.stdout).not.toContain('s3cret');
});

test('weir migrate brings an empty database up to date, then finds nothing to do', async () => {
  const database = await createEmptyPostgresDatabase();
  scratch.push(database);
  const env = { DATABASE_URL: database.url };
  const files = (await loadMigrations()).map((m) => m.file).join(', ');
  expect(await runWeir('migrate', { env })).toMatchObject({ code: 0, stdout: `Applied ${files}\n` });
  expect(await runWeir('migrate', { env })).toMatchObject({
    code: 0,
    stdout: 'The schema is up to date; nothing to apply\n',
  });
});
