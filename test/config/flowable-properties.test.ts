import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createEmptyPostgresDatabase, createTempFolder } from '../helpers/database.ts';
import type { ScratchDatabase, ScratchFolder } from '../helpers/database.ts';
import {
  cleanUpNodeProcesses,
  PROCESS_TEST_TIMEOUT,
  runWeir,
  startNodeProcess,
} from '../helpers/node-process.ts';

/**
 * A Flowable Spring Boot `application.properties`, brought as it is, starts a real node on the
 * PostgreSQL database it names; keys that mean nothing in Weir are each warned about once.
 */

const fixture = fileURLToPath(new URL('../fixtures/bpmn/http-one-task.bpmn20.xml', import.meta.url));

const DB_PASSWORD = 'db-Secret-771';
const MAIL_PASSWORD = 'mail-Secret-402';
const ADMIN_PASSWORD = 'admin-Secret-118';

/** Flowable keys Weir accepts without acting on them, as a Flowable project would set them. */
const noEffect: Record<string, string> = {
  'flowable.cmmn.enabled': 'false',
  'flowable.dmn.enabled': 'false',
  'flowable.idm.ldap.enabled': 'false',
  'flowable.form.enabled': 'false',
  'flowable.process.servlet.path': '/process-api',
  'flowable.database-schema': 'public',
  'flowable.jpa-enabled': 'false',
  'flowable.http.disable-cert-verify': 'false',
  'flowable.rest.app.cors.enabled': 'true',
  'flowable.enable-history-cleaning': 'false',
  'flowable.custom-mybatis-mappers': 'com.example.CustomMapper',
  'flowable.idm.password-encoder': 'spring_bcrypt',
  'spring.datasource.driver-class-name': 'org.postgresql.Driver',
};

const applicationProperties = (database: ScratchDatabase): string => {
  const url = new URL(database.url);
  return [
    '# Flowable Spring Boot configuration, unchanged',
    'spring.application.name=orders',
    `spring.datasource.url=jdbc:postgresql://${url.hostname}:${url.port || '5432'}/${database.name}?sslmode=disable`,
    `spring.datasource.username=${decodeURIComponent(url.username)}`,
    `spring.datasource.password=${DB_PASSWORD}`,
    'spring.datasource.hikari.maximum-pool-size=4',
    // honoured
    'flowable.database-schema-update=true',
    'flowable.schema-lock-wait-time=PT1M',
    'flowable.history-level=audit',
    'flowable.check-process-definitions=true',
    'flowable.process.definition-cache-limit=100',
    'flowable.http.connect-timeout=5s',
    'flowable.asyncExecutorActivate=true',
    'flowable.process.async.executor.async-job-lock-time=PT2M',
    'flowable.rest.app.admin.user-id=admin',
    `flowable.rest.app.admin.password=${ADMIN_PASSWORD}`,
    'flowable.mail.server.host=smtp.example.com',
    'flowable.mail.server.port=2525',
    'flowable.mail.server.username=mailer',
    `flowable.mail.server.password=${MAIL_PASSWORD}`,
    'flowable.mail.server.use-tls=true',
    'flowable.mail.server.default-from=orders@example.com',
    'logging.level.org.flowable=DEBUG',
    // no effect
    ...Object.entries(noEffect).map(([key, value]) => `${key}=${value}`),
    '',
  ].join('\n');
};

const folders: ScratchFolder[] = [];
const databases: ScratchDatabase[] = [];
afterEach(cleanUpNodeProcesses);
afterAll(async () => {
  await Promise.all(folders.map((folder) => folder.remove()));
  await Promise.all(databases.map((database) => database.drop()));
});

const workingFolder = async (properties: string): Promise<string> => {
  const folder = await createTempFolder('weir-flowable-');
  folders.push(folder);
  writeFileSync(join(folder.path, 'application.properties'), properties);
  return folder.path;
};

const queryDatabase = async <T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
};

const warningsIn = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((entry) => entry.level === 40)
    .map((entry) => entry.msg);

describe("a Flowable user's application.properties", () => {
  it(
    'starts a node on the PostgreSQL database of spring.datasource.url, one warning per key with no effect',
    async () => {
      const database = await createEmptyPostgresDatabase();
      databases.push(database);
      const cwd = await workingFolder(applicationProperties(database));
      mkdirSync(join(cwd, 'processes'));
      copyFileSync(fixture, join(cwd, 'processes', 'orders.bpmn20.xml'));

      const node = await startNodeProcess({ cwd, env: { FLOWABLE_APP_ENABLED: 'false' } });

      const auth = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;
      const response = await fetch(`${node.url}/process-api/repository/process-definitions`, {
        headers: { authorization: auth },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: { key: string }[] };
      expect(body.data.map((definition) => definition.key)).toEqual(['httpOneTask']);

      // The schema, the node and the deployment are in that database, and no embedded one was made.
      const nodes = await queryDatabase<{ id: string }>(database.url, 'SELECT id FROM weir_node');
      expect(nodes.map((row) => row.id)).toContain(node.nodeId);
      const definitions = await queryDatabase<{ key: string }>(
        database.url,
        'SELECT key FROM weir_process_definition',
      );
      expect(definitions.map((row) => row.key)).toEqual(['httpOneTask']);
      expect(existsSync(join(cwd, 'data'))).toBe(false);

      const warnings = warningsIn(node.stdout());
      for (const key of [...Object.keys(noEffect), 'flowable.app.enabled']) {
        const about = warnings.filter((warning) => warning.includes(`'${key}'`));
        expect(about, key).toHaveLength(1);
        expect(about[0]).toMatch(/has no effect in Weir: \S/);
      }
      expect(warnings.find((warning) => warning.includes('flowable.app.enabled'))).toContain(
        'environment variable FLOWABLE_APP_ENABLED',
      );
      // Honoured keys are not warned about.
      expect(
        warnings.filter((warning) => /flowable\.(mail|history|database-schema-update)/.test(warning)),
      ).toEqual([]);
      const output = node.stdout() + node.stderr();
      for (const secret of [DB_PASSWORD, MAIL_PASSWORD, ADMIN_PASSWORD]) expect(output).not.toContain(secret);

      expect((await node.stop('SIGTERM')).code).toBe(0);

      // `weir config` shows where the database came from, passwords masked.
      const config = await runWeir('config', { cwd });
      expect(config.code).toBe(0);
      const user = decodeURIComponent(new URL(database.url).username);
      expect(config.stdout).toMatch(
        new RegExp(
          `^database\\.url=postgres://${user}:\\*\\*\\*\\*@[^ ]+/${database.name}\\?sslmode=disable {2}# file$`,
          'm',
        ),
      );
      expect(config.stdout).toMatch(/^spring\.datasource\.password=\*\*\*\* {2}# file$/m);
      expect(config.stdout).toMatch(/^flowable\.mail\.server\.password=\*\*\*\* {2}# file$/m);
      expect(config.stdout).toMatch(/^weir\.history-level=audit {2}# file$/m);
      for (const secret of [DB_PASSWORD, MAIL_PASSWORD, ADMIN_PASSWORD]) {
        expect(config.stdout + config.stderr).not.toContain(secret);
      }
    },
    PROCESS_TEST_TIMEOUT,
  );

  it('stops the boot on an unknown flowable key and names the nearest known one', async () => {
    const cwd = await workingFolder('flowable.foo.bar=1\n');
    const result = await runWeir('start', { cwd, args: ['--server.port=0'] });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^weir: Unknown configuration key 'flowable\.foo\.bar' \(from application\.properties\); did you mean 'flowable\.[a-z.-]+'\?\n$/,
    );

    const typo = await workingFolder('flowable.mail.server.hots=smtp.example.com\n');
    const typoResult = await runWeir('start', { cwd: typo, args: ['--server.port=0'] });
    expect(typoResult.code).toBe(2);
    expect(typoResult.stderr).toContain("did you mean 'flowable.mail.server.host'?");
  });

  it('stops the boot on a JDBC URL of another database, saying Weir runs on PostgreSQL only', async () => {
    const cwd = await workingFolder('spring.datasource.url=jdbc:h2:mem:flowable;DB_CLOSE_DELAY=-1\n');
    const result = await runWeir('start', { cwd, args: ['--server.port=0'] });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "weir: 'spring.datasource.url' (from application.properties) names a database of type 'h2' (jdbc:h2:mem:flowable;DB_CLOSE_DELAY=-1); Weir runs on PostgreSQL only: use jdbc:postgresql://host:port/database, or leave it unset for the embedded database\n",
    );
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it(
    'with flowable.database-schema-update=false boots only once weir migrate has brought the schema up to date',
    async () => {
      const database = await createEmptyPostgresDatabase();
      databases.push(database);
      const cwd = await workingFolder('flowable.database-schema-update=false\n');
      const result = await runWeir('start', {
        cwd,
        args: ['--server.port=0', `--database.url=${database.url}`],
        timeoutMs: 45_000,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^weir: The database schema is not current \(\d+ migrations pending, from 001-foundation\.sql\) and flowable\.database-schema-update=false forbids migrating at boot: run 'weir migrate' first\n$/,
      );
      const tables = await queryDatabase<{ n: string }>(
        database.url,
        "SELECT count(*) AS n FROM pg_tables WHERE tablename LIKE 'weir\\_%'",
      );
      expect(tables[0].n).toBe('0');

      // Once `weir migrate` has run, the same configuration boots.
      const migrated = await runWeir('migrate', {
        cwd,
        args: [`--database.url=${database.url}`],
        timeoutMs: 45_000,
      });
      expect(migrated.code).toBe(0);
      const node = await startNodeProcess({ cwd, args: [`--database.url=${database.url}`] });
      expect((await fetch(`${node.url}/actuator/health`)).status).toBe(200);
      expect((await node.stop('SIGTERM')).code).toBe(0);
    },
    PROCESS_TEST_TIMEOUT,
  );
});
