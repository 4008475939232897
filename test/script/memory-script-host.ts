import type { ScriptHost } from '../../src/engine/script/index.ts';

/** A ScriptHost over a plain map, recording what the script logged and wrote. */
export interface MemoryScriptHost extends ScriptHost {
  readonly variables: Map<string, unknown>;
  readonly logs: string[];
  readonly writes: string[];
}

export const memoryScriptHost = (initial: Record<string, unknown> = {}): MemoryScriptHost => {
  const variables = new Map(Object.entries(initial));
  const logs: string[] = [];
  const writes: string[] = [];
  return {
    variables,
    logs,
    writes,
    getVariable: (name) => variables.get(name),
    setVariable: (name, value) => {
      writes.push(name);
      variables.set(name, value);
    },
    hasVariable: (name) => variables.has(name),
    variableNames: () => [...variables.keys()],
    ids: {
      processInstanceId: 'pi-1',
      executionId: 'ex-1',
      processDefinitionId: 'invoice:1:pd-1',
      activityId: 'computeTotal',
      businessKey: 'INV-42',
    },
    log: (message) => logs.push(message),
  };
};
