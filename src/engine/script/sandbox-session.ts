/**
 * One run in a fresh QuickJS runtime and context: nothing a script leaves on its globals
 * reaches the next one. Every handle is released before the runtime is disposed, because
 * quickjs-emscripten aborts on a handle that outlives its runtime.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import { WeirError, isWeirError } from '../../errors.ts';
import { createHostCall } from './host-bridge.ts';
import { decodeFromSandbox } from './marshal.ts';
import { discardQuickJS } from './quickjs-module.ts';
import { PRELUDE_FILE_NAME, SANDBOX_PRELUDE } from './sandbox-prelude.ts';
import { classifyHostThrow, classifyThrown } from './script-outcome.ts';
import type { ScriptOutcome, ThrownDescription } from './script-outcome.ts';
import type { RunScriptOptions, ScriptHost, ScriptLimits } from './script-host.ts';
import { DEFAULT_MAX_STACK_BYTES } from './script-host.ts';

/**
 * Describing an error allocates a little (its stack text, one JSON string) while the data
 * that hit the memory limit may still be alive in globals. Without headroom the report of
 * "out of memory" would itself run out of memory.
 */
const DESCRIBE_HEADROOM_BYTES = 1024 * 1024;

interface Session {
  readonly runtime: QuickJSRuntime;
  readonly context: QuickJSContext;
  readonly limits: ScriptLimits;
  readonly fileName: string;
  readonly timedOut: () => boolean;
  readonly hostErrors: unknown[];
}

/** Stack frames name the file; a name of our own characters keeps them parseable. */
const scriptFileName = (scriptName: string | undefined): string =>
  (scriptName ?? 'script').replace(/[^\w.-]/g, '_');

const callControl = (session: Session, control: QuickJSHandle, op: string, value: QuickJSHandle) => {
  const opHandle = session.context.newString(op);
  try {
    return session.context.callFunction(control, session.context.undefined, opHandle, value);
  } finally {
    opHandle.dispose();
  }
};

/** Turns what the script threw into an outcome; consumes `thrown`. */
const describeThrown = (session: Session, control: QuickJSHandle, thrown: QuickJSHandle): ScriptOutcome => {
  try {
    // Interrupted once, QuickJS interrupts everything after: asking would fail too.
    if (session.timedOut()) return { kind: 'limit', limit: 'time' };
    session.runtime.setMemoryLimit(session.limits.memoryLimitBytes + DESCRIBE_HEADROOM_BYTES);
    const described = callControl(session, control, 'describe', thrown);
    if (described.error) {
      described.error.dispose();
      if (session.timedOut()) return { kind: 'limit', limit: 'time' };
      return { kind: 'failed', description: 'threw a value that cannot be described', line: null };
    }
    const json = session.context.getString(described.value);
    described.value.dispose();
    return classifyThrown(JSON.parse(json) as ThrownDescription, session.fileName, session.hostErrors);
  } finally {
    thrown.dispose();
  }
};

/** The prelude's control function, or undefined when the time limit struck during setup. */
const installPrelude = (
  session: Session,
  host: ScriptHost,
  options: RunScriptOptions,
): QuickJSHandle | undefined => {
  const { context } = session;
  const hostCall = createHostCall(host, options.autoStoreVariables === true, session.hostErrors);
  const install = context.evalCode(SANDBOX_PRELUDE, PRELUDE_FILE_NAME, { type: 'global' });
  if (install.error) {
    if (session.timedOut()) {
      install.error.dispose();
      return undefined;
    }
    const reason = context.dump(install.error) as unknown;
    install.error.dispose();
    throw new WeirError(
      'WEIR_INTERNAL',
      `Script sandbox prelude does not compile: ${JSON.stringify(reason)}`,
    );
  }
  const hostFunction = context.newFunction('hostCall', (...args) => {
    const [op = '', name = '', json = ''] = args.map((arg) =>
      context.typeof(arg) === 'string' ? context.getString(arg) : '',
    );
    const answer = hostCall(op, name, json);
    return answer === undefined ? undefined : context.newString(answer);
  });
  try {
    const installed = context.callFunction(install.value, context.undefined, hostFunction);
    if (!installed.error) return installed.value;
    installed.error.dispose();
    if (session.timedOut()) return undefined;
    throw new WeirError('WEIR_INTERNAL', 'Script sandbox prelude failed to install');
  } finally {
    hostFunction.dispose();
    install.value.dispose();
  }
};

const evaluate = (session: Session, control: QuickJSHandle, source: string): ScriptOutcome => {
  const { context } = session;
  session.runtime.setMemoryLimit(session.limits.memoryLimitBytes);
  const evaluated = context.evalCode(source, session.fileName, { type: 'global' });
  if (evaluated.error) return describeThrown(session, control, evaluated.error);
  const finished = callControl(session, control, 'finish', evaluated.value);
  evaluated.value.dispose();
  if (finished.error) return describeThrown(session, control, finished.error);
  try {
    const json = context.typeof(finished.value) === 'string' ? context.getString(finished.value) : 'null';
    return { kind: 'completed', value: decodeFromSandbox(json) };
  } finally {
    finished.value.dispose();
  }
};

export const runInFreshRuntime = (
  module: QuickJSWASMModule,
  source: string,
  host: ScriptHost,
  limits: ScriptLimits,
  options: RunScriptOptions,
): ScriptOutcome => {
  let runtime: QuickJSRuntime | undefined;
  let context: QuickJSContext | undefined;
  let control: QuickJSHandle | undefined;
  let trusted = true;
  try {
    runtime = module.newRuntime();
    const deadline = Date.now() + limits.timeoutMs;
    let interrupted = false;
    runtime.setInterruptHandler(() => (interrupted ||= Date.now() >= deadline));
    runtime.setMaxStackSize(limits.maxStackBytes ?? DEFAULT_MAX_STACK_BYTES);
    context = runtime.newContext();
    const session: Session = {
      runtime,
      context,
      limits,
      fileName: scriptFileName(options.scriptName),
      timedOut: () => interrupted,
      hostErrors: [],
    };
    control = installPrelude(session, host, options);
    if (control === undefined) return { kind: 'limit', limit: 'time' };
    return evaluate(session, control, source);
  } catch (error) {
    if (isWeirError(error)) throw error;
    trusted = false;
    discardQuickJS(module);
    return classifyHostThrow(error);
  } finally {
    if (trusted) release(module, [control, context, runtime]);
  }
};

const release = (
  module: QuickJSWASMModule,
  lifetimes: readonly (QuickJSHandle | QuickJSContext | QuickJSRuntime | undefined)[],
): void => {
  try {
    for (const lifetime of lifetimes) if (lifetime?.alive) lifetime.dispose();
  } catch (error) {
    // A leaked handle: QuickJS aborted mid-free, so the module is done for.
    discardQuickJS(module);
    throw new WeirError('WEIR_INTERNAL', 'Script sandbox could not be released', { cause: error });
  }
};
