/**
 * A script worker thread: runs one script at a time in a fresh QuickJS runtime, off the
 * engine's event loop, against a snapshot of the variables (see worker-protocol.ts). A script
 * that never yields blocks only this thread; the pool terminates it if QuickJS's own deadline
 * does not stop it.
 */
import { parentPort } from 'node:worker_threads';
import { isWeirError } from '../../errors.ts';
import { loadQuickJS } from './quickjs-module.ts';
import { runInFreshRuntime } from './sandbox-session.ts';
import type { ScriptHost } from './script-host.ts';
import type { ScriptOutcome } from './script-outcome.ts';
import type { RaisedError, ScriptReply, ScriptRequest } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('script-worker.ts runs only as a worker thread');

const post = (reply: ScriptReply) => port.postMessage(reply);

const snapshotHost = (request: ScriptRequest, writes: [string, unknown][]): ScriptHost => {
  const variables = new Map(request.variables);
  // Stored (not transient) names: what execution.getVariables() lists, writes included.
  const stored = new Set(request.globals);
  return {
    getVariable: (name) => (variables.has(name) ? variables.get(name) : null),
    setVariable: (name, value) => {
      variables.set(name, value);
      stored.add(name);
      writes.push([name, value]);
    },
    hasVariable: (name) => variables.has(name),
    variableNames: () => [...stored],
    ids: request.ids,
    log: (message) => post({ id: request.id, kind: 'log', message }),
  };
};

const raised = (error: unknown): RaisedError | undefined =>
  isWeirError(error) ? { code: error.code, message: error.message } : undefined;

/** A cause that is not a WeirError stays behind: only its words travel, in the description. */
const cloneable = (outcome: ScriptOutcome): ScriptOutcome =>
  outcome.kind === 'failed' ? { ...outcome, cause: raised(outcome.cause) } : outcome;

port.on('message', (request: ScriptRequest) => {
  void (async () => {
    const writes: [string, unknown][] = [];
    try {
      const module = await loadQuickJS();
      const host = snapshotHost(request, writes);
      const outcome = runInFreshRuntime(module, request.source, host, request.limits, request.options);
      post({ id: request.id, kind: 'done', outcome: cloneable(outcome), writes });
    } catch (error) {
      const weir = raised(error);
      post({
        id: request.id,
        kind: 'raised',
        error: weir ?? {
          code: 'WEIR_INTERNAL',
          message: error instanceof Error ? error.message : String(error),
        },
      });
    }
  })();
});
