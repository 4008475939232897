/**
 * User tasks: assignee, owner, candidates (fixed, from expressions, from the standard
 * `potentialOwner`), claim and complete, task listeners. After Flowable's
 * `test/bpmn/usertask/*Test` and `TaskListenerTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  complete,
  completeTask,
  familyFixtures,
  isEnded,
  listOf,
  ok,
  start,
  tasksOf,
  useConformanceHarness,
  variablesOf,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('user-tasks'));
beforeAll(() => {
  h = use();
});

const onlyTask = async (instanceId: string) => {
  const tasks = await tasksOf(h, instanceId);
  expect(tasks).toHaveLength(1);
  return ok(h, 'GET', `/process-api/runtime/tasks/${tasks[0].id}`);
};

const candidatesOf = async (taskId: string) => {
  const links = (await ok(h, 'GET', `/process-api/runtime/tasks/${taskId}/identitylinks`)) as {
    user: string | null;
    group: string | null;
    type: string;
  }[];
  return links
    .filter((link) => link.type === 'candidate')
    .map((link) => (link.user ? `user:${link.user}` : `group:${link.group}`))
    .sort();
};

const attributes = { orderId: 'A-17', urgent: true, due: '2030-01-02T03:04:05.000Z', customer: 'Piggy' };

describe('task attributes', () => {
  it('assigns the task to the fixed assignee (TaskAssignmentExtensionsTest.testAssigneeExtension)', async () => {
    const task = await onlyTask((await start(h, 'utAttributes', attributes)).id);
    expect(task.assignee).toBe('kermit');
  });

  it('sets the owner (TaskAssignmentExtensionsTest.testOwnerExtension)', async () => {
    const task = await onlyTask((await start(h, 'utAttributes', attributes)).id);
    expect(task.owner).toBe('fozzie');
  });

  it('resolves expressions in the name and the documentation (UserTaskTest.testTaskNameWithExpression)', async () => {
    const task = await onlyTask((await start(h, 'utAttributes', attributes)).id);
    expect(task.name).toBe('Review order A-17');
    expect(task.description).toBe('Check the order of Piggy');
  });

  it('takes the priority from an expression (TaskPriorityExtensionsTest.testPriorityExtension)', async () => {
    const urgent = await onlyTask((await start(h, 'utAttributes', attributes)).id);
    const normal = await onlyTask((await start(h, 'utAttributes', { ...attributes, urgent: false })).id);
    expect([urgent.priority, normal.priority]).toEqual([90, 10]);
  });

  it('takes the due date from a variable (TaskDueDateExtensionsTest.testDueDateExtension)', async () => {
    const task = await onlyTask((await start(h, 'utAttributes', attributes)).id);
    expect(new Date(task.dueDate as string).toISOString()).toBe('2030-01-02T03:04:05.000Z');
  });

  it('a due date written as a duration counts from the task creation (TaskDueDateExtensionsTest.testRelativeDueDateStringExtension)', async () => {
    const before = Date.now();
    const task = await onlyTask((await start(h, 'utAttributes', { ...attributes, due: 'PT2H' })).id);
    const due = Date.parse(task.dueDate as string);
    expect(due - before).toBeGreaterThanOrEqual(2 * 3600_000 - 5_000);
    expect(due - before).toBeLessThan(2 * 3600_000 + 60_000);
  });

  it('sets the category and the form key (UserTaskTest.testTaskCategory, testTaskPropertiesNotNull)', async () => {
    const task = await onlyTask((await start(h, 'utAttributes', attributes)).id);
    expect(task).toMatchObject({ category: 'orders', formKey: 'reviewForm', taskDefinitionKey: 'review' });
    expect(task.id).toBeTruthy();
    expect(task.createTime).toBeTruthy();
    expect(task.processInstanceId).toBeTruthy();
    expect(task.executionId).toBeTruthy();
    expect(task.processDefinitionId).toBeTruthy();
  });
});

describe('candidates', () => {
  it('gives the task fixed candidate users and groups (TaskAssignmentExtensionsTest.testCandidateUsersExtension, testCandidateGroupsExtension)', async () => {
    const task = await onlyTask((await start(h, 'utCandidates')).id);
    expect(task.assignee).toBeNull();
    expect(await candidatesOf(task.id as string)).toEqual([
      'group:management',
      'group:sales',
      'user:gonzo',
      'user:kermit',
    ]);
  });

  it('finds the task by candidate user and by candidate group (TaskAssignmentCandidateTest.testCandidateGroups)', async () => {
    const instance = await start(h, 'utCandidates');
    const byUser = await listOf(
      h,
      `/process-api/runtime/tasks?candidateUser=kermit&processInstanceId=${instance.id}`,
    );
    const byGroup = await listOf(
      h,
      `/process-api/runtime/tasks?candidateGroup=sales&processInstanceId=${instance.id}`,
    );
    const byStranger = await listOf(
      h,
      `/process-api/runtime/tasks?candidateUser=fozzie&processInstanceId=${instance.id}`,
    );
    expect([byUser.length, byGroup.length]).toEqual([1, 1]);
    // fozzie is in sales: a candidate through the group
    expect(byStranger).toHaveLength(1);
    const byOutsider = await listOf(
      h,
      `/process-api/runtime/tasks?candidateGroup=finance&processInstanceId=${instance.id}`,
    );
    expect(byOutsider).toHaveLength(0);
  });

  it('a claim makes the candidate the assignee; a second claim by another user is a conflict (TaskServiceTest.testClaimAlreadyClaimedTaskByOtherUser)', async () => {
    const task = await onlyTask((await start(h, 'utCandidates')).id);
    const url = `/process-api/runtime/tasks/${task.id as string}`;
    await ok(h, 'POST', url, { action: 'claim', assignee: 'kermit' });
    expect((await ok(h, 'GET', url)).assignee).toBe('kermit');
    const again = await h.request('POST', url, { body: { action: 'claim', assignee: 'gonzo' } });
    expect(again.statusCode).toBe(409);
  });

  it('claiming again by the user who holds the task is no error (TaskServiceTest.testClaimAlreadyClaimedTaskBySameUser)', async () => {
    const task = await onlyTask((await start(h, 'utCandidates')).id);
    const url = `/process-api/runtime/tasks/${task.id as string}`;
    await ok(h, 'POST', url, { action: 'claim', assignee: 'kermit' });
    const again = await h.request('POST', url, { body: { action: 'claim', assignee: 'kermit' } });
    expect(again.statusCode).toBe(200);
    expect((await ok(h, 'GET', url)).assignee).toBe('kermit');
  });

  it('unclaiming gives the task back to its candidates (TaskServiceTest.testUnClaimTask)', async () => {
    const task = await onlyTask((await start(h, 'utCandidates')).id);
    const url = `/process-api/runtime/tasks/${task.id as string}`;
    await ok(h, 'POST', url, { action: 'claim', assignee: 'kermit' });
    await ok(h, 'POST', url, { action: 'claim', assignee: null });
    expect((await ok(h, 'GET', url)).assignee).toBeNull();
    expect(await candidatesOf(task.id as string)).toContain('user:kermit');
  });

  it('reads candidate users from a list variable and groups from a comma-separated string (TaskAssignmentExtensionsTest.testCandidateUsersCollectionVariable, testCandidatesWithCommaSeparatedStringExpression)', async () => {
    const instance = await start(h, 'utCandidateExpressions', {
      boss: 'fozzie',
      reviewers: ['kermit', 'gonzo'],
      groupList: 'sales, finance',
    });
    const task = await onlyTask(instance.id);
    expect(task.assignee).toBe('fozzie');
    expect(await candidatesOf(task.id as string)).toEqual([
      'group:finance',
      'group:sales',
      'user:gonzo',
      'user:kermit',
    ]);
  });

  it('an assignee expression that resolves to nothing leaves the task unassigned (UserTaskTest.testEmptyAssignmentExpression)', async () => {
    const instance = await start(h, 'utCandidateExpressions', { boss: null, reviewers: [], groupList: '' });
    const task = await onlyTask(instance.id);
    expect(task.assignee).toBeNull();
    expect(await candidatesOf(task.id as string)).toEqual([]);
  });

  it('reads potentialOwner: user(...), group(...) and a bare group name (TaskAssignmentExtensionsTest.testMixedCandidateUserDefinition)', async () => {
    const task = await onlyTask((await start(h, 'utPerformers', { approver: 'gonzo' })).id);
    expect(await candidatesOf(task.id as string)).toEqual(['group:management', 'group:sales', 'user:kermit']);
  });

  it('reads humanPerformer as the assignee, with an expression (InitiatorTest.testInitiatorWithWhiteSpaceInExpression)', async () => {
    const instance = await start(h, 'utPerformers', { approver: 'gonzo' });
    await completeTask(h, instance.id, 'owned');
    const task = await onlyTask(instance.id);
    expect(task).toMatchObject({ taskDefinitionKey: 'performed', assignee: 'gonzo' });
  });
});

describe('completion', () => {
  it('variables given on completion land on the instance and feed the next task (TaskServiceTest.testCompleteWithParametersTask)', async () => {
    const instance = await start(h, 'utSequence');
    await completeTask(h, instance.id, 'first', { decision: 'yes' });
    expect((await variablesOf(h, instance.id)).decision).toMatchObject({ type: 'string', value: 'yes' });
    const task = await onlyTask(instance.id);
    expect(task.name).toBe('Second for yes');
  });

  it('${authenticatedUserId} is the user who completes the previous task (UserTaskTest.testUserTaskCompleterVariableName)', async () => {
    const instance = await start(h, 'utSequence');
    const [first] = await tasksOf(h, instance.id);
    const response = await h.request('POST', `/process-api/runtime/tasks/${first.id}`, {
      as: 'fozzie',
      body: { action: 'complete', variables: [{ name: 'decision', type: 'string', value: 'no' }] },
    });
    expect(response.statusCode).toBe(200);
    expect((await onlyTask(instance.id)).assignee).toBe('fozzie');
  });

  it('completing the last task ends the instance (UserTaskTest.testCompleteAfterParallelGateway)', async () => {
    const instance = await start(h, 'utSequence');
    await completeTask(h, instance.id, 'first', { decision: 'yes' });
    await completeTask(h, instance.id, 'second');
    expect(await isEnded(h, instance.id)).toBe(true);
  });
});

describe('task listeners', () => {
  it('a create listener sees the task and may assign it (TaskListenerTest.testTaskCreateListener)', async () => {
    const instance = await start(h, 'utListeners');
    const task = await onlyTask(instance.id);
    expect(task.assignee).toBe('fozzie');
    const variables = await variablesOf(h, instance.id);
    expect(variables.createdName?.value).toBe('Listened');
  });

  it('an assignment listener runs when a create listener assigns (TaskListenerTest.testTaskAssignmentListener)', async () => {
    const instance = await start(h, 'utListeners');
    expect((await variablesOf(h, instance.id)).assignedTo?.value).toBe('fozzie');
  });

  it('a complete listener runs before the task is gone, with its assignee (TaskListenerTest.testTaskCompleteListener)', async () => {
    const instance = await start(h, 'utListeners');
    const [task] = await tasksOf(h, instance.id);
    await complete(h, task.id);
    const variables = await variablesOf(h, instance.id);
    expect(variables.completedBy?.value).toBe('fozzie');
  });

  it("an 'all' listener runs for create, assignment and complete (TaskListenerTest.testAllEventsTaskListener)", async () => {
    const instance = await start(h, 'utListeners');
    const [task] = await tasksOf(h, instance.id);
    await complete(h, task.id);
    const variables = await variablesOf(h, instance.id);
    expect([variables.create?.value, variables.assignment?.value, variables.complete?.value]).toEqual([
      true,
      true,
      true,
    ]);
  });
});
