/**
 * A business error thrown by a delegate, a script or an external worker. Unlike any other
 * throw it does not mean "something broke": the engine looks for a matching error boundary
 * event or error event subprocess, and only when none catches it does the command fail.
 */
export class BpmnError extends Error {
  readonly errorCode: string;

  constructor(errorCode: string, message?: string) {
    super(message ?? `BPMN error '${errorCode}'`);
    this.name = 'BpmnError';
    this.errorCode = errorCode;
  }
}

export const isBpmnError = (value: unknown): value is BpmnError => value instanceof BpmnError;
