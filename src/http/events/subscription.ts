/**
 * What one WebSocket client asked to see, and the rule that decides whether an event goes to
 * it. Task events (of processes and cases alike) go to the task's audience (assignee, candidate
 * users and groups) when the client subscribed to `"tasks": "mine"`, and to admins who
 * subscribed to `"tasks": true`; case events (`case:*`, `planitem:changed`) go to clients that
 * subscribed to their case instance, which only admins may do until cases have per-instance
 * visibility; other events (instance, job) go to clients that subscribed to their process
 * instance.
 */
import { WeirError } from '../../errors.ts';
import type { Principal } from '../auth/credential-cache.ts';
import { isAdmin } from '../auth/basic-auth.ts';
import type { LoggedEvent } from '../../cluster/event-log.ts';
import { includes, isTaskEvent } from './task-audience.ts';
import type { TaskAudience } from './task-audience.ts';

export type TaskScope = 'none' | 'mine' | 'all';

/** One client watching more instances than this should subscribe to its tasks or ask again. */
export const MAX_INSTANCES = 1_000;

export interface SubscribeRequest {
  readonly tasks?: unknown;
  readonly processInstances?: unknown;
  readonly caseInstances?: unknown;
}

const isCaseEvent = (event: LoggedEvent): boolean =>
  event.type.startsWith('case:') || event.type.startsWith('planitem:');

const idList = (value: unknown, field: string): string[] => {
  const ids = value ?? [];
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `"${field}" must be an array of ${field.replace(/s$/, '')} ids`,
    );
  return ids as string[];
};

export class Subscription {
  readonly #principal: Principal;
  #tasks: TaskScope = 'none';
  readonly #instances = new Set<string>();
  readonly #cases = new Set<string>();

  constructor(principal: Principal) {
    this.#principal = principal;
  }

  get tasks(): TaskScope {
    return this.#tasks;
  }

  describe(): { tasks: 'mine' | boolean; processInstances: string[]; caseInstances: string[] } {
    return {
      tasks: this.#tasks === 'mine' ? 'mine' : this.#tasks === 'all',
      processInstances: [...this.#instances],
      caseInstances: [...this.#cases],
    };
  }

  /** Add to the subscription (`tasks: false` turns task events off). Throws on a bad request. */
  subscribe(request: SubscribeRequest): void {
    const { tasks, processInstances, caseInstances } = request;
    if (tasks !== undefined && tasks !== 'mine' && typeof tasks !== 'boolean') {
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `"tasks" must be "mine", true or false`);
    }
    if (tasks === true && !isAdmin(this.#principal)) {
      throw new WeirError(
        'WEIR_FORBIDDEN',
        `User '${this.#principal.userId}' may only subscribe to its own tasks ("tasks": "mine"); all tasks need access-admin`,
      );
    }
    const ids = idList(processInstances, 'processInstances');
    const caseIds = idList(caseInstances, 'caseInstances');
    if (this.#instances.size + this.#cases.size + ids.length + caseIds.length > MAX_INSTANCES) {
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `A connection can watch at most ${MAX_INSTANCES} process and case instances`,
      );
    }
    if (tasks !== undefined) this.#tasks = tasks === 'mine' ? 'mine' : tasks ? 'all' : 'none';
    for (const id of ids) this.#instances.add(id);
    for (const id of caseIds) this.#cases.add(id);
  }

  unsubscribe(request: SubscribeRequest): void {
    if (request.tasks === true || request.tasks === 'mine') this.#tasks = 'none';
    if (Array.isArray(request.processInstances)) {
      for (const id of request.processInstances) if (typeof id === 'string') this.#instances.delete(id);
    }
    if (Array.isArray(request.caseInstances)) {
      for (const id of request.caseInstances) if (typeof id === 'string') this.#cases.delete(id);
    }
  }

  /** Whether deciding on this event needs the task's audience. */
  needsAudience(event: LoggedEvent): boolean {
    return this.#tasks === 'mine' && isTaskEvent(event);
  }

  wants(event: LoggedEvent, audience: TaskAudience | undefined): boolean {
    if (isTaskEvent(event)) {
      if (this.#tasks === 'all') return true;
      return (
        this.#tasks === 'mine' &&
        audience !== undefined &&
        includes(audience, this.#principal.userId, this.#principal.groups)
      );
    }
    if (isCaseEvent(event)) {
      const caseId = event.data.caseInstanceId;
      return typeof caseId === 'string' && this.#cases.has(caseId);
    }
    const instanceId = event.data.processInstanceId;
    return typeof instanceId === 'string' && this.#instances.has(instanceId);
  }
}
