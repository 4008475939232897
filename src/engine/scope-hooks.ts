/**
 * How engines beside the process engine (the case engine) take part in the process engine's
 * commands without the process engine importing them: a task or job of another scope type is
 * handed to the hooks registered for that type, and a process instance started by a case
 * tells the case when it ends. The case engine registers itself once, at import.
 *
 * Lock order: a case's own commands lock the case row, then (for a process it started) create
 * the process; a process command that ends a process started by a case locks the case row
 * after the process root. Both take each row once and PostgreSQL detects the one cycle left
 * (a case terminated while its child process ends on another node); the loser rolls back and
 * is retried as any failed job is.
 */
import type { CommandContext, LoadedInstance } from './context.ts';
import type { JobOutcome } from './job-execution.ts';
import type { JobRow, StoredVariable, TaskRow, VariableType } from './runtime-types.ts';
import type { TaskCompletion } from './task-commands.ts';

export interface ScopeHooks {
  /** lock what a task of this scope belongs to, before the task row is locked */
  readonly lockTaskScope: (ctx: CommandContext, task: TaskRow) => Promise<void>;
  /** complete a task of this scope (its variables go to the scope) */
  readonly completeTask: (ctx: CommandContext, task: TaskRow, completion: TaskCompletion) => Promise<void>;
  /** a task of this scope was given an assignee (its task listeners hear `assignment`) */
  readonly taskAssigned?: (ctx: CommandContext, task: TaskRow) => Promise<void>;
  /** the variables a task of this scope sees as global: its scope's (the case's), read under the lock */
  readonly taskScopeVariables: (
    ctx: CommandContext,
    task: TaskRow,
  ) => Promise<Record<string, StoredVariable>>;
  /** set global variables of a task of this scope on its scope (the case), then let the scope react */
  readonly setTaskScopeVariables: (
    ctx: CommandContext,
    task: TaskRow,
    variables: readonly { name: string; value: unknown; type: VariableType | undefined }[],
  ) => Promise<void>;
  /** run a job of this scope inside the command (the job row is read and deleted by the hook) */
  readonly runJob: (ctx: CommandContext, jobId: string, held?: JobRow) => Promise<JobOutcome>;
  /** a process instance this scope started ended (completed) or was cancelled */
  readonly processEnded: (ctx: CommandContext, inst: LoadedInstance, completed: boolean) => Promise<void>;
}

const registered = new Map<string, ScopeHooks>();

export const registerScopeHooks = (scopeType: string, hooks: ScopeHooks): void => {
  registered.set(scopeType, hooks);
};

export const scopeHooksOf = (scopeType: string | null | undefined): ScopeHooks | undefined =>
  scopeType ? registered.get(scopeType) : undefined;
