/** What the engine's commands need from around them: database, clock, caches, registries. */
import type { Database, Queryable } from '../persistence/database.ts';
import type { ProcessModel } from '../model/types.ts';
import { loadBpmn } from '../model/index.ts';
import { WeirError } from '../errors.ts';
import { getProcessDefinition, getResource } from '../persistence/repository-sql.ts';
import type { Clock } from './clock.ts';
import type { DelegateRegistry } from './delegates.ts';
import type { EventBus } from './events.ts';
import { defaultHttpTaskSettings, type HttpTaskSettings } from './http-request.ts';
import { defaultMailServerSettings, type MailServerSettings } from './mail-task.ts';
import type { HistoryLevel, JobRow, ProcessDefinitionRow } from './runtime-types.ts';
import type { CommandContext } from './context.ts';

export interface EngineConfig {
  historyLevel: HistoryLevel;
  /** bytes; larger variables are refused with WEIR_VARIABLE_TOO_LARGE */
  maxVariableSize: number;
  scriptTimeout: number;
  scriptMemoryLimit: number;
  /** worker threads of the script pool (one script each) */
  scriptThreads: number;
  /** most variables one execution or task may hold (WEIR_TOO_MANY_VARIABLES beyond) */
  maxVariablesPerScope: number;
  /** bytes of one instance's serialised document (WEIR_INSTANCE_TOO_LARGE beyond) */
  maxInstanceSize: number;
  /** most instances one multi-instance activity may create */
  maxMultiInstances: number;
  /** retries of a new job (Flowable's default: 3) */
  defaultRetries: number;
  /** wait before retrying a failed job without a retry cycle (Flowable: 10 s) */
  retryWait: number;
  /** lease of a job locked to this node at creation; the executor extends it while running */
  asyncJobLockTime: number;
  /** the HTTP task's limits and `flowable.http.*` timeouts */
  httpTask: HttpTaskSettings;
  /** the SMTP server of the mail task (`flowable.mail.server.*`) */
  mailServer: MailServerSettings;
  /** parsed definitions kept per node, least recently used dropped first; 0 or less: all */
  definitionCacheLimit: number;
}

export const defaultEngineConfig: EngineConfig = {
  historyLevel: 'full',
  maxVariableSize: 1024 * 1024,
  scriptTimeout: 5000,
  scriptMemoryLimit: 64 * 1024 * 1024,
  scriptThreads: 1,
  maxVariablesPerScope: 1000,
  maxInstanceSize: 16 * 1024 * 1024,
  maxMultiInstances: 10_000,
  defaultRetries: 3,
  retryWait: 10_000,
  asyncJobLockTime: 60_000,
  httpTask: defaultHttpTaskSettings,
  mailServer: defaultMailServerSettings,
  definitionCacheLimit: -1,
};

/**
 * The job executor's side of local-first hand-off: during a command's flush the engine asks
 * how many new jobs this node can take (`reserve`), inserts that many locked to this node,
 * and after commit hands them over (`dispatch`). On rollback the reservation is returned.
 */
export interface JobDispatcher {
  reserve(count: number): number;
  dispatch(jobs: readonly JobRow[]): void;
  release(count: number): void;
}

/**
 * The search index's part in a command: it records its writes in the command's write batch
 * (`batch`), so they commit with the state they index. Absent: nothing is indexed (an engine
 * on a database without the search tables, as most engine tests run).
 */
export interface CommandIndexer {
  recordCommand(batch: Queryable, ctx: CommandContext): Promise<void>;
  /**
   * Instances whose history was deleted outside a command (a deployment deleted with cascade):
   * their documents and variables go, in the transaction `db` that deleted them.
   */
  recordRemovedInstances(db: Queryable, instanceIds: readonly string[]): Promise<void>;
}

export interface EngineLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EngineServices {
  db: Database;
  clock: Clock;
  nodeId: string;
  config: EngineConfig;
  definitions: DefinitionCache;
  delegates: DelegateRegistry;
  bus: EventBus;
  log: EngineLogger;
  dispatcher?: JobDispatcher;
  indexer?: CommandIndexer;
}

export interface CachedDefinition {
  model: ProcessModel;
  definition: ProcessDefinitionRow;
}

/**
 * Parsed process definitions by id. Definitions never change once deployed, so no invalidation
 * is needed. With a limit (Flowable's `definition-cache-limit`), the least recently used one is
 * dropped and parsed again when next needed, so a node with thousands of versions stays small.
 */
export class DefinitionCache {
  readonly #byId = new Map<string, Promise<CachedDefinition>>();
  readonly #limit: number;

  constructor(limit = -1) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#byId.size;
  }

  async get(db: Queryable, id: string): Promise<CachedDefinition> {
    let entry = this.#byId.get(id);
    if (!entry) {
      entry = this.#load(db, id);
      entry.catch(() => this.#byId.delete(id));
    }
    this.#use(id, entry);
    const cached = await entry;
    return cached;
  }

  /** Definitions' suspension state changes: callers that need it fresh read the row. */
  put(definition: ProcessDefinitionRow, model: ProcessModel): void {
    this.#use(definition.id, Promise.resolve({ definition, model }));
  }

  /** A Map iterates in insertion order, so re-inserting makes `id` the most recently used. */
  #use(id: string, entry: Promise<CachedDefinition>): void {
    this.#byId.delete(id);
    this.#byId.set(id, entry);
    if (this.#limit <= 0) return;
    for (const oldest of this.#byId.keys()) {
      if (this.#byId.size <= this.#limit) break;
      this.#byId.delete(oldest);
    }
  }

  forget(id: string): void {
    this.#byId.delete(id);
  }

  async #load(db: Queryable, id: string): Promise<CachedDefinition> {
    const definition = await getProcessDefinition(db, id);
    if (!definition)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process definition with id '${id}'.`);
    const resource = await getResource(db, definition.deploymentId, definition.resourceName);
    if (!resource) {
      throw new WeirError(
        'WEIR_INTERNAL',
        `Resource ${definition.resourceName} of definition ${id} is missing`,
      );
    }
    const defs = await loadBpmn(Buffer.from(resource.content).toString('utf8'), {
      resourceName: definition.resourceName,
    });
    const model = defs.processes.find((p) => p.id === definition.key);
    if (!model)
      throw new WeirError('WEIR_INTERNAL', `Process '${definition.key}' is missing from its resource`);
    return { model, definition };
  }
}
