/**
 * One Weir node: what `weir start` runs. Boot composes the parts in order, and stop takes
 * them down in reverse:
 *
 *   open database -> migrate (under weirSchemaLock; or only check, per database-schema-update)
 *     -> register + heartbeat
 *     -> engine (delegates loaded) -> search index tables (under flowableIndexMappingLock)
 *     -> auto-deployment (under flowableAutoDeploymentLock) -> event log
 *     -> job executor (unless both acquisitions are off) -> services -> HTTP listen
 *
 * HTTP comes last so no request arrives before the services are up; on stop it goes first so
 * in-flight requests finish while everything they use still runs. The heartbeat starts before
 * the services because the job executor's locks are only trusted while the node beats.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { WeirConfig } from './config/index.ts';
import { WeirError } from './errors.ts';
import type { Database } from './persistence/database.ts';
import { openDatabase } from './persistence/open-database.ts';
import { checkSchemaCurrent, migrateSchema } from './cluster/schema-migration.ts';
import { generateNodeId, registerNode } from './cluster/node-registry.ts';
import { createIndexMappings } from './cluster/index-mappings.ts';
import { autoDeploy } from './cluster/auto-deploy.ts';
import { setUpSearchIndex } from './search/setup.ts';
import type { SearchIndex } from './search/search-index.ts';
import { ensureAdminUser } from './http/auth/bootstrap-admin.ts';
import { serverSettingWarnings } from './persistence/server-settings-sql.ts';
import { startEventLog } from './cluster/event-log.ts';
import type { EventLog } from './cluster/event-log.ts';
import { buildHttpApp } from './http/server.ts';
import { closeHttpGracefully } from './http/graceful-close.ts';
import { Engine } from './engine/index.ts';
// registers the case engine with the process engine (child deployer, task and job hooks)
import './cmmn/index.ts';
import { ContentEngine, contentStorageOf } from './content/index.ts';
import { startConversationFeeds, type LiveFeeds } from './conversations/index.ts';
import type { EngineConfig } from './engine/index.ts';
import { JobExecutor, checkTimingRule, executorSettingsFrom, runsJobs } from './jobs/index.ts';
import { nodeApplicationName } from './persistence/nodes-sql.ts';
import { weirVersion } from './version.ts';
import { createLogger } from './logger.ts';
import { createNodeMetrics } from './metrics/node-metrics.ts';
import type { NodeMetrics } from './metrics/node-metrics.ts';

/** A running node: what services and HTTP plugins are given. */
interface WeirNode {
  readonly id: string;
  readonly host: string;
  readonly version: string;
  readonly startedAt: Date;
  readonly config: WeirConfig;
  readonly db: Database;
  readonly logger: Logger;
  readonly engine: Engine;
  /** Absent when both job acquisitions are off: such a node serves requests only. */
  readonly jobExecutor?: JobExecutor;
  /** The cluster's event log: this node's engine events out, every node's events in. */
  readonly events: EventLog;
  readonly metrics: NodeMetrics;
  /** The search index every command writes and `/search-api` reads. */
  readonly search: SearchIndex;
  /** The content engine: bytes in the shared folder or S3 bucket (docs/content.md). */
  readonly content: ContentEngine;
  /** Live conversation feeds, relayed through a STOMP broker or PostgreSQL (docs/conversations.md). */
  readonly conversations: LiveFeeds;
}

/** A long-lived part of a node, started after the database and stopped before it. */
export interface NodeService {
  readonly name: string;
  start(node: WeirNode): Promise<void>;
  stop(): Promise<void>;
}

export interface StartNodeOptions {
  readonly services?: readonly NodeService[];
  readonly logger?: Logger;
}

export interface RunningNode {
  readonly node: WeirNode;
  readonly url: string;
  readonly port: number;
  /** Stop accepting, finish in-flight requests, stop services, deregister, close the database. */
  stop(): Promise<void>;
}

/**
 * Orchestrators kill a process that does not exit some time after SIGTERM (Kubernetes after
 * 30 s). Requests still running after this long are cut, so the rest of the shutdown (job
 * release, deregistration) still happens before the kill.
 */
const HTTP_DRAIN_TIMEOUT_MS = 20_000;

/** Stop listening, let accepted connections deliver their requests, then drain (see graceful-close.ts). */
const closeHttp = (app: FastifyInstance, log: Logger) =>
  closeHttpGracefully(app, { cutAfterMs: HTTP_DRAIN_TIMEOUT_MS, log });

const listen = async (app: FastifyInstance, config: WeirConfig): Promise<number> => {
  try {
    await app.listen({ port: config.server.port, host: config.server.address });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new WeirError(
        'WEIR_PORT_IN_USE',
        `Port ${config.server.port} on ${config.server.address} is already in use (set server.port)`,
      );
    }
    throw error;
  }
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : config.server.port;
};

const engineConfigOf = (config: WeirConfig): EngineConfig => ({
  historyLevel: config.engine.historyLevel,
  maxVariableSize: config.engine.maxVariableSize,
  scriptTimeout: config.engine.scriptTimeout,
  scriptMemoryLimit: config.engine.scriptMemoryLimit,
  scriptThreads: config.engine.scriptThreads,
  maxVariablesPerScope: config.engine.maxVariablesPerScope,
  maxInstanceSize: config.engine.maxInstanceSize,
  maxMultiInstances: config.engine.maxMultiInstances,
  defaultRetries: config.executor.defaultRetries,
  retryWait: config.executor.defaultRetryWait,
  asyncJobLockTime: config.executor.asyncJobLockTime,
  httpTask: config.httpTask,
  mailServer: config.mailServer,
  definitionCacheLimit: config.engine.definitionCacheLimit,
});

/** Run the steps in reverse, each even if an earlier one failed; the first error is thrown. */
const unwind = async (steps: (() => Promise<void>)[], log: Logger) => {
  let first: unknown;
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch (error) {
      log.error({ err: error }, 'A step of the shutdown failed');
      first ??= error;
    }
  }
  if (first !== undefined) throw first;
};

export const startNode = async (config: WeirConfig, options: StartNodeOptions = {}): Promise<RunningNode> => {
  const logger = options.logger ?? createLogger(config.logging);
  for (const warning of config.warnings) logger.warn(warning);
  if (runsJobs(executorSettingsFrom(config))) {
    checkTimingRule({
      heartbeatInterval: config.node.heartbeatInterval,
      staleAfter: config.node.staleAfter,
      asyncJobLockTime: config.executor.asyncJobLockTime,
      timerLockTime: config.executor.timerLockTime,
    });
  }
  const id = config.node.id ?? generateNodeId();
  const host = hostname();
  const startedAt = new Date();
  const steps: (() => Promise<void>)[] = [];
  try {
    // application_name is cut at 63 bytes by PostgreSQL; the id is the useful part.
    const db = await openDatabase(config, { applicationName: nodeApplicationName(id), log: logger });
    steps.push(() => db.close());
    if (config.database.schemaUpdate === 'verify') {
      await checkSchemaCurrent(db);
    } else {
      const applied = await migrateSchema(db, { id, host }, { wait: config.database.schemaLockWaitTime });
      if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.file) }, 'Schema migrated');
    }
    for (const { setting, message } of await serverSettingWarnings(db)) logger.warn({ setting }, message);
    // The first admin: from flowable.rest.app.admin.*, or generated and printed once on a fresh database.
    await ensureAdminUser(db, config, logger);

    // the executor starts later; its figures join the heartbeat from then on (/actuator/cluster reads them)
    let executorStats: (() => Record<string, unknown>) | undefined;
    const registration = await registerNode(
      db,
      { id, host, port: config.server.port, version: weirVersion, startedAt },
      {
        interval: config.node.heartbeatInterval,
        staleAfter: config.node.staleAfter,
        log: logger,
        stats: () => executorStats?.() ?? {},
      },
    );
    steps.push(() => registration.deregister());

    const metrics = createNodeMetrics(id, db.pool);
    steps.push(async () => metrics.stop());
    const engine = new Engine({ db, nodeId: id, log: logger, config: engineConfigOf(config) });
    metrics.watchEngine(engine.bus);
    const delegates = await engine.delegates.loadFolder(config.engine.delegatesPath);
    if (delegates.length > 0) logger.info({ delegates }, `Loaded ${delegates.length} delegates`);
    await createIndexMappings(db, { id, host }, config.indexing, logger);
    const search = await setUpSearchIndex(engine, config.search, logger);
    await autoDeploy({ engine, db, owner: { id, host }, settings: config.autoDeployment, log: logger });
    // Before the executor, so the events of the jobs it runs are logged; stopped after it.
    const events = await startEventLog({
      db,
      bus: engine.bus,
      replayWindow: config.http.eventReplayWindow,
      log: logger,
    });
    steps.push(() => events.stop());
    const content = new ContentEngine({
      db,
      storage: await contentStorageOf(config.content),
      maxSize: config.content.maxSize,
      log: logger,
    });
    content.start();
    steps.push(() => content.stop());
    const conversations = await startConversationFeeds(db, config.broker, logger);
    steps.push(() => conversations.stop());
    const settings = executorSettingsFrom(config);
    const jobExecutor = runsJobs(settings)
      ? new JobExecutor({ engine, settings, log: logger, heartbeat: registration })
      : undefined;
    if (jobExecutor) {
      await jobExecutor.start();
      executorStats = () => {
        const m = jobExecutor.metrics();
        return { queueDepth: m.queueDepth, running: m.running, executed: m.executed, failed: m.failed };
      };
      steps.push(() => jobExecutor.stop());
    }

    const node: WeirNode = {
      id,
      host,
      version: weirVersion,
      startedAt,
      config,
      db,
      logger,
      engine,
      jobExecutor,
      events,
      metrics,
      search,
      content,
      conversations,
    };
    for (const service of options.services ?? []) {
      await service.start(node);
      steps.push(() => service.stop());
    }

    const app = await buildHttpApp(node);
    steps.push(() => closeHttp(app, logger));
    const port = await listen(app, config);
    if (port !== config.server.port) await registration.setPort(port);

    const shownHost = ['0.0.0.0', '::'].includes(config.server.address) ? 'localhost' : config.server.address;
    const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
    logger.info(
      { url, nodeId: id, database: db.kind, version: weirVersion },
      `Weir ${weirVersion} is up at ${url} (node ${id}, ${db.kind} database)`,
    );

    let stopping: Promise<void> | undefined;
    return {
      node,
      url,
      port,
      stop() {
        stopping ??= unwind(steps, logger).then(() => logger.info({ nodeId: id }, 'Weir node stopped'));
        return stopping;
      },
    };
  } catch (error) {
    await unwind(steps, logger).catch(() => {});
    throw error;
  }
};
