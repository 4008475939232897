/**
 * The values a user task's `flowable:dueDate`, `flowable:priority` and `flowable:category`
 * expressions may give, read as Flowable's UserTaskActivityBehavior reads them: a due date is a
 * date, an ISO-8601 date-time string or an ISO-8601 duration from now; a priority is a number
 * (its integer part) or a string holding an integer; a category expression that cannot be
 * evaluated keeps its text. Anything else fails the command with a 400 naming task and attribute.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import type { RestVariable } from './support.ts';
import { tasksOf, useConformanceHarness } from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(['user-task-expression-values.bpmn20.xml']);
beforeAll(() => {
  h = use();
});

const startWith = (variables: RestVariable[]) =>
  h.request('POST', '/process-api/runtime/process-instances', {
    body: { processDefinitionKey: 'taskExpressionValues', variables },
  });

const taskFor = async (variables: RestVariable[]) => {
  const response = await startWith(variables);
  expect(response.statusCode).toBe(201);
  const [task] = await tasksOf(h, (response.json() as { id: string }).id);
  return task;
};

const v = (name: string, type: string, value: unknown): RestVariable => ({ name, type, value });
const team = v('team', 'string', 'ops');

describe('user task due date from an expression', () => {
  it('a date variable', async () => {
    const task = await taskFor([v('due', 'date', '2031-02-03T04:05:06.000Z'), v('prio', 'integer', 1), team]);
    expect(new Date(task.dueDate!).toISOString()).toBe('2031-02-03T04:05:06.000Z');
  });

  it('an ISO-8601 date-time string', async () => {
    const task = await taskFor([v('due', 'string', '2032-07-08T09:10:11Z'), v('prio', 'integer', 1), team]);
    expect(new Date(task.dueDate!).toISOString()).toBe('2032-07-08T09:10:11.000Z');
  });

  it('an ISO-8601 duration string counts from the task creation', async () => {
    const before = Date.now();
    const task = await taskFor([v('due', 'string', 'PT1H'), v('prio', 'integer', 1), team]);
    const due = new Date(task.dueDate!).getTime();
    expect(due).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1000);
  });

  it('null leaves the task without a due date', async () => {
    const task = await taskFor([v('due', 'string', null), v('prio', 'integer', 1), team]);
    expect(task.dueDate).toBeNull();
  });
});

describe('user task priority from an expression', () => {
  it('a numeric string', async () => {
    const task = await taskFor([v('due', 'string', null), v('prio', 'string', '42'), team]);
    expect(task.priority).toBe(42);
  });

  it("a double keeps its integer part (Java's intValue)", async () => {
    const task = await taskFor([v('due', 'string', null), v('prio', 'double', 7.9), team]);
    expect(task.priority).toBe(7);
  });

  it('null keeps the default priority 50', async () => {
    const task = await taskFor([v('due', 'string', null), v('prio', 'integer', null), team]);
    expect(task.priority).toBe(50);
  });
});

describe('user task category from an expression', () => {
  it('the value of the expression', async () => {
    const task = await taskFor([v('due', 'string', null), v('prio', 'integer', 1), team]);
    expect(task.category).toBe('ops');
  });

  it('an expression naming an unknown variable keeps its text, as in Flowable', async () => {
    const task = await taskFor([v('due', 'string', null), v('prio', 'integer', 1)]);
    expect(task.category).toBe('${team}');
  });
});

describe('values the attributes cannot take', () => {
  const refusal = async (variables: RestVariable[]) => {
    const response = await startWith(variables);
    expect(response.statusCode).toBe(400);
    return (response.json() as { exception: string }).exception;
  };

  it('a priority that is no number', async () => {
    expect(await refusal([v('due', 'string', null), v('prio', 'string', 'urgent'), team])).toBe(
      "User task 'plan': flowable:priority '${prio}' gave 'urgent', not a number",
    );
  });

  it('a due date string that is neither a date-time nor a duration', async () => {
    expect(await refusal([v('due', 'string', 'next week'), v('prio', 'integer', 1), team])).toBe(
      "User task 'plan': flowable:dueDate '${due}' gave 'next week', not an ISO-8601 date-time (2030-01-31T12:00:00Z) or duration (PT1H)",
    );
  });

  it('a due date that is a number', async () => {
    expect(await refusal([v('due', 'integer', 17), v('prio', 'integer', 1), team])).toBe(
      "User task 'plan': flowable:dueDate '${due}' gave number 17, not a date, an ISO-8601 date-time or a duration",
    );
  });

  it('a failed start leaves no instance behind', async () => {
    await refusal([v('due', 'string', 'soon'), v('prio', 'integer', 1), team]);
    const response = await h.request(
      'GET',
      '/process-api/history/historic-process-instances?processDefinitionKey=taskExpressionValues&size=100',
    );
    const instances = await h.request(
      'GET',
      '/process-api/runtime/process-instances?processDefinitionKey=taskExpressionValues&size=100',
    );
    expect(response.json().total).toBe(instances.json().total);
  });
});
