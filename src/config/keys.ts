import { autoDeploymentKeys } from './auto-deployment-keys.ts';
import { executorKeys } from './executor-keys.ts';
import { httpTaskKeys } from './http-task-keys.ts';
import { mailKeys } from './mail-keys.ts';
import { contentKeys } from './content-keys.ts';
import { limitKeys } from './limit-keys.ts';
import { flowableKeys } from './flowable-keys.ts';
import { oidcKeys } from './oidc-keys.ts';
import { boolean, byteSize, duration, int, list, oneOf, port, postgresUrl, string } from './key-types.ts';
import type { ConfigKey } from './key-types.ts';

/**
 * The registry: every configuration key Weir reads, in the order the docs list them.
 * `flowable.*` and `spring.*` keys are spelled exactly as in Flowable's Spring Boot starter
 * and clustering guide, so an existing Flowable configuration carries over.
 */

/**
 * Prefixes under which an unknown key is an error (a typo, most likely). Only the parts of
 * `spring.*` and `logging.*` that Weir reads are strict: a Flowable user's Spring file also
 * carries `spring.datasource.*`, `spring.application.name` or `logging.level.org.flowable`,
 * which mean nothing to Weir and must not stop it.
 */
export const knownPrefixes = [
  'server.',
  'database.',
  'weir.',
  'flowable.',
  'spring.elasticsearch.',
  'spring.activemq.',
  'spring.security.oauth2.',
] as const;

const serverKeys: readonly ConfigKey[] = [
  { key: 'server.port', type: port, default: '8090', description: 'HTTP port; 0 picks a free one.' },
  {
    key: 'server.address',
    type: string,
    default: '0.0.0.0',
    description: 'Address the HTTP server binds to.',
  },
  {
    key: 'server.max-body-size',
    type: byteSize,
    default: '10MB',
    description: 'Largest request body, all parts of a multipart upload together; larger ones get 413.',
  },
];

const databaseKeys: readonly ConfigKey[] = [
  {
    key: 'database.url',
    type: postgresUrl,
    unsetMeaning: 'embedded PGlite',
    secret: true,
    description: 'PostgreSQL connection string, `postgres://user:password@host:5432/db`.',
  },
  {
    key: 'database.embedded-path',
    type: string,
    default: './data',
    description: 'PGlite data folder when `database.url` is unset, relative to the working directory.',
  },
  {
    key: 'database.pool-size',
    type: int(1, 1000),
    default: '10',
    aliases: ['spring.datasource.hikari.maximum-pool-size'],
    description:
      "PostgreSQL connections per node, shared by HTTP requests and the job executor (the heartbeat and the LISTEN connection come on top: one each). Also accepted as Spring's `spring.datasource.hikari.maximum-pool-size`.",
  },
  {
    key: 'database.pooler',
    type: oneOf('direct', 'session', 'transaction'),
    default: 'direct',
    description:
      'What `database.url` leads to: PostgreSQL itself or a pooler in session mode (`direct`, `session`), or a pooler in transaction mode such as pgbouncer `pool_mode=transaction` (`transaction`: no prepared statements, LISTEN only through `database.listen-url`).',
  },
  {
    key: 'database.listen-url',
    type: postgresUrl,
    unsetMeaning: '`database.url`; with `database.pooler=transaction`, nothing listens and nodes poll',
    secret: true,
    description:
      'A direct PostgreSQL URL for the one LISTEN connection per node, when `database.url` goes through a transaction pooler.',
  },
];

const nodeKeys: readonly ConfigKey[] = [
  {
    key: 'weir.node-id',
    type: string,
    unsetMeaning: 'generated at boot',
    description: "This node's name in the cluster and in job locks; must differ between nodes.",
  },
  // Two seconds costs one tiny UPDATE per node every two seconds, and lets the cluster notice a
  // dead node (and release its jobs) within `weir.node-stale-after`.
  {
    key: 'weir.heartbeat-interval',
    type: duration(100),
    default: 'PT2S',
    description: 'How often a node writes its heartbeat row.',
  },
  // Five missed beats, not one: a long GC pause, a slow disk or a busy database can delay one
  // heartbeat, and declaring a live node dead releases its jobs to run a second time elsewhere.
  // Much longer and a crashed node's jobs wait that long for another node.
  {
    key: 'weir.node-stale-after',
    type: duration(100),
    default: 'PT10S',
    description:
      'A node whose heartbeat is older than this is dead and its job locks are released. Must exceed `weir.heartbeat-interval`.',
  },
  // Group commit: a runner that finds more jobs waiting than runners free takes several (of
  // different instances) and commits them in one transaction, a savepoint each, paying one
  // commit's WAL flush for all. A group forms only from jobs already waiting, so a node that
  // keeps up runs every job alone, as with 1. A job's instance stays locked until its group
  // commits, and one that would wait for a lock leaves its group to run alone.
  {
    key: 'weir.jobs.group-commit-size',
    type: int(1, 64),
    default: '1',
    description:
      'Most jobs one runner commits together when more jobs wait than runners are free (PostgreSQL only; 1: every job in its own transaction). Groups only form from a queue larger than `flowable.process.async.executor.max-pool-size`.',
  },
];

const engineKeys: readonly ConfigKey[] = [
  {
    key: 'weir.delegates-path',
    type: string,
    default: './delegates',
    description: 'Folder of TypeScript delegate modules loaded at boot, relative to the working directory.',
  },
  {
    key: 'weir.history-level',
    type: oneOf('none', 'activity', 'audit', 'full'),
    default: 'full',
    aliases: ['flowable.history-level'],
    description: 'How much history is kept, as in Flowable. Also accepted as `flowable.history-level`.',
  },
  // Five seconds is far beyond any sane data-shaping script and short enough that a runaway
  // loop releases its job (and database connection) before users notice.
  {
    key: 'weir.script.timeout',
    type: duration(1),
    default: 'PT5S',
    description: 'Wall-clock limit on one script task run; past it the script is stopped and the job fails.',
  },
  {
    key: 'weir.script.memory-limit',
    type: byteSize,
    default: '64MB',
    description: 'Memory limit of one script sandbox.',
  },
  {
    key: 'weir.script.threads',
    type: int(1, 64),
    default: '1',
    description:
      'Worker threads that run script tasks, one script each; more scripts wait their turn. Scripts never run on the event loop. One leaves a core of two to the event loop and the database; at most one less than the cores.',
  },
  {
    key: 'weir.variables.max-size',
    type: byteSize,
    default: '1MB',
    description: 'Largest serialised value of one process variable; larger ones are refused with 400.',
  },
  {
    key: 'weir.variables.max-per-scope',
    type: int(1, 1_000_000),
    default: '1000',
    description:
      'Most variables one execution, task or process instance may hold; more are refused with 400.',
  },
  {
    key: 'weir.variables.max-instance-size',
    type: byteSize,
    default: '16MB',
    description:
      'Largest serialised state (executions and variables) of one process instance; a command that would write more is refused with 413.',
  },
  {
    key: 'weir.multi-instance.max-instances',
    type: int(1, 1_000_000),
    default: '10000',
    description:
      'Most instances one multi-instance activity may create (`loopCardinality` or collection size), and one repeating case plan item may make in one command.',
  },
];

const httpKeys: readonly ConfigKey[] = [
  {
    key: 'weir.trusted-proxies',
    type: list,
    default: '127.0.0.1,::1',
    description: 'Proxies whose `X-Forwarded-*` headers are believed (addresses or CIDR ranges).',
  },
  {
    key: 'weir.events.replay-window',
    type: duration(0),
    default: 'PT1M',
    description: 'How far back a reconnecting event-stream client can resume.',
  },
  {
    key: 'flowable.rest.app.admin.user-id',
    type: string,
    unsetMeaning:
      '`admin` when a password is configured; with neither, the first boot on a database with no user at all creates `admin` with a random password printed once on standard output (not logged), and later boots create no one',
    description:
      'Admin user created at boot if missing, with both privileges, as in Flowable REST. A lost password: `weir admin reset-password [user]` prints a new one.',
  },
  {
    key: 'flowable.rest.app.admin.password',
    type: string,
    unsetMeaning: 'a configured admin user is not created (a warning says so)',
    secret: true,
    description:
      'Password of that admin user, used only to create it. Changing it later does not change a stored password: the boot logs a warning that they differ; `weir admin reset-password` or `PUT /idm-api/users/{id}` changes it.',
  },
];

const loggingKeys: readonly ConfigKey[] = [
  {
    key: 'logging.level',
    type: oneOf('trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'),
    default: 'info',
    aliases: ['logging.level.root'],
    description: "Log level (case-insensitive). Also accepted as Spring's `logging.level.root`.",
  },
  {
    key: 'logging.format',
    type: oneOf('auto', 'pretty', 'json'),
    default: 'auto',
    description:
      'How log lines look: `pretty` (one coloured line per entry in local time, for a person at a terminal), `json` (one JSON object per line, for log shippers), or `auto`: pretty when standard output is a terminal, JSON otherwise.',
  },
];

const clusterKeys: readonly ConfigKey[] = [
  {
    key: 'flowable.indexing.use-lock-for-index-mapping-creation',
    type: boolean,
    default: 'false',
    description: 'Create search-index mappings under a cluster lock, so booting nodes do not race.',
  },
  {
    key: 'flowable.indexing.mapping-schema-lock-wait-time',
    type: duration(0),
    default: 'PT5M',
    description: 'How long a booting node waits for the index-mapping lock before failing.',
  },
  {
    key: 'spring.elasticsearch.uris',
    type: list,
    unsetMeaning: 'PostgreSQL full-text index',
    description:
      'Accepted for Flowable configurations; this version searches in PostgreSQL and says so at startup (docs/search.md).',
  },
  {
    key: 'weir.search.language',
    type: string,
    default: 'simple',
    description:
      "Text search configuration of the search index's full text (`simple`: no stemming). Run `weir reindex` after changing it.",
  },
  {
    key: 'weir.search.reindex-batch-size',
    type: int(1, 100_000),
    default: '500',
    description:
      '`weir reindex`: process instance trees (or case instances) per transaction (each batch locks them for that long).',
  },
  {
    key: 'flowable.websocket.stomp-broker-addresses',
    type: list,
    unsetMeaning: 'PostgreSQL LISTEN/NOTIFY',
    description:
      'STOMP brokers the nodes relay conversation messages through (docs/cluster.md): comma-separated `host:port` of their STOMP connectors, tried in turn.',
  },
  {
    key: 'spring.activemq.broker-url',
    type: string,
    unsetMeaning: 'PostgreSQL LISTEN/NOTIFY',
    description:
      'Read for the broker list when `flowable.websocket.stomp-broker-addresses` is unset, e.g. `failover:(stomp://mq1:61613,stomp://mq2:61613)`; OpenWire (`tcp://`) addresses are refused, naming the key to set.',
  },
  {
    key: 'spring.activemq.user',
    type: string,
    unsetMeaning: "no login: the broker's default user (RabbitMQ: `stomp.default_user`)",
    description: 'User the nodes log in to the STOMP brokers as (`login` on CONNECT).',
  },
  {
    key: 'spring.activemq.password',
    type: string,
    secret: true,
    unsetMeaning: 'none',
    description: 'Password of `spring.activemq.user` (`passcode` on CONNECT).',
  },
];

export const configKeys: readonly ConfigKey[] = [
  ...serverKeys,
  ...databaseKeys,
  ...nodeKeys,
  ...engineKeys,
  ...httpKeys,
  ...limitKeys,
  ...loggingKeys,
  ...autoDeploymentKeys,
  ...clusterKeys,
  ...executorKeys,
  ...httpTaskKeys,
  ...mailKeys,
  ...contentKeys,
  ...oidcKeys,
  ...flowableKeys,
];
