/**
 * How a run ended, and the error the engine sees for each ending. A BpmnError thrown by
 * the script becomes the host's BpmnError, which the engine routes to boundary events;
 * an exhausted limit is WEIR_SCRIPT_LIMIT; anything else the script threw is
 * WEIR_SCRIPT_FAILED, naming the script, the JavaScript error and its line.
 */
import { BpmnError } from '../bpmn-error.ts';
import { WeirError } from '../../errors.ts';
import type { ScriptLimits } from './script-host.ts';
import { DEFAULT_MAX_STACK_BYTES } from './script-host.ts';

type ScriptLimit = 'time' | 'memory' | 'stack';

export type ScriptOutcome =
  | { kind: 'completed'; value: unknown }
  | { kind: 'bpmn-error'; errorCode: string; message: string }
  | { kind: 'limit'; limit: ScriptLimit }
  | { kind: 'failed'; description: string; line: number | null; cause?: unknown };

/** What the prelude's describe() reports about a thrown value. */
export type ThrownDescription =
  | { bpmnErrorCode: string; message: string }
  | { name: string; message: string; stack: string; fileName: string | null; lineNumber: number | null }
  | { thrown: string };

// QuickJS words; "Maximum call stack size exceeded" is V8's, when it overflows first.
const isStackOverflow = (name: string, message: string): boolean =>
  message === 'stack overflow' || (name === 'RangeError' && message === 'Maximum call stack size exceeded');

/** The line in the script's own file where the error arose, skipping prelude frames. */
const lineInScript = (stack: string, fileName: string): number | null => {
  for (const frame of stack.split('\n')) {
    const match = /^\s*at (?:.*? \()?(.+):(\d+):\d+\)?$/.exec(frame);
    if (match && match[1] === fileName) return Number(match[2]);
  }
  return null;
};

export const classifyThrown = (
  thrown: ThrownDescription,
  fileName: string,
  hostErrors: readonly unknown[],
): ScriptOutcome => {
  const cause = hostErrors.at(-1);
  if ('bpmnErrorCode' in thrown) {
    return { kind: 'bpmn-error', errorCode: thrown.bpmnErrorCode, message: thrown.message };
  }
  if ('thrown' in thrown) return { kind: 'failed', description: `threw ${thrown.thrown}`, line: null, cause };
  const { name, message } = thrown;
  if (name === 'InternalError' && message === 'out of memory') return { kind: 'limit', limit: 'memory' };
  if (name === 'InternalError' && message === 'interrupted') return { kind: 'limit', limit: 'time' };
  if (isStackOverflow(name, message)) return { kind: 'limit', limit: 'stack' };
  const line =
    thrown.fileName === fileName && thrown.lineNumber !== null
      ? thrown.lineNumber
      : lineInScript(thrown.stack, fileName);
  return { kind: 'failed', description: `${name}: ${message}`, line, cause };
};

/** An exception QuickJS let escape into the host (the module is discarded by then). */
export const classifyHostThrow = (error: unknown): ScriptOutcome => {
  if (error instanceof RangeError && isStackOverflow(error.name, error.message)) {
    return { kind: 'limit', limit: 'stack' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'failed',
    description: `the QuickJS sandbox broke down: ${message}`,
    line: null,
    cause: error,
  };
};

const LIMIT_WORDING: Record<ScriptLimit, (limits: ScriptLimits) => string> = {
  time: (limits) => `time limit of ${limits.timeoutMs} ms`,
  memory: (limits) => `memory limit of ${limits.memoryLimitBytes} bytes`,
  stack: (limits) => `stack limit of ${limits.maxStackBytes ?? DEFAULT_MAX_STACK_BYTES} bytes`,
};

export const outcomeToError = (
  outcome: Exclude<ScriptOutcome, { kind: 'completed' }>,
  limits: ScriptLimits,
  scriptName: string | undefined,
): Error => {
  const script = scriptName === undefined ? 'Script' : `Script '${scriptName}'`;
  switch (outcome.kind) {
    case 'bpmn-error':
      return new BpmnError(outcome.errorCode, outcome.message);
    case 'limit':
      return new WeirError(
        'WEIR_SCRIPT_LIMIT',
        `${script} exceeded its ${LIMIT_WORDING[outcome.limit](limits)}`,
        {
          details: { scriptName, limit: outcome.limit },
        },
      );
    case 'failed': {
      const where = outcome.line === null ? '' : ` at line ${outcome.line}`;
      return new WeirError('WEIR_SCRIPT_FAILED', `${script} failed${where}: ${outcome.description}`, {
        cause: outcome.cause,
        details: { scriptName, line: outcome.line },
      });
    }
  }
};
