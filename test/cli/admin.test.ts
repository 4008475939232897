import { afterAll, expect, test } from 'vitest';
import { clonePostgresDatabase } from '../helpers/database.ts';
import type { ScratchDatabase } from '../helpers/database.ts';
import {
  PROCESS_TEST_TIMEOUT,
  cleanUpNodeProcesses,
  runWeir,
  startNodeProcess,
} from '../helpers/node-process.ts';

const scratch: ScratchDatabase[] = [];
afterAll(async () => {
  await cleanUpNodeProcesses();
  await Promise.all(scratch.map((database) => database.drop()));
});

const NEW_PASSWORD = /^(?:Created the user|New password for) '(\w+)': (\S+) \(shown only this once/;

const resetPassword = async (env: Record<string, string>, args: string[] = []) => {
  const result = await runWeir('admin', { args: ['reset-password', ...args], env });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const [, user, password] = NEW_PASSWORD.exec(result.stdout) ?? [];
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return { user, password, created: result.stdout.startsWith('Created') };
};

const statusAs = async (url: string, user: string, password: string) =>
  (
    await fetch(`${url}/idm-api/users/${user}`, {
      headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    })
  ).status;

test(
  'reset-password creates a missing admin, then replaces its password; a running node takes the new one at once',
  async () => {
    const database = await clonePostgresDatabase();
    scratch.push(database);
    const env = { DATABASE_URL: database.url };

    const first = await resetPassword(env);
    expect(first).toMatchObject({ user: 'admin', created: true });

    const node = await startNodeProcess({ env });
    expect(await statusAs(node.url, 'admin', first.password)).toBe(200);

    const second = await resetPassword(env, ['admin']);
    expect(second).toMatchObject({ user: 'admin', created: false });
    expect(second.password).not.toBe(first.password);
    expect(await statusAs(node.url, 'admin', second.password)).toBe(200);
    expect(await statusAs(node.url, 'admin', 'not-the-password')).toBe(401);
    // The password is printed, never logged.
    expect(node.stdout()).not.toContain(second.password);
    await node.stop();
  },
  PROCESS_TEST_TIMEOUT,
);

test(
  'a configured admin password that differs from the stored one is named in one boot warning, without the secret',
  async () => {
    const database = await clonePostgresDatabase();
    scratch.push(database);
    const env = { DATABASE_URL: database.url };
    const stored = await resetPassword(env, ['--flowable.rest.app.admin.user-id=boss']);
    expect(stored.user).toBe('boss');

    const node = await startNodeProcess({
      env,
      args: ['--flowable.rest.app.admin.user-id=boss', '--flowable.rest.app.admin.password=changed-later'],
    });
    const warnings = node
      .stdout()
      .split('\n')
      .filter((line) => line.includes('differs from the stored password'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0])).toMatchObject({ level: 40, userId: 'boss' });
    expect(warnings[0]).toContain("Run 'weir admin reset-password boss'");
    expect(warnings[0]).not.toContain('changed-later');
    // The stored password stays in force, as the warning says.
    expect(await statusAs(node.url, 'boss', stored.password)).toBe(200);
    expect(await statusAs(node.url, 'boss', 'changed-later')).toBe(401);
    await node.stop();

    const same = await startNodeProcess({
      env,
      args: [
        '--flowable.rest.app.admin.user-id=boss',
        `--flowable.rest.app.admin.password=${stored.password}`,
      ],
    });
    expect(same.stdout()).not.toContain('differs from the stored password');
    await same.stop();
  },
  PROCESS_TEST_TIMEOUT,
);

test(
  'reset-password refuses an unknown user, an unknown action, and a folder without a database',
  async () => {
    const database = await clonePostgresDatabase();
    scratch.push(database);
    const unknown = await runWeir('admin', {
      args: ['reset-password', 'nobody'],
      env: { DATABASE_URL: database.url },
    });
    expect(unknown).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `weir: No user 'nobody'; only the admin user ('admin') is created by reset-password\n`,
    });
    const action = await runWeir('admin', { args: ['rest-password'] });
    expect(action.code).toBe(2);
    expect(action.stderr).toContain("Unknown action 'rest-password' for 'weir admin'");
    const empty = await runWeir('admin', { args: ['reset-password'] });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^weir: No embedded database at .*\/data; run this where 'weir start' runs/);
  },
  PROCESS_TEST_TIMEOUT,
);
