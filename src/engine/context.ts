/**
 * The command context: everything one engine command reads and changes, held in memory
 * until the end of the command and then flushed in batches, inside the command's one
 * transaction. Nothing is written before the flush, so an error anywhere rolls back a
 * command that has written nothing but its row lock.
 */
import type { Transaction } from '../persistence/database.ts';
import type { ProcessModel } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import {
  loadTasksOfRoot,
  lockAndLoadInstancesOfRoot,
  lockAndLoadInstancesOfRootAndJob,
  lockJobRow,
} from '../persistence/runtime-reads-sql.ts';
import { lockStandaloneTask } from '../persistence/standalone-tasks-sql.ts';
import type { TaskEventRow, TaskLogEntry } from '../persistence/task-records-sql.ts';
import type { EngineServices } from './services.ts';
import type {
  EventSubscriptionRow,
  HistoricActivityRow,
  HistoricProcessRow,
  HistoricTaskRow,
  ExecutionState,
  IdentityLinkRow,
  InstanceRow,
  JobRow,
  ProcessDefinitionRow,
  StoredVariable,
  TaskRow,
} from './runtime-types.ts';
export type { HistoricActivityRow, HistoricProcessRow, HistoricTaskRow } from './runtime-types.ts';
import type { Operation } from './operations.ts';
import type { EngineEvent } from './events.ts';

export interface LoadedInstance {
  row: InstanceRow;
  model: ProcessModel;
  definition: ProcessDefinitionRow;
  isNew: boolean;
  ended: boolean;
}

export interface ExecutionRef {
  exec: ExecutionState;
  inst: LoadedInstance;
}

let lastSeq = 0;

export class CommandContext {
  readonly services: EngineServices;
  readonly tx: Transaction;
  readonly now: Date;
  readonly agenda: Operation[] = [];
  readonly instances = new Map<string, LoadedInstance>();
  readonly executions = new Map<string, ExecutionRef>();
  readonly loadedRoots = new Set<string>();
  readonly tasks = new Map<string, TaskRow>();
  readonly newTaskIds = new Set<string>();
  readonly dirtyTaskIds = new Set<string>();
  readonly deletedTaskIds = new Set<string>();
  readonly newLinks: IdentityLinkRow[] = [];
  readonly newJobs: JobRow[] = [];
  readonly deletedJobIds = new Set<string>();
  /** a job run from its in-memory row: deleted by a guarded statement whose count is checked */
  guardedJobId: string | null = null;
  /**
   * Slots of this node's job queue the flush reserved for the new jobs it locks to this node:
   * turned into queued jobs after the commit, returned to the queue if the command fails after
   * the reservation (the write batch or its COMMIT failing), so no slot is lost.
   */
  reservedJobSlots = 0;
  readonly newSubscriptions: EventSubscriptionRow[] = [];
  readonly deletedSubscriptionIds = new Set<string>();
  /** executions whose persisted jobs and subscriptions are all to be removed */
  readonly clearedExecutionIds = new Set<string>();
  readonly transientVariables = new Map<string, Record<string, unknown>>();
  /** ended instances whose history this command deleted (the search index forgets them) */
  readonly deletedHistoricInstanceIds = new Set<string>();
  /** ended cases whose history this command deleted (the search index forgets them too) */
  readonly deletedHistoricCaseIds = new Set<string>();
  /** the user the command runs for, when the caller said (start, task completion): `${authenticatedUserId}` */
  authenticatedUserId: string | null = null;
  /** who asked for the command (the REST caller), named by task events and log entries */
  actorUserId: string | null = null;
  /** task events (comment rows of type `event`) and task log entries, written by the flush */
  readonly newEvents: TaskEventRow[] = [];
  readonly taskLog: TaskLogEntry[] = [];
  readonly history = {
    newProcesses: new Map<string, HistoricProcessRow>(),
    endedProcesses: new Map<string, Partial<HistoricProcessRow> & { id: string }>(),
    newActivities: new Map<string, HistoricActivityRow>(),
    endedActivities: new Map<
      string,
      { id: string; endedAt: Date; durationMs: number; endReason: string | null; assignee?: string | null }
    >(),
    newTasks: new Map<string, HistoricTaskRow>(),
    updatedTasks: new Map<string, Partial<HistoricTaskRow> & { id: string }>(),
    /** assignee of an activity instance's task at completion, for activities started earlier */
    activityAssignees: new Map<string, string | null>(),
    variables: new Map<string, Record<string, unknown>>(),
    variableUpdates: [] as Record<string, unknown>[],
  };
  readonly events: EngineEvent[] = [];
  /** other engines' change sets (a case's document and plan items), written first by the flush */
  readonly beforeFlush: Array<(ctx: CommandContext) => Promise<void>> = [];
  /** signals thrown in this command, delivered to other instances after it commits */
  readonly pendingSignals: Array<{ name: string; fromInstanceId: string; scope: string; tenantId: string }> =
    [];

  constructor(services: EngineServices, tx: Transaction) {
    this.services = services;
    this.tx = tx;
    this.now = services.clock.now();
  }

  /** Orders history records; from the real clock (not the engine's, which tests move). */
  nextSeq(): number {
    lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
    return lastSeq;
  }

  /** Lock a root instance and load its whole tree (instances, tasks) once per command. */
  async loadRoot(rootId: string): Promise<void> {
    if (this.loadedRoots.has(rootId)) return;
    await this.#addRoot(rootId, await lockAndLoadInstancesOfRoot(this.tx, rootId));
  }

  /**
   * `loadRoot`, and lock and read a job of the tree after it, in the same round trip: the job
   * as the last command on the tree left it (undefined when it is gone).
   */
  async loadRootAndJob(rootId: string, jobId: string): Promise<JobRow | undefined> {
    if (this.loadedRoots.has(rootId)) {
      return lockJobRow(this.tx, jobId);
    }
    const { instances, job } = await lockAndLoadInstancesOfRootAndJob(this.tx, rootId, jobId);
    await this.#addRoot(rootId, instances);
    return job;
  }

  async #addRoot(rootId: string, rows: InstanceRow[]): Promise<void> {
    if (rows.length === 0 || rows[0].id !== rootId) {
      throw new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${rootId}'.`);
    }
    this.loadedRoots.add(rootId);
    for (const row of rows) {
      const { model, definition } = await this.services.definitions.get(this.tx, row.definitionId);
      this.addInstance({ row, model, definition, isNew: false, ended: false });
    }
    // a tree that had no open tasks at its last command has none now: every task change goes through a command on it
    if (rows[0].state.openTasks !== 0) {
      for (const task of await loadTasksOfRoot(this.tx, rootId)) this.tasks.set(task.id, task);
    }
  }

  /**
   * Lock a task of no process instance and hold it for the command. Such a task has no
   * instance row to lock, so its own row, taken FOR UPDATE, serialises the commands on it
   * across the cluster the way the root row does for process tasks: two nodes claiming or
   * completing it at once queue on the row, and the second sees the first's outcome. A
   * separate lock row would only restate what the task row already is.
   */
  async loadStandaloneTask(taskId: string): Promise<TaskRow | undefined> {
    const held = this.tasks.get(taskId);
    if (held) return held;
    const task = await lockStandaloneTask(this.tx, taskId);
    if (task) this.tasks.set(task.id, task);
    return task;
  }

  addInstance(inst: LoadedInstance): void {
    this.instances.set(inst.row.id, inst);
    for (const exec of inst.row.state.executions) this.executions.set(exec.id, { exec, inst });
  }

  addExecution(inst: LoadedInstance, exec: ExecutionState): void {
    inst.row.state.executions.push(exec);
    this.executions.set(exec.id, { exec, inst });
  }

  execution(id: string): ExecutionRef {
    const ref = this.executions.get(id);
    if (!ref) throw new WeirError('WEIR_NOT_FOUND', `Could not find an execution with id '${id}'.`);
    return ref;
  }

  instanceOf(exec: ExecutionState): LoadedInstance {
    return this.execution(exec.id).inst;
  }

  parentOf(exec: ExecutionState): ExecutionState | undefined {
    return exec.parentId ? this.executions.get(exec.parentId)?.exec : undefined;
  }

  childrenOf(exec: ExecutionState): ExecutionState[] {
    const inst = this.instanceOf(exec);
    return inst.row.state.executions.filter((e) => e.parentId === exec.id && e.state !== 'ended');
  }

  rootExecution(inst: LoadedInstance): ExecutionState {
    const root = inst.row.state.executions.find((e) => e.id === inst.row.id);
    if (!root) throw new WeirError('WEIR_INTERNAL', `Process instance ${inst.row.id} has no root execution`);
    return root;
  }

  push(op: Operation): void {
    this.agenda.push(op);
  }

  // --- tasks -----------------------------------------------------------------------------

  addTask(task: TaskRow): void {
    this.tasks.set(task.id, task);
    this.newTaskIds.add(task.id);
  }

  touchTask(task: TaskRow): void {
    if (!this.newTaskIds.has(task.id)) this.dirtyTaskIds.add(task.id);
  }

  removeTask(task: TaskRow): void {
    this.tasks.delete(task.id);
    if (this.newTaskIds.delete(task.id)) {
      for (let i = this.newLinks.length - 1; i >= 0; i--)
        if (this.newLinks[i].taskId === task.id) this.newLinks.splice(i, 1);
      return;
    }
    this.dirtyTaskIds.delete(task.id);
    this.deletedTaskIds.add(task.id);
  }

  tasksOfExecution(executionId: string): TaskRow[] {
    return [...this.tasks.values()].filter((t) => t.executionId === executionId);
  }

  // --- waits: jobs and subscriptions ------------------------------------------------------

  addJob(job: JobRow): void {
    this.newJobs.push(job);
  }

  addSubscription(sub: EventSubscriptionRow): void {
    this.newSubscriptions.push(sub);
  }

  /** Remove every job and event subscription of an execution, persisted or new in this command. */
  clearWaits(executionId: string): void {
    this.clearedExecutionIds.add(executionId);
    for (let i = this.newJobs.length - 1; i >= 0; i--)
      if (this.newJobs[i].executionId === executionId) this.newJobs.splice(i, 1);
    for (let i = this.newSubscriptions.length - 1; i >= 0; i--) {
      if (this.newSubscriptions[i].executionId === executionId) this.newSubscriptions.splice(i, 1);
    }
  }

  // --- variables ---------------------------------------------------------------------------

  recordVariable(
    inst: LoadedInstance | null,
    exec: ExecutionState | null,
    taskId: string | null,
    name: string,
    v: StoredVariable,
    deleted = false,
  ): void {
    const level = this.services.config.historyLevel;
    if (level === 'none' || level === 'activity') return;
    const row = {
      id: v.id,
      processInstanceId: inst?.row.id ?? null,
      executionId: exec?.id ?? inst?.row.id ?? null,
      taskId,
      name,
      type: deleted ? 'null' : v.type,
      value: deleted ? null : v.value,
      createdAt: this.now,
      updatedAt: this.now,
    };
    const previous = this.history.variables.get(v.id);
    this.history.variables.set(v.id, previous ? { ...row, createdAt: previous.createdAt } : row);
    if (level === 'full') {
      this.history.variableUpdates.push({
        variableId: v.id,
        processInstanceId: row.processInstanceId,
        executionId: row.executionId,
        taskId,
        activityInstanceId: exec?.activityInstanceId ?? null,
        name,
        type: row.type,
        value: row.value,
        revision: v.revision,
        createdAt: this.now,
      });
    }
  }

  emit(event: EngineEvent): void {
    this.events.push(event);
  }
}
