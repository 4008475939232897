/**
 * Messages between the engine and a script worker. A script's calls into the host are
 * synchronous inside QuickJS, so the worker cannot ask the engine for a variable while it
 * runs: it gets a snapshot of the variables the script may read, answers reads from it, and
 * returns the writes in order. The engine applies them after the run, as the script made them.
 * Values are structured-cloned: JSON data and Dates, exactly what variables hold.
 */
import type { RunScriptOptions, ScriptHost, ScriptLimits } from './script-host.ts';
import type { ScriptOutcome } from './script-outcome.ts';

export interface ScriptRequest {
  readonly id: number;
  readonly source: string;
  /** Readable variables, transient ones included; `globals` names those that become globals. */
  readonly variables: readonly (readonly [string, unknown])[];
  readonly globals: readonly string[];
  readonly ids: ScriptHost['ids'];
  readonly limits: ScriptLimits;
  readonly options: RunScriptOptions;
}

/** A WeirError the run raised, sent as data: errors lose their class when cloned. */
export interface RaisedError {
  readonly code: string;
  readonly message: string;
}

export type ScriptReply =
  | { readonly id: number; readonly kind: 'log'; readonly message: string }
  | {
      readonly id: number;
      readonly kind: 'done';
      readonly outcome: ScriptOutcome;
      readonly writes: readonly (readonly [string, unknown])[];
    }
  | { readonly id: number; readonly kind: 'raised'; readonly error: RaisedError };
