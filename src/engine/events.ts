/**
 * The one typed event map. In-process listeners, the WebSocket fan-out and metrics all read
 * these; they are published only after the command that caused them has committed.
 */
export interface EngineEventMap {
  'instance:started': { processInstanceId: string; definitionId: string; businessKey: string | null };
  'instance:ended': { processInstanceId: string; definitionId: string; endReason: string | null };
  /** a case's: started, ended (completed or terminated), a plan item instance changed state */
  'case:started': { caseInstanceId: string; caseDefinitionId: string; businessKey: string | null };
  'case:completed': { caseInstanceId: string; caseDefinitionId: string };
  'case:terminated': { caseInstanceId: string; caseDefinitionId: string };
  'planitem:changed': {
    caseInstanceId: string;
    planItemInstanceId: string;
    elementId: string;
    name: string | null;
    state: string;
    /** the standard event of the transition (`start`, `complete`, `exit`...), null for none */
    transition: string | null;
  };
  'task:created': {
    taskId: string;
    processInstanceId: string | null;
    /** a case's task: its case */
    caseInstanceId?: string;
    name: string | null;
    assignee: string | null;
    candidateUsers: string[];
    candidateGroups: string[];
  };
  'task:assigned': { taskId: string; processInstanceId: string | null; assignee: string | null };
  'task:completed': {
    taskId: string;
    processInstanceId: string | null;
    assignee: string | null;
    caseInstanceId?: string;
  };
  'task:deleted': { taskId: string; processInstanceId: string | null; reason: string | null };
  'job:created': { jobId: string; processInstanceId: string | null; handler: string };
  'job:failed': { jobId: string; processInstanceId: string | null; message: string; retriesLeft: number };
  'job:deadlettered': { jobId: string; processInstanceId: string | null; message: string };
}

export type EngineEventType = keyof EngineEventMap;

export type EngineEvent = {
  [K in EngineEventType]: { type: K; data: EngineEventMap[K]; time: Date };
}[EngineEventType];

export type EngineEventListener = (event: EngineEvent) => void;

export class EventBus {
  readonly #listeners = new Set<EngineEventListener>();

  on(listener: EngineEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(events: readonly EngineEvent[]): void {
    for (const event of events) {
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch {
          // a listener's failure must not undo or hide a committed command
        }
      }
    }
  }
}
