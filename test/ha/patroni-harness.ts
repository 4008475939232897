/**
 * A highly available PostgreSQL of the test's own, built from the files in `deploy/ha/`:
 * a three-member etcd, two Patroni members (each running PostgreSQL on its own port, never the
 * machine's shared 5432) with synchronous replication, and HAProxy in front that routes to
 * whichever member Patroni's REST API calls the primary. Weir gets HAProxy's URL, as in
 * production (docs/database-ha.md).
 *
 * Everything lives in one temporary folder and runs in process groups the harness kills in
 * `stop()`, or at exit if a test run dies first. Every wait has a deadline and, when it
 * passes, an error that carries the services' logs.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../helpers/ports.ts';
import {
  cleanUpAtExit,
  handFolderToServices,
  killGroup,
  killPostmaster,
  postgresBinFolder,
  renderTemplate,
  startService,
  writeServiceFile,
} from './service-processes.ts';
import type { Service } from './service-processes.ts';

const HOST = '127.0.0.1';
/** Boots include initdb, a base backup and two PostgreSQL starts on a shared two-core machine. */
const BOOT_TIMEOUT_MS = 180_000;
const REQUEST_TIMEOUT_MS = 5_000;

/** Whether the machine has what the harness runs (Debian: patroni, etcd-server, haproxy). */
export const haToolsInstalled = (): boolean =>
  ['patroni', 'etcd', 'haproxy'].every((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });

export interface PatroniMember {
  readonly name: string;
  readonly pgPort: number;
  readonly apiPort: number;
  readonly dataDir: string;
}

/** What Patroni's `GET /cluster` says of one member. */
interface MemberState {
  readonly name: string;
  readonly role: string;
  readonly state: string;
  readonly timeline?: number;
}

export interface PatroniCluster {
  /** The URL Weir gets: HAProxy, database `weir`, as the `weir` role. */
  readonly url: string;
  readonly members: readonly PatroniMember[];
  /** Waits until one member is the primary and the other its synchronous standby. */
  waitUntilHealthy(timeoutMs?: number): Promise<{ primary: PatroniMember; standby: PatroniMember }>;
  /** A planned switchover through Patroni's REST API; resolves once the cluster is healthy again. */
  switchover(): Promise<{ from: string; to: string }>;
  /** SIGKILL of the primary's postmaster; the wall-clock time of the kill. */
  killPrimaryPostmaster(): Promise<{ member: string; killedAt: number }>;
  /** The members the primary replicates to synchronously (`pg_stat_replication.sync_state`). */
  synchronousStandbys(): Promise<string[]>;
  /** A query on a connection of its own through HAProxy (fails while there is no primary). */
  query<Row extends object>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** The end of every service's log, for a failure message. */
  logs(chars?: number): string;
  stop(): Promise<void>;
}

const secret = () => randomBytes(12).toString('hex');

const getJson = async <T>(url: string): Promise<T> => {
  const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
};

const poll = async <T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  logs: () => string,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last: ${String(last)})` : ''}\n${logs()}`,
  );
};

const startEtcd = async (
  folder: string,
  logs: () => string,
): Promise<{ services: Service[]; hosts: string }> => {
  const members = await Promise.all(
    ['etcd1', 'etcd2', 'etcd3'].map(async (name) => ({
      name,
      clientPort: await freePort(),
      peerPort: await freePort(),
    })),
  );
  const initialCluster = members.map((m) => `${m.name}=http://${HOST}:${m.peerPort}`).join(',');
  const token = `weir-ha-${secret()}`;
  const services: Service[] = [];
  for (const member of members) {
    const config = join(folder, `${member.name}.conf.yml`);
    await writeServiceFile(
      config,
      await renderTemplate('etcd.conf.yml', {
        NAME: member.name,
        DATA_DIR: join(folder, `${member.name}.data`),
        HOST,
        CLIENT_PORT: member.clientPort,
        PEER_PORT: member.peerPort,
        INITIAL_CLUSTER: initialCluster,
        CLUSTER_TOKEN: token,
      }),
    );
    services.push(
      startService(member.name, 'etcd', ['--config-file', config], join(folder, `${member.name}.log`), true),
    );
  }
  await poll(
    'etcd to elect a leader',
    60_000,
    async () => {
      const health = await getJson<{ health: string }>(`http://${HOST}:${members[0].clientPort}/health`);
      return health.health === 'true' ? true : undefined;
    },
    logs,
  );
  return { services, hosts: members.map((m) => `${HOST}:${m.clientPort}`).join(',') };
};

/** Start the whole set-up and wait until a primary and a synchronous standby exist. */
export const startPatroniCluster = async (): Promise<PatroniCluster> => {
  const folder = await mkdtemp(join(tmpdir(), 'weir-patroni-'));
  await handFolderToServices(folder);
  const services: Service[] = [];
  const logs = (chars = 3000) =>
    services.map((service) => `--- ${service.name} (${service.logFile}):\n${service.log(chars)}`).join('\n');
  const members: PatroniMember[] = [];
  const passwords = { superuser: secret(), replication: secret(), weir: secret() };
  const haproxyPort = await freePort();
  const scope = `weir-ha-${secret().slice(0, 8)}`;

  // Patroni first, so that it cannot start a PostgreSQL again; then the postmasters; then the rest.
  const killAll = () => {
    for (const service of services.filter((s) => s.name.startsWith('patroni'))) killGroup(service.pid);
    for (const member of members) killPostmaster(member.dataDir);
    for (const service of services) killGroup(service.pid);
  };
  const forget = cleanUpAtExit(() => {
    killAll();
    rmSync(folder, { recursive: true, force: true });
  });
  const stop = async () => {
    forget();
    killAll();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await rm(folder, { recursive: true, force: true });
  };

  const superuserUrl = (port: number) =>
    `postgres://postgres:${passwords.superuser}@${HOST}:${port}/postgres`;
  const query = async <Row extends object>(url: string, sql: string, params: unknown[] = []) => {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: REQUEST_TIMEOUT_MS,
      query_timeout: 30_000,
    });
    client.on('error', () => {});
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Row[];
    } finally {
      await client.end().catch(() => {});
    }
  };

  const clusterState = async (): Promise<MemberState[]> => {
    let last: unknown;
    for (const member of members) {
      try {
        return (await getJson<{ members: MemberState[] }>(`http://${HOST}:${member.apiPort}/cluster`))
          .members;
      } catch (error) {
        last = error;
      }
    }
    throw last instanceof Error ? last : new Error('No Patroni member answered');
  };

  const memberNamed = (name: string) => {
    const member = members.find((m) => m.name === name);
    if (!member) throw new Error(`Patroni reported an unknown member ${name}`);
    return member;
  };

  const waitUntilHealthy = (timeoutMs = 120_000) =>
    poll(
      'a primary and a synchronous standby',
      timeoutMs,
      async () => {
        const state = await clusterState();
        const leader = state.find((m) => m.role === 'leader' && m.state === 'running');
        const standby = state.find(
          (m) => m.role === 'sync_standby' && (m.state === 'running' || m.state === 'streaming'),
        );
        if (!leader || !standby) return undefined;
        // HAProxy must route to the primary too (its check runs every second).
        const [row] = await query<{ recovery: boolean; port: number }>(
          superuserUrl(haproxyPort),
          `SELECT pg_is_in_recovery() AS recovery, current_setting('port')::int AS port`,
        );
        const primary = memberNamed(leader.name);
        if (row.recovery || row.port !== primary.pgPort) return undefined;
        return { primary, standby: memberNamed(standby.name) };
      },
      logs,
    );

  try {
    const etcd = await startEtcd(folder, logs);
    services.push(...etcd.services);
    const pgpassFolder = join(folder, 'pgpass');
    await mkdir(pgpassFolder);
    await handFolderToServices(pgpassFolder);
    for (const name of ['pg1', 'pg2']) {
      const member = {
        name,
        pgPort: await freePort(),
        apiPort: await freePort(),
        dataDir: join(folder, `${name}.data`),
      };
      members.push(member);
      const config = join(folder, `${name}.yml`);
      await writeServiceFile(
        config,
        await renderTemplate('patroni.yml', {
          SCOPE: scope,
          NAME: name,
          HOST,
          API_PORT: member.apiPort,
          PG_PORT: member.pgPort,
          ETCD_HOSTS: etcd.hosts,
          DATA_DIR: member.dataDir,
          BIN_DIR: postgresBinFolder(),
          PGPASS_FILE: join(pgpassFolder, `${name}.pgpass`),
          SOCKET_DIR: folder,
          SUPERUSER_PASSWORD: passwords.superuser,
          REPLICATION_PASSWORD: passwords.replication,
          CLIENT_NETWORK: `${HOST}/32`,
        }),
      );
      services.push(
        startService(`patroni-${name}`, 'patroni', [config], join(folder, `patroni-${name}.log`), true),
      );
    }
    const haproxyConfig = join(folder, 'haproxy.cfg');
    await writeServiceFile(
      haproxyConfig,
      await renderTemplate('haproxy.cfg', {
        HOST,
        LISTEN_PORT: haproxyPort,
        MEMBER1_NAME: members[0].name,
        MEMBER1_PG_PORT: members[0].pgPort,
        MEMBER1_API_PORT: members[0].apiPort,
        MEMBER2_NAME: members[1].name,
        MEMBER2_PG_PORT: members[1].pgPort,
        MEMBER2_API_PORT: members[1].apiPort,
      }),
    );
    services.push(
      startService('haproxy', 'haproxy', ['-db', '-f', haproxyConfig], join(folder, 'haproxy.log'), false),
    );

    await waitUntilHealthy(BOOT_TIMEOUT_MS);
    // Weir's own role and database, as an operator would create them; the role is not a superuser.
    await query(superuserUrl(haproxyPort), `CREATE ROLE weir LOGIN PASSWORD '${passwords.weir}'`);
    await query(superuserUrl(haproxyPort), 'CREATE DATABASE weir OWNER weir');
  } catch (error) {
    await stop();
    throw error;
  }

  const url = `postgres://weir:${passwords.weir}@${HOST}:${haproxyPort}/weir`;
  return {
    url,
    members,
    waitUntilHealthy,
    async switchover() {
      const { primary, standby } = await waitUntilHealthy();
      const response = await fetch(`http://${HOST}:${primary.apiPort}/switchover`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ leader: primary.name, candidate: standby.name }),
        signal: AbortSignal.timeout(90_000),
      });
      const text = await response.text();
      if (response.status !== 200)
        throw new Error(`Switchover refused: ${response.status} ${text}\n${logs()}`);
      const after = await waitUntilHealthy();
      if (after.primary.name !== standby.name)
        throw new Error(`Switchover left ${after.primary.name} primary`);
      return { from: primary.name, to: standby.name };
    },
    async killPrimaryPostmaster() {
      const { primary } = await waitUntilHealthy();
      const pid = Number((await readFile(join(primary.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      return { member: primary.name, killedAt };
    },
    async synchronousStandbys() {
      const rows = await query<{ name: string }>(
        superuserUrl(haproxyPort),
        `SELECT application_name AS name FROM pg_stat_replication WHERE sync_state = 'sync' ORDER BY 1`,
      );
      return rows.map((row) => row.name);
    },
    query: (sql, params) => query(url, sql, params),
    logs,
    stop,
  };
};

/**
 * Milliseconds from `since` (a wall-clock time on this machine) to the first of the given
 * activities (by default the two async steps of `twoAsyncTasks`) that ended after it, by the
 * history the nodes wrote (they share this machine's clock); undefined when none has yet.
 */
export const firstStepCompletedAfter = async (
  cluster: PatroniCluster,
  since: number,
  activityIds: readonly string[] = ['first', 'second'],
): Promise<number | undefined> => {
  const [row] = await cluster.query<{ first: string | null }>(
    `SELECT (extract(epoch FROM min(ended_at)) * 1000)::bigint AS first FROM weir_hi_activity_instance
     WHERE activity_id = ANY($2) AND ended_at > to_timestamp($1 / 1000.0)`,
    [since, activityIds],
  );
  return row.first === null ? undefined : Number(row.first) - since;
};
