import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clonePostgresDatabase, copyEmbeddedDataFolder, withAdmin } from '../helpers/database.ts';
import type { ScratchDatabase, ScratchFolder } from '../helpers/database.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startNode } from '../../src/node.ts';
import type { RunningNode } from '../../src/node.ts';
import { weirVersion } from '../../src/version.ts';

/** A logger that keeps its lines, to assert on what an operator reads. */
const capturingLogger = () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
};

const startInProcess = (cwd: string, flags: string[], logger = pino({ level: 'silent' })) =>
  startNode(
    loadConfig({
      argv: ['--server.port=0', '--server.address=127.0.0.1', '--weir.heartbeat-interval=PT0.2S', ...flags],
      env: {},
      cwd,
    }),
    { logger },
  );

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('a node on PostgreSQL', () => {
  let database: ScratchDatabase;
  let running: RunningNode;
  const { logger, lines } = capturingLogger();

  beforeAll(async () => {
    database = await clonePostgresDatabase();
    running = await startInProcess(process.cwd(), [`--database.url=${database.url}`], logger);
  });
  afterAll(async () => {
    await running?.stop();
    await database?.drop();
  });

  test('logs one startup line with its URL, node id and database kind', () => {
    const startup = lines.filter((line) => typeof line.msg === 'string' && line.msg.startsWith('Weir '));
    expect(startup).toEqual([
      expect.objectContaining({
        url: running.url,
        nodeId: running.node.id,
        database: 'postgres',
        msg: `Weir ${weirVersion} is up at ${running.url} (node ${running.node.id}, postgres database)`,
      }),
    ]);
  });

  test('health answers UP', async () => {
    expect(await get(`${running.url}/actuator/health`)).toEqual({ status: 200, body: { status: 'UP' } });
  });

  test('info names the version, the node id and the database kind', async () => {
    expect(await get(`${running.url}/actuator/info`)).toEqual({
      status: 200,
      body: { name: 'weir', version: weirVersion, nodeId: running.node.id, database: { kind: 'postgres' } },
    });
  });

  test('health answers 503 DOWN with the reason while the database refuses connections, and UP once it is back', async () => {
    // What a database restart or failover looks like from the node: its connections are cut
    // and new ones are refused for a while.
    await withAdmin(async (admin) => {
      await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        database.name,
      ]);
    });
    try {
      expect(await get(`${running.url}/actuator/health`)).toEqual({
        status: 503,
        body: {
          status: 'DOWN',
          // The reason depends on the moment: a connection cut under it, or a new one refused.
          components: { db: { status: 'DOWN', error: expect.stringMatching(/\w+/) } },
        },
      });
    } finally {
      await withAdmin((admin) => admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`));
    }
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await get(`${running.url}/actuator/health`)).status;
      if (status !== 200) await sleep(100);
    }
    expect(status).toBe(200);
  });
});

describe('a node on the embedded database', () => {
  let folder: ScratchFolder & { dataPath: string };
  let running: RunningNode;

  beforeAll(async () => {
    folder = await copyEmbeddedDataFolder();
    running = await startInProcess(folder.path, []);
  });
  afterAll(async () => {
    // Deregistering fails on the database the last test closed.
    await running?.stop().catch(() => {});
    await folder?.remove();
  });

  test('uses the data folder of the working directory and says so in info', async () => {
    expect(running.node.config.database.embeddedPath).toBe(folder.dataPath);
    expect((await get(`${running.url}/actuator/info`)).body).toMatchObject({
      database: { kind: 'embedded' },
    });
    expect(await get(`${running.url}/actuator/health`)).toEqual({ status: 200, body: { status: 'UP' } });
  });

  test('health answers 503 DOWN once the database is closed under it', async () => {
    await running.node.db.close();
    const { status, body } = await get(`${running.url}/actuator/health`);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'DOWN',
      components: { db: { status: 'DOWN', error: expect.any(String) } },
    });
  });
});
