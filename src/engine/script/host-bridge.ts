/**
 * The host side of the prelude's `hostCall(op, name, json)`: the only function the sandbox
 * can reach. It speaks strings only, so nothing but data crosses, and it keeps every error
 * the ScriptHost throws, so a script that dies of one reports it as the cause.
 */
import { decodeFromSandbox, encodeForSandbox } from './marshal.ts';
import type { ScriptHost } from './script-host.ts';

export type HostCall = (op: string, name: string, json: string) => string | undefined;

export const createHostCall = (host: ScriptHost, autoStore: boolean, hostErrors: unknown[]): HostCall => {
  const answer: HostCall = (op, name, json) => {
    switch (op) {
      case 'init': {
        const { processInstanceId, executionId, processDefinitionId, activityId, businessKey } = host.ids;
        const ids = { processInstanceId, executionId, processDefinitionId, activityId, businessKey };
        return JSON.stringify({ names: host.variableNames(), ids, autoStore });
      }
      case 'get':
        return encodeForSandbox(host.getVariable(name));
      case 'all':
        return encodeForSandbox(
          Object.fromEntries(host.variableNames().map((n) => [n, host.getVariable(n)])),
        );
      case 'has':
        return String(host.hasVariable(name));
      case 'set':
        host.setVariable(name, decodeFromSandbox(json));
        return undefined;
      case 'log':
        host.log(name);
        return undefined;
      default:
        throw new Error(`Unknown sandbox request '${op}'`);
    }
  };
  return (op, name, json) => {
    try {
      return answer(op, name, json);
    } catch (error) {
      hostErrors.push(error);
      throw error;
    }
  };
};
