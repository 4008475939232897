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
} from '../persistence/runtime-reads-sql.ts';
import { systemClock, type Clock } from './clock.ts';
import { DelegateRegistry } from './delegates.ts';
import { EventBus } from './events.ts';
import {
  DefinitionCache,
  defaultEngineConfig,
  type EngineConfig,
  type EngineLogger,
  type EngineServices,
  type CommandIndexer,
  type JobDispatcher,
} from './services.ts';
import { runCommand } from './command.ts';
import type { CommandContext } from './context.ts';
import { createInstance, type StartOptions } from './instance-start.ts';
import { deploy, type DeployInput, type DeploymentResult } from './deploy.ts';
import type { ProcessModel } from '../model/types.ts';
import type { InstanceRow, JobRow, ProcessDefinitionRow, TaskRow, VariableType } from './runtime-types.ts';
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
import { triggerExecution } from './execution-trigger.ts';
import { evaluateConditionalEventsOf } from './conditional-events.ts';
import {
  findVariable,
  setVariable,
  setVariableLocal,
  removeVariable,
  setTransientVariable,
} from './variable-scope.ts';
import { cancelInstance } from './cancel.ts';
import {
  executeJobGroup,
  executeJobInContext,
  recordJobFailure,
  type GroupedJob,
  type GroupedJobOutcome,
  type JobOutcome,
} from './job-execution.ts';
import { moveTimerJobToExecutable, rescheduleTimerJob } from './timer-jobs.ts';
import { deliverSignal } from './signals.ts';
import { newId } from './ids.ts';
import { EngineQueries, instanceView } from './queries.ts';
import { ownVariable } from './own-variables.ts';
import { storeBytesOf } from './variable-bytes.ts';
import type { Transaction } from '../persistence/database.ts';
import { requireDeployer, requireVisibleInstance, type Principal } from './authorization.ts';
import {
  currentCandidateStarters,
  requireCandidateStarter,
  seedCandidateStarters,
} from './candidate-starters.ts';
import {
  deleteCandidateStarter,
  definitionsWithoutSeededStarters,
  insertCandidateStarter,
  type CandidateStarterRow,
  type Identity,
} from '../persistence/identity-links-sql.ts';
import { checkTaskAccess, type TaskAction } from './task-access.ts';
import { deleteDeployment } from './deployment-delete.ts';
import { updateInstanceFields, type InstanceChanges } from './instance-update.ts';
import { scheduleDefinitionState } from './definition-state.ts';
import { OperatorCommands } from './operator-commands.ts';
import { scopeHooksOf } from './scope-hooks.ts';

export interface EngineOptions {
  db: Database;
  clock?: Clock;
  nodeId?: string;
  config?: Partial<EngineConfig>;
  delegates?: DelegateRegistry;
  log?: EngineLogger;
  dispatcher?: JobDispatcher;
  /** the search index, written in every command's flush */
  indexer?: CommandIndexer;
}

const silentLog: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} };

export interface StartInstanceInput extends Omit<
  StartOptions,
  'superInstance' | 'superExecution' | 'startEventId'
> {
  tenantId?: string;
  /** who starts it: refused unless a candidate starter (when the definition names any) */
  by?: Principal;
  /** a start form submitted with the start, checked inside the command (see `forms/`) */
  startForm?: StartFormHook;
}

/**
 * A start form's part in the start command: check the submission under the command (before the
 * instance exists) and give its variables; record the submission once the instance has an id.
 */
export type StartFormHook = (
  ctx: CommandContext,
  definition: ProcessDefinitionRow,
) => Promise<{
  variables: Record<string, unknown>;
  variableTypes: Record<string, VariableType>;
  record: (ctx: CommandContext, instanceId: string) => Promise<void>;
}>;

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
  /** Operators' repairs of running instances: change state, migration, batches. */
  readonly operators: OperatorCommands;

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
      indexer: options.indexer,
    };
    this.query = new EngineQueries(options.db);
    this.operators = new OperatorCommands(this.services, (work) => this.#run(work));
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

  /** Index every later command's changes (set at boot, once the search tables exist). */
  setIndexer(indexer: CommandIndexer | undefined): void {
    this.services.indexer = indexer;
  }

  setDispatcher(dispatcher: JobDispatcher | undefined): void {
    this.services.dispatcher = dispatcher;
  }

  /** Run a command, then deliver the signals it threw to other instances. */
  async #run<T>(work: (ctx: CommandContext) => Promise<T>): Promise<T> {
    const { value, ctx } = await runCommand(this.services, work);
    await this.#afterCommand(ctx);
    return value;
  }

  /** What a committed command left to do in commands of their own: the signals it threw. */
  async #afterCommand(ctx: CommandContext): Promise<void> {
    for (const signal of ctx.pendingSignals) {
      await deliverSignal(this.services, signal.name, {
        tenantId: signal.tenantId,
        onlyInstanceId: signal.scope === 'processInstance' ? signal.fromInstanceId : undefined,
      });
    }
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
    const current = await this.#definitionRow(definitionId);
    if (current.suspended === suspended) {
      throw new WeirError(
        'WEIR_CONFLICT',
        `Process definition with id '${definitionId}' is already ${suspended ? 'suspended' : 'active'}`,
      );
    }
    await setDefinitionSuspended(this.db, definitionId, suspended);
  }

  async #definitionRow(definitionId: string): Promise<ProcessDefinitionRow> {
    const definition = await getProcessDefinition(this.db, definitionId);
    if (!definition)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process definition with id '${definitionId}'.`);
    return definition;
  }

  /** The parsed, validated model of a definition (from the definition cache). */
  async processModel(definitionId: string): Promise<ProcessModel> {
    await this.#definitionRow(definitionId);
    return (await this.services.definitions.get(this.db, definitionId)).model;
  }

  /** Who may start the definition (none: every REST user). */
  async candidateStarters(definitionId: string): Promise<CandidateStarterRow[]> {
    await this.#definitionRow(definitionId);
    return this.#run((ctx) => currentCandidateStarters(this.services, ctx.tx, definitionId));
  }

  /** Add a candidate starter (a deployer's change); adding one already there changes nothing. */
  async addCandidateStarter(definitionId: string, who: Identity, by?: Principal): Promise<void> {
    requireDeployer(by, 'change the candidate starters of', `process definition '${definitionId}'`);
    await this.#definitionRow(definitionId);
    await this.#run(async (ctx) => {
      await seedCandidateStarters(this.services, ctx.tx, definitionId);
      await insertCandidateStarter(ctx.tx, { id: newId(), definitionId, createdAt: ctx.now, ...who });
    });
  }

  /** Remove a candidate starter; false when the definition has no such starter. */
  async removeCandidateStarter(definitionId: string, who: Identity, by?: Principal): Promise<boolean> {
    requireDeployer(by, 'change the candidate starters of', `process definition '${definitionId}'`);
    await this.#definitionRow(definitionId);
    return this.#run(async (ctx) => {
      await seedCandidateStarters(this.services, ctx.tx, definitionId);
      return deleteCandidateStarter(ctx.tx, definitionId, who);
    });
  }

  /** Copy every definition's model starters into rows (before a query filters on them). */
  async seedAllCandidateStarters(): Promise<void> {
    for (const definitionId of await definitionsWithoutSeededStarters(this.db)) {
      await this.#run((ctx) => seedCandidateStarters(this.services, ctx.tx, definitionId));
    }
  }

  /** Suspend or activate a definition (and, if asked, its instances) when `at` comes: a timer job. */
  async scheduleProcessDefinitionSuspended(
    definitionId: string,
    suspended: boolean,
    options: { includeProcessInstances: boolean; at: Date },
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
    await this.#run(async (ctx) => {
      scheduleDefinitionState(ctx, current, suspended, options.includeProcessInstances, options.at);
    });
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
    return this.#start(await this.#definitionRow(definitionId), input);
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
    const { by, startForm, ...options } = input;
    const inst = await this.#run(async (ctx) => {
      await requireCandidateStarter(this.services, ctx.tx, by, definitionId);
      if (!startForm) return createInstance(ctx, definitionId, options);
      const form = await startForm(ctx, definition);
      const created = await createInstance(ctx, definitionId, {
        ...options,
        variables: { ...options.variables, ...form.variables },
        variableTypes: { ...options.variableTypes, ...form.variableTypes },
      });
      await form.record(ctx, created.row.id);
      return created;
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
      ctx.actorUserId = access.by?.userId ?? null;
      // a process task is locked with its root instance; a task of no process by its own row
      if (row.rootInstanceId) await ctx.loadRoot(row.rootInstanceId);
      // a case's task: its case row first, as every command on the case takes it
      else await scopeHooksOf(row.scopeType)?.lockTaskScope(ctx, row);
      const task = row.rootInstanceId ? ctx.tasks.get(taskId) : await ctx.loadStandaloneTask(taskId);
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

  /** A command on one task with the caller's access checked, for the task modules' own commands. */
  taskCommand<T>(
    taskId: string,
    by: Principal | undefined,
    action: TaskAction,
    work: (ctx: CommandContext, task: TaskRow) => Promise<T>,
  ): Promise<T> {
    return this.#taskCommand(taskId, { by, action, allowSuspended: true }, work);
  }

  /** A command that takes its own locks (creating a task of no process, deleting history). */
  command<T>(work: (ctx: CommandContext) => Promise<T>): Promise<T> {
    return this.#run(work);
  }

  completeTask(taskId: string, completion: TaskCompletion = {}, by?: Principal): Promise<void> {
    return this.#taskCommand(taskId, { by, action: { kind: 'complete' } }, (ctx, task) =>
      completeTaskInContext(ctx, task, completion),
    );
  }

  /**
   * Complete a task with what `prepare` makes of it under the instance lock (a form submission
   * checked against the task's form, its instance recorded): a refusal there writes nothing.
   */
  completeTaskWith(
    taskId: string,
    by: Principal | undefined,
    prepare: (ctx: CommandContext, task: TaskRow) => Promise<TaskCompletion>,
  ): Promise<void> {
    return this.#taskCommand(taskId, { by, action: { kind: 'complete' } }, async (ctx, task) =>
      completeTaskInContext(ctx, task, await prepare(ctx, task)),
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

  /**
   * Trigger an execution waiting in a receive task, a catch event (a conditional one moves on
   * only when its condition holds) or a triggerable service task.
   */
  trigger(
    executionId: string,
    variables: Record<string, unknown> = {},
    transientVariables: Record<string, unknown> = {},
    by?: Principal,
  ): Promise<void> {
    return this.#executionCommand(executionId, by, async (ctx) => {
      const { exec } = ctx.execution(executionId);
      for (const [k, v] of Object.entries(variables)) setVariable(ctx, exec, k, v);
      for (const [k, v] of Object.entries(transientVariables)) setTransientVariable(ctx, exec, k, v);
      await triggerExecution(ctx, exec);
    });
  }

  /** Flowable's `evaluateConditionalEvents`: set the variables on the instance, then fire what holds. */
  evaluateConditionalEvents(
    instanceId: string,
    variables: Record<string, unknown> = {},
    by?: Principal,
  ): Promise<void> {
    return this.#run((ctx) => evaluateConditionalEventsOf(ctx, instanceId, variables, by));
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

  /**
   * Set variables on an execution (`local`: on it, else where each is visible). With
   * `refuseExisting`, a name the execution already sees is refused with the error it makes,
   * checked under the lock so that two creates cannot both pass.
   */
  async setVariables(
    executionId: string,
    variables: Record<string, unknown>,
    options: {
      local?: boolean;
      types?: Record<string, VariableType | undefined>;
      by?: Principal;
      refuseExisting?: (name: string) => Error;
    } = {},
  ): Promise<void> {
    await this.#executionCommand(executionId, options.by, async (ctx) => {
      const { exec, inst } = ctx.execution(executionId);
      if (options.refuseExisting) {
        const taken = Object.keys(variables).find((k) =>
          options.local ? ownVariable(exec.variables, k) : findVariable(ctx, exec, k),
        );
        if (taken !== undefined) throw options.refuseExisting(taken);
      }
      for (const [k, given] of Object.entries(variables)) {
        // binary and serializable variables: the bytes are stored and the variable refers to them
        const { value, type } = await storeBytesOf(ctx, inst.row.id, k, given, ownVariable(options.types, k));
        if (options.local) setVariableLocal(ctx, exec, k, value, type);
        else setVariable(ctx, exec, k, value, type);
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

  /**
   * Delete several instances in one command: every root is locked (in id order, so that two
   * bulk deletions cannot deadlock) and every instance checked before any is cancelled, so a
   * missing or invisible one leaves all of them running.
   */
  async deleteProcessInstances(
    instanceIds: readonly string[],
    reason: string | null,
    by?: Principal,
  ): Promise<void> {
    const roots = new Map<string, string>();
    for (const id of instanceIds) {
      const rootId = await rootIdOfInstance(this.db, id);
      if (!rootId)
        throw new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${id}'.`);
      roots.set(id, rootId);
    }
    await this.#run(async (ctx) => {
      for (const rootId of [...new Set(roots.values())].sort()) await ctx.loadRoot(rootId);
      for (const id of roots.keys()) await requireVisibleInstance(ctx.tx, by, id);
      for (const id of roots.keys()) {
        const inst = ctx.instances.get(id);
        if (inst && !inst.ended) await cancelInstance(ctx, inst, reason ?? 'deleted');
      }
    });
  }

  /** Change an instance's name or business key. */
  async updateProcessInstance(instanceId: string, changes: InstanceChanges, by?: Principal): Promise<void> {
    const rootId = await rootIdOfInstance(this.db, instanceId);
    if (!rootId)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${instanceId}'.`);
    await this.#run(async (ctx) => {
      await ctx.loadRoot(rootId);
      await requireVisibleInstance(ctx.tx, by, instanceId);
      await updateInstanceFields(ctx, ctx.instances.get(instanceId)!, changes);
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

  /**
   * Work on an instance's rows of its own (its identity links) inside a command on the
   * instance: the root is locked and the person's right to see the instance checked under it.
   */
  async withInstance<T>(
    instanceId: string,
    by: Principal | undefined,
    work: (tx: Transaction, instance: InstanceRow, ctx: CommandContext) => Promise<T>,
  ): Promise<T> {
    const rootId = await rootIdOfInstance(this.db, instanceId);
    if (!rootId)
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${instanceId}'.`);
    return this.#run(async (ctx) => {
      await ctx.loadRoot(rootId);
      const inst = ctx.instances.get(instanceId);
      if (!inst)
        throw new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${instanceId}'.`);
      await requireVisibleInstance(ctx.tx, by, instanceId);
      return work(ctx.tx, inst.row, ctx);
    });
  }

  // --- jobs ---------------------------------------------------------------------------------------

  /** Run one job in its own transaction. Its effects and its deletion commit together. */
  async executeJob(
    jobId: string,
    hint?: { rootInstanceId: string | null; job?: JobRow; scopeType?: string | null },
  ): Promise<JobOutcome> {
    try {
      return await this.#run((ctx) => executeJobInContext(ctx, jobId, hint));
    } catch (error) {
      // the guarded delete found the job gone: someone else ran it; this run was rolled back
      if (isWeirError(error) && error.code === 'WEIR_JOB_GONE') return 'gone';
      throw error;
    }
  }

  /**
   * Run several held jobs in one transaction, each in a savepoint of its own, committed
   * together (`executeJobGroup`). PostgreSQL only (`Transaction.savepoint`).
   */
  executeJobGroup(jobs: readonly GroupedJob[], lockTimeoutMs: number): Promise<GroupedJobOutcome[]> {
    return executeJobGroup(this.services, jobs, lockTimeoutMs, (ctx) => this.#afterCommand(ctx));
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
