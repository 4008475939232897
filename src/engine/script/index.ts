/**
 * Script tasks' JavaScript, run in a QuickJS WebAssembly sandbox with Flowable's
 * `execution` API and process variables as globals.
 */
export { runScript } from './run-script.ts';
export { DEFAULT_MAX_STACK_BYTES, isSupportedScriptFormat } from './script-host.ts';
export type { RunScriptOptions, ScriptHost, ScriptLimits } from './script-host.ts';
