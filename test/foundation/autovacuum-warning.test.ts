import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { startNode } from '../../src/node.ts';
import { createTempFolder } from '../helpers/database.ts';
import type { ScratchFolder } from '../helpers/database.ts';
import { startOwnPostgres } from '../helpers/own-postgres.ts';
import type { OwnPostgres } from '../helpers/own-postgres.ts';
import { PROCESS_TEST_TIMEOUT } from '../helpers/node-process.ts';

// With autovacuum off, nothing refreshes the statistics of Weir's tables: plans made while a
// table was small stay in use as it grows (bench/README.md, "Plans that go stale"). A node
// says so at boot, on a server of the test's own (the shared one's settings are not ours).

let server: OwnPostgres;
let folder: ScratchFolder;

beforeAll(async () => {
  server = await startOwnPostgres();
  folder = await createTempFolder('weir-autovacuum-');
}, PROCESS_TEST_TIMEOUT);

afterAll(async () => {
  await server?.remove();
  await folder?.remove();
});

/** The warnings a node logs while it boots on the own server, then stops. */
const bootWarnings = async (): Promise<{ msg: string; setting?: string }[]> => {
  const lines: { level: number; msg: string; setting?: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const config = loadConfig({
    argv: [`--database.url=${server.url}`, '--server.port=0', '--server.address=127.0.0.1'],
    env: {},
    cwd: folder.path,
  });
  const running = await startNode(config, { logger });
  await running.stop();
  return lines.filter((line) => line.level === 40);
};

test(
  'a node warns at boot that autovacuum is off, naming the setting and the fix, and not when it is on',
  async () => {
    expect((await bootWarnings()).filter((warning) => warning.setting === 'autovacuum')).toEqual([]);

    await server.query('ALTER SYSTEM SET autovacuum = off');
    await server.query('SELECT pg_reload_conf()');
    await expect
      .poll(
        async () =>
          (await server.query<{ setting: string }>("SELECT current_setting('autovacuum') AS setting"))[0]
            .setting,
      )
      .toBe('off');
    const warnings = (await bootWarnings()).filter((warning) => warning.setting === 'autovacuum');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toContain("PostgreSQL's autovacuum is off");
    expect(warnings[0].msg).toContain('ALTER SYSTEM SET autovacuum = on');
  },
  PROCESS_TEST_TIMEOUT,
);
