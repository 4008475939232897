/**
 * The engine's public API: the commands that clients, the REST layer, the job executor and
 * tests call. Each command is one transaction (see `command.ts`).
 */
import { configureScriptThreads } from './script/script-pool.ts';
import type { Database } from '../persistence/database.ts';
import { WeirError, isWeirError } from '../errors.ts';
import {
  getProcessDefinition,
  latestProcessDefinition,
  setDefinitionSuspended,
} from '../persistence/repository-sql.ts';
import {
  findSubscriptions,
  getTaskRow,
  rootIdOfExecution,
  rootIdOfInstance,
} from '../persistence/runtime-sql.ts';
import { systemClock, type Clock } from './clock.ts';
import { DelegateRegistry } from './delegates.ts';
import { EventBus } from './events.ts';
import {
  DefinitionCache,
  defaultEngineConfig,
  type EngineConfig,
  type EngineLogger,
  type EngineServices,
  type JobDispatcher,
} from './services.ts';
import { runCommand } from './command.ts';
import type { CommandContext } from './context.ts';
import { createInstance, type StartOptions } from './instance-start.ts';
import { deploy, type DeployInput, type DeploymentResult } from './deploy.ts';
import type { JobRow, ProcessDefinitionRow, TaskRow, VariableType } from './runtime-types.ts';
import {
  assignTask,
  completeTaskInContext,
  delegateTaskTo,
  resolveDelegatedTask,
  setInstanceSuspension,
  updateTaskFields,
  type TaskCompletion,
} from './task-commands.ts';
import { triggerWait } from './triggers.ts';
import { setVariable, setVariableLocal, removeVariable, setTransientVariable } from './variable-scope.ts';
import { cancelInstance } from './cancel.ts';
import { executeJobInContext, recordJobFailure, type JobOutcome } from './job-execution.ts';
import { moveTimerJobToExecutable, rescheduleTimerJob } from './timer-jobs.ts';
import { deliverSignal } from './signals.ts';
import { newId } from './ids.ts';
import { EngineQueries, instanceView } from './queries.ts';
import { ownVariable } from './own-variables.ts';
import type { Transaction } from '../persistence/database.ts';
import { requireDeployer, requireStarter, requireVisibleInstance, type Principal } from './authorization.ts';
import { checkTaskAccess, type TaskAction } from './task-access.ts';
import { deleteDeployment } from './deployment-delete.ts';

export interface EngineOptions {
  db: Database;
  clock?: Clock;
  nodeId?: string;
  config?: Partial<EngineConfig>;
  delegates?: DelegateRegistry;
  log?: EngineLogger;
  dispatcher?: JobDispatcher;
}

const silentLog: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} };

export interface StartInstanceInput extends Omit<
  StartOptions,
  'superInstance' | 'superExecution' | 'startEventId'
> {
  tenantId?: string;
  /** who starts it: refused unless a candidate starter (when the definition names any) */
  by?: Principal;
}

export interface StartedInstance {
  id: string;
  definitionId: string;
  businessKey: string | null;
  ended: boolean;
  /** the instance's variables after the command, when asked for */
  variables?: Record<string, unknown>;
}

export class Engine {
  readonly services: EngineServices;
  readonly query: EngineQueries;

  constructor(options: EngineOptions) {
    const config = { ...defaultEngineConfig, ...options.config };
    this.services = {
      db: options.db,
      clock: options.clock ?? systemClock,
      nodeId: options.nodeId ?? `engine-${newId().slice(0, 8)}`,
      config,
      definitions: new DefinitionCache(config.definitionCacheLimit),
      delegates: options.delegates ?? new DelegateRegistry(),
      bus: new EventBus(),
      log: options.log ?? silentLog,
      dispatcher: options.dispatcher,
    };
    this.query = new EngineQueries(options.db);
    configureScriptThreads(this.services.config.scriptThreads);
  }

  get db(): Database {
    return this.services.db;
  }

  get delegates(): DelegateRegistry {
    return this.services.delegates;
  }

  get bus(): EventBus {
    return this.services.bus;
  }

  setDispatcher(dispatcher: JobDispatcher | undefined): void {
    this.services.dispatcher = dispatcher;
  }

  /** Run a command, then deliver the signals it threw to other instances. */
  async #run<T>(work: (ctx: CommandContext) => Promise<T>): Promise<T> {
    const { value, ctx } = await runCommand(this.services, work);
    for (const signal of ctx.pendingSignals) {
      await deliverSignal(this.services, signal.name, {
        tenantId: signal.tenantId,
        onlyInstanceId: signal.scope === 'processInstance' ? signal.fromInstanceId : undefined,
      });
    }
    return value;
  }

  // --- repository --------------------------------------------------------------------------

  async deploy(input: DeployInput, by?: Principal): Promise<DeploymentResult> {
    requireDeployer(by, 'deploy', 'process definitions');
    return deploy(this.services, input);
  }

  /** Delete a deployment; `cascade` also cancels its running instances and deletes their history. */
  deleteDeployment(deploymentId: string, cascade: boolean, by?: Principal): Promise<void> {
    requireDeployer(by, 'delete', `deployment '${deploymentId}'`);
    return deleteDeployment(this, deploymentId, cascade);
  }

  async setProcessDefinitionSuspended(
    definitionId: string,
    suspended: boolean,
    by?: Principal,
  ): Promise<void> {
    requireDeployer(by, suspended ? 'suspend' : 'activate', `process definition '${definitionId}'`);
    const current = await getProcessDefinition(this.db, definitionId);
    if (!current)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process definition with id '${definitionId}'.`);
    if (current.suspended === suspended) {
      throw new WeirError(
        'WEIR_CONFLICT',
        `Process definition with id '${definitionId}' is already ${suspended ? 'suspended' : 'active'}`,
      );
    }
    await setDefinitionSuspended(this.db, definitionId, suspended);
  }

  // --- starting instances ---------------------------------------------------------------------

  async #definitionByKey(key: string, tenantId = ''): Promise<ProcessDefinitionRow> {
    const definition = await latestProcessDefinition(this.db, key, tenantId);
    if (!definition) {
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `No process definition found with key '${key}'${tenantId ? ` in tenant '${tenantId}'` : ''}.`,
      );
    }
    return definition;
  }

  async startProcessInstanceByKey(key: string, input: StartInstanceInput = {}): Promise<StartedInstance> {
    const definition = await this.#definitionByKey(key, input.tenantId);
    return this.#start(definition, input);
  }

  async startProcessInstanceById(
    definitionId: string,
    input: StartInstanceInput & { startEventId?: string; returnVariables?: boolean } = {},
  ): Promise<StartedInstance> {
    const definition = await getProcessDefinition(this.db, definitionId);
    if (!definition)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process definition with id '${definitionId}'.`);
    return this.#start(definition, input);
  }

  async #start(
    definition: ProcessDefinitionRow,
    input: StartInstanceInput & { startEventId?: string; returnVariables?: boolean },
  ): Promise<StartedInstance> {
    const definitionId = definition.id;
    if (definition.suspended) {
      throw new WeirError(
        'WEIR_SUSPENDED',
        `Cannot start process instance. Process definition ${definition.key} (id = ${definition.id}) is suspended`,
      );
    }
    const { by, ...options } = input;
    const inst = await this.#run(async (ctx) => {
      if (by)
        requireStarter(by, (await this.services.definitions.get(ctx.tx, definitionId)).model, definitionId);
      return createInstance(ctx, definitionId, options);
    });
    return {
      id: inst.row.id,
      definitionId,
      businessKey: inst.row.businessKey,
      ended: inst.ended,
      variables: instanceView(inst.row).variables,
    };
  }

  /** Start the process whose message start event listens for `messageName`. */
  async startProcessInstanceByMessage(
    messageName: string,
    input: StartInstanceInput = {},
  ): Promise<StartedInstance> {
    const subs = await findSubscriptions(this.db, {
      eventType: 'message',
      eventName: messageName,
      tenantId: input.tenantId ?? '',
      startOnly: true,
    });
    const sub = subs[0];
    if (!sub?.definitionId || !sub.activityId) {
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `No process definition has a message start event for message '${messageName}'.`,
      );
    }
    return this.startProcessInstanceById(sub.definitionId, { ...input, startEventId: sub.activityId });
  }

  // --- tasks -----------------------------------------------------------------------------------

  /**
   * A command on one task: lock its instance, read the task (and, for a person, its links)
   * under the lock, check the person may do `action`, then work.
   */
  async #taskCommand<T>(
    taskId: string,
    access: { by?: Principal; action: TaskAction; allowSuspended?: boolean },
    work: (ctx: CommandContext, task: TaskRow) => Promise<T>,
  ): Promise<T> {
    const row = await getTaskRow(this.db, taskId);
    if (!row) throw new WeirError('WEIR_NOT_FOUND', `Could not find a task with id '${taskId}'.`);
    return this.#run(async (ctx) => {
      if (row.rootInstanceId) await ctx.loadRoot(row.rootInstanceId);
      const task = ctx.tasks.get(taskId);
      if (!task) throw new WeirError('WEIR_NOT_FOUND', `Could not find a task with id '${taskId}'.`);
      await checkTaskAccess(ctx, access.by, task, access.action);
      if (task.suspended && !access.allowSuspended)
        throw new WeirError('WEIR_SUSPENDED', `Task with id '${taskId}' is suspended`);
      return work(ctx, task);
    });
  }

  /**
   * Work on a task's rows of its own (identity links, comments) inside the task's command, after
   * the person's access is checked under the instance lock.
   */
  withTask<T>(
    taskId: string,
    by: Principal | undefined,
    action: TaskAction,
    work: (tx: Transaction, task: TaskRow) => Promise<T>,
  ): Promise<T> {
    return this.#taskCommand(taskId, { by, action, allowSuspended: true }, (ctx, task) => work(ctx.tx, task));
  }

  completeTask(taskId: string, completion: TaskCompletion = {}, by?: Principal): Promise<void> {
    return this.#taskCommand(taskId, { by, action: { kind: 'complete' } }, (ctx, task) =>
      completeTaskInContext(ctx, task, completion),
    );
  }

  /** Claim (userId) or unclaim (null). Claiming a task someone else holds is a conflict. */
  claimTask(taskId: string, userId: string | null, by?: Principal): Promise<void> {
    return this.#taskCommand(
      taskId,
      { by, action: { kind: 'claim', assignee: userId } },
      async (ctx, task) => {
        if (userId !== null && task.assignee && task.assignee !== userId) {
          throw new WeirError('WEIR_CONFLICT', `Task '${taskId}' is already claimed by someone else.`);
        }
        await assignTask(ctx, task, userId, true);
      },
    );
  }

  setTaskAssignee(taskId: string, userId: string | null, by?: Principal): Promise<void> {
    return this.#taskCommand(
      taskId,
      { by, action: { kind: 'change', verb: 'assign' } },
      async (ctx, task) => {
        await assignTask(ctx, task, userId, false);
      },
    );
  }

  updateTask(
    taskId: string,
    changes: Partial<
      Pick<
        TaskRow,
        'name' | 'description' | 'owner' | 'priority' | 'dueDate' | 'category' | 'formKey' | 'parentTaskId'
      >
    > & { assignee?: string | null },
    by?: Principal,
  ): Promise<void> {
    return this.#taskCommand(taskId, { by, action: { kind: 'change' } }, async (ctx, task) => {
      await updateTaskFields(ctx, task, changes);
    });
  }

  delegateTask(taskId: string, userId: string, by?: Principal): Promise<void> {
    return this.#taskCommand(taskId, { by, action: { kind: 'delegate' } }, async (ctx, task) => {
      await delegateTaskTo(ctx, task, userId);
    });
  }

  resolveTask(taskId: string, variables: Record<string, unknown> = {}, by?: Principal): Promise<void> {
    return this.#taskCommand(taskId, { by, action: { kind: 'resolve' } }, async (ctx, task) => {
      await resolveDelegatedTask(ctx, task, variables);
    });
  }

  // --- executions, messages, signals ----------------------------------------------------------

  async #executionCommand<T>(
    executionId: string,
    by: Principal | undefined,
    work: (ctx: CommandContext) => Promise<T>,
  ): Promise<T> {
    const rootId = await rootIdOfExecution(this.db, executionId);
    if (!rootId)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find an execution with id '${executionId}'.`);
    return this.#run(async (ctx) => {
      await ctx.loadRoot(rootId);
      const { inst } = ctx.execution(executionId);
      await requireVisibleInstance(ctx.tx, by, inst.row.id);
      if (inst.row.suspended)
        throw new WeirError('WEIR_SUSPENDED', `Process instance '${inst.row.id}' is suspended`);
      return work(ctx);
    });
  }

  /** Continue an execution waiting in a receive task (or any wait state without an event). */
  trigger(
    executionId: string,
    variables: Record<string, unknown> = {},
    transientVariables: Record<string, unknown> = {},
    by?: Principal,
  ): Promise<void> {
    return this.#executionCommand(executionId, by, async (ctx) => {
      const { exec, inst } = ctx.execution(executionId);
      const node = exec.activityId ? inst.model.nodes[exec.activityId] : undefined;
      if (
        !node ||
        (node.kind !== 'receiveTask' && node.kind !== 'intermediateCatchEvent' && node.kind !== 'serviceTask')
      ) {
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Execution '${executionId}' is not waiting in a receive task (it is at '${exec.activityId}')`,
        );
      }
      for (const [k, v] of Object.entries(variables)) setVariable(ctx, exec, k, v);
      for (const [k, v] of Object.entries(transientVariables)) setTransientVariable(ctx, exec, k, v);
      ctx.push({ kind: 'leave', exec });
    });
  }

  /** Deliver a message to the execution subscribed to it. */
  async messageEventReceived(
    messageName: string,
    executionId: string,
    variables: Record<string, unknown> = {},
    by?: Principal,
  ): Promise<void> {
    const subs = await findSubscriptions(this.db, {
      eventType: 'message',
      eventName: messageName,
      executionId,
    });
    const sub = subs[0];
    if (!sub) {
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `Execution with id '${executionId}' does not have a subscription to a message event with name '${messageName}'`,
      );
    }
    await this.#executionCommand(executionId, by, async (ctx) => {
      const { exec } = ctx.execution(executionId);
      for (const [k, v] of Object.entries(variables)) setVariable(ctx, exec, k, v);
      await triggerWait(ctx, exec, sub.activityId!);
    });
  }

  /**
   * Throw a signal: every globally scoped subscriber (of the tenant) receives it; signal start
   * events start instances. A `processInstance`-scoped catch only hears its own instance's throws.
   */
  async signalEventReceived(
    signalName: string,
    options: { tenantId?: string; executionId?: string; variables?: Record<string, unknown> } = {},
  ): Promise<number> {
    return deliverSignal(this.services, signalName, { ...options, globalOnly: true });
  }

  // --- variables -------------------------------------------------------------------------------

  async setVariables(
    executionId: string,
    variables: Record<string, unknown>,
    options: { local?: boolean; types?: Record<string, VariableType | undefined>; by?: Principal } = {},
  ): Promise<void> {
    await this.#executionCommand(executionId, options.by, async (ctx) => {
      const { exec } = ctx.execution(executionId);
      for (const [k, v] of Object.entries(variables)) {
        if (options.local) setVariableLocal(ctx, exec, k, v, ownVariable(options.types, k));
        else setVariable(ctx, exec, k, v, ownVariable(options.types, k));
      }
    });
  }

  async removeVariable(executionId: string, name: string, local = false, by?: Principal): Promise<boolean> {
    return this.#executionCommand(executionId, by, async (ctx) =>
      removeVariable(ctx, ctx.execution(executionId).exec, name, local),
    );
  }

  // --- instances ----------------------------------------------------------------------------------

  async deleteProcessInstance(
    instanceId: string,
    reason: string | null = null,
    by?: Principal,
  ): Promise<void> {
    const rootId = await rootIdOfInstance(this.db, instanceId);
    if (!rootId)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${instanceId}'.`);
    await this.#run(async (ctx) => {
      await ctx.loadRoot(rootId);
      await requireVisibleInstance(ctx.tx, by, instanceId);
      const inst = ctx.instances.get(instanceId)!;
      await cancelInstance(ctx, inst, reason ?? 'deleted');
    });
  }

  async setProcessInstanceSuspended(instanceId: string, suspended: boolean, by?: Principal): Promise<void> {
    const rootId = await rootIdOfInstance(this.db, instanceId);
    if (!rootId)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${instanceId}'.`);
    await this.#run(async (ctx) => {
      await ctx.loadRoot(rootId);
      await requireVisibleInstance(ctx.tx, by, instanceId);
      const inst = ctx.instances.get(instanceId)!;
      if (inst.row.suspended === suspended) {
        throw new WeirError(
          'WEIR_CONFLICT',
          `Process instance with id '${instanceId}' is already ${suspended ? 'suspended' : 'active'}`,
        );
      }
      await setInstanceSuspension(ctx, rootId, suspended);
    });
  }

  // --- jobs ---------------------------------------------------------------------------------------

  /** Run one job in its own transaction. Its effects and its deletion commit together. */
  async executeJob(
    jobId: string,
    hint?: { rootInstanceId: string | null; job?: JobRow },
  ): Promise<JobOutcome> {
    try {
      return await this.#run((ctx) => executeJobInContext(ctx, jobId, hint));
    } catch (error) {
      // the guarded delete found the job gone: someone else ran it; this run was rolled back
      if (isWeirError(error) && error.code === 'WEIR_JOB_GONE') return 'gone';
      throw error;
    }
  }

  /** Fire a waiting timer now: it becomes an executable job (WEIR_NOT_FOUND if it is not waiting). */
  moveTimerJobToExecutable(jobId: string): Promise<void> {
    return moveTimerJobToExecutable(this.services, jobId);
  }

  rescheduleTimerJob(jobId: string, dueAt: Date): Promise<void> {
    return rescheduleTimerJob(this.services, jobId, dueAt);
  }

  /** After a failed run (rolled back): count down retries, schedule the retry or dead-letter the job. */
  recordJobFailure(jobId: string, error: unknown): Promise<void> {
    return recordJobFailure(this.services, jobId, error);
  }
}
