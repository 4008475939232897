/** What a script task's JavaScript sees of the engine, and the limits it runs under. */

/** The execution a script runs for. Values are JSON-compatible data and Date. */
export interface ScriptHost {
  getVariable(name: string): unknown;
  setVariable(name: string, value: unknown): void;
  hasVariable(name: string): boolean;
  /** Every variable visible from the execution; each becomes a global of the same name. */
  variableNames(): string[];
  /**
   * Names readable with execution.getVariable() that are not globals (transient variables).
   * Scripts run on a worker against a snapshot, so what is not named here reads as null.
   */
  readableNames?(): string[];
  /** Read-only facts exposed as execution.getProcessInstanceId() etc. */
  readonly ids: {
    processInstanceId: string;
    executionId: string;
    processDefinitionId: string;
    activityId: string;
    businessKey: string | null;
  };
  log(message: string): void;
}

export interface ScriptLimits {
  /** Wall-clock budget of one run, checked by QuickJS's interrupt handler. */
  timeoutMs: number;
  /** Bytes the QuickJS runtime may allocate, its own bookkeeping (~150 KiB) included. */
  memoryLimitBytes: number;
  /** Stack the script's calls may use; {@link DEFAULT_MAX_STACK_BYTES} when not given. */
  maxStackBytes?: number;
}

export interface RunScriptOptions {
  /** Names the script in error messages, e.g. the script task's activity id. */
  scriptName?: string;
  /**
   * Flowable's `autoStoreVariables`: after the run, a global that shadows a process variable
   * and was changed (`var amount = amount * 2`) is written back to that variable.
   */
  autoStoreVariables?: boolean;
}

/**
 * 256 KiB allows about 1,400 nested calls of a small function. QuickJS measures only the
 * WebAssembly shadow stack, while the same calls also use V8's native stack (~1 MiB on the
 * main thread); above ~320 KiB some call paths (toString, JSON) exhaust V8's stack first.
 * runScript survives that too (see quickjs-module.ts), but at the price of a module reload.
 */
export const DEFAULT_MAX_STACK_BYTES = 256 * 1024;

const SCRIPT_FORMATS = new Set(['javascript', 'js', 'ecmascript']);

/** Whether a script task's `scriptFormat` names JavaScript, the only language Weir runs. */
export const isSupportedScriptFormat = (format: string): boolean =>
  SCRIPT_FORMATS.has(format.trim().toLowerCase());
