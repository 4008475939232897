/**
 * Who may see a task's events: its assignee and candidate users and groups. `task:created`
 * carries them; the later events of a task (`task:assigned`, `task:completed`,
 * `task:deleted`) do not, so each node remembers the audience of every task whose creation it
 * read from the event log. A task created before this node started is looked up in the
 * database instead: its identity links while it exists, only the assignee after it ended.
 */
import type { Queryable } from '../../persistence/database.ts';
import { selectTaskLinks } from '../../persistence/event-log-sql.ts';
import type { LoggedEvent } from '../../cluster/event-log.ts';

export interface TaskAudience {
  readonly users: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
}

/**
 * Tasks remembered per node. The oldest are forgotten first; a forgotten task costs a query
 * when its next event comes, so the cap trades memory (a few hundred bytes a task) for queries.
 */
const MAX_REMEMBERED = 50_000;

export const isTaskEvent = (event: LoggedEvent): boolean => event.type.startsWith('task:');

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const createdAudience = (event: LoggedEvent) => {
  const users = new Set(texts(event.data.candidateUsers));
  const assignee = text(event.data.assignee);
  if (assignee) users.add(assignee);
  return { users, groups: new Set(texts(event.data.candidateGroups)) };
};

export class TaskAudiences {
  readonly #db: Queryable;
  readonly #known = new Map<string, { users: Set<string>; groups: Set<string> }>();

  constructor(db: Queryable) {
    this.#db = db;
  }

  /** Learn from the log, in id order, every event this node reads (before it is delivered). */
  observe(event: LoggedEvent): void {
    const taskId = text(event.data.taskId);
    if (!taskId) return;
    const assignee = text(event.data.assignee);
    if (event.type === 'task:created') {
      this.#remember(taskId, createdAudience(event));
    } else if (event.type === 'task:assigned' && assignee) {
      this.#known.get(taskId)?.users.add(assignee);
    }
  }

  /** The audience of a task event, from memory or else the database. */
  async audienceOf(event: LoggedEvent): Promise<TaskAudience> {
    const taskId = text(event.data.taskId) ?? '';
    const assignee = text(event.data.assignee);
    // A replayed creation may predate this node: it carries its own audience.
    if (event.type === 'task:created') return createdAudience(event);
    let known = this.#known.get(taskId);
    if (!known) {
      const found = await selectTaskLinks(this.#db, taskId);
      known = {
        users: new Set([...found.users, ...(found.assignee ? [found.assignee] : [])]),
        groups: new Set(found.groups),
      };
      this.#remember(taskId, known);
    }
    if (assignee && !known.users.has(assignee))
      return { users: new Set([...known.users, assignee]), groups: known.groups };
    return known;
  }

  #remember(taskId: string, audience: { users: Set<string>; groups: Set<string> }): void {
    this.#known.delete(taskId);
    this.#known.set(taskId, audience);
    if (this.#known.size > MAX_REMEMBERED) {
      const oldest = this.#known.keys().next().value;
      if (oldest !== undefined) this.#known.delete(oldest);
    }
  }
}

/** Whether a user (with these groups) is in the audience. */
export const includes = (audience: TaskAudience, userId: string, groups: readonly string[]): boolean =>
  audience.users.has(userId) || groups.some((group) => audience.groups.has(group));
