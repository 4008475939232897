/**
 * CMMN human tasks: the task a human task plan item creates, its attributes (fixed and as
 * expressions), candidates, blocking, and the task list it shares with process tasks. After
 * Flowable's `HumanTaskTest`, `CmmnTaskDueDateTest`, `CmmnTaskServiceTest` and the CMMN REST
 * `TaskResourceTest` / `TaskCollectionResourceTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  caseIsEnded,
  caseTasksOf,
  caseVariablesOf,
  completeCaseTask,
  planItemOf,
  startCase,
  statesOf,
  useCmmnFamily,
} from './cmmn-support.ts';
import { listOf, ok } from './support.ts';

const { harness } = useCmmnFamily('human-tasks');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

const onlyTask = async (caseId: string) => {
  const tasks = await caseTasksOf(h, caseId);
  expect(tasks).toHaveLength(1);
  return tasks[0];
};

describe('the task of a human task', () => {
  it('starting the case creates the task and an active humantask plan item referring to it (HumanTaskTest.testHumanTask)', async () => {
    const started = await startCase(h, 'htOne');
    const task = await onlyTask(started.id as string);
    expect(task).toMatchObject({
      name: 'Review',
      taskDefinitionKey: 'review',
      scopeId: started.id,
      scopeType: 'cmmn',
    });
    const item = await planItemOf(h, started.id as string, 'reviewItem');
    expect(item).toMatchObject({
      state: 'active',
      planItemDefinitionId: 'review',
      planItemDefinitionType: 'humantask',
      referenceId: task.id,
      referenceType: 'cmmn-1.1-to-cmmn-1.1-child-human-task',
    });
  });

  it('completing the only task completes its plan item and the case (HumanTaskTest.testHumanTask)', async () => {
    const started = await startCase(h, 'htOne');
    const item = await planItemOf(h, started.id as string, 'reviewItem');
    await completeCaseTask(h, started.id as string, 'review');
    expect(await caseIsEnded(h, started.id as string)).toBe(true);
    const history = await ok(h, 'GET', `${CMMN}/cmmn-history/historic-planitem-instances/${item.id}`);
    expect(history.state).toBe('completed');
  });

  it('the task carries its case definition and case instance (TaskResourceTest.testGetCaseTask)', async () => {
    const started = await startCase(h, 'htOne');
    const task = await onlyTask(started.id as string);
    const fetched = await ok(h, 'GET', `${CMMN}/cmmn-runtime/tasks/${task.id}`);
    expect(fetched).toMatchObject({
      id: task.id,
      caseInstanceId: started.id,
      caseDefinitionId: started.caseDefinitionId,
      priority: 50,
      assignee: null,
    });
    expect(fetched.url as string).toMatch(new RegExp(`/cmmn-api/cmmn-runtime/tasks/${task.id}$`));
  });

  it('variables given when the task completes become case variables (TaskResourceTest.testCompleteTask)', async () => {
    const started = await startCase(h, 'htTwoTasks');
    await completeCaseTask(h, started.id as string, 'first', { verdict: 'fine', score: 7 });
    const variables = await caseVariablesOf(h, started.id as string);
    expect(variables.verdict.value).toBe('fine');
    expect(variables.score.value).toBe(7);
  });

  it('two tasks without sentries are both active at start, and the case waits for both (HumanTaskTest.testHumanTask)', async () => {
    const started = await startCase(h, 'htTwoTasks');
    expect(await statesOf(h, started.id as string)).toEqual({ firstItem: 'active', secondItem: 'active' });
    await completeCaseTask(h, started.id as string, 'first');
    expect(await caseIsEnded(h, started.id as string)).toBe(false);
    await completeCaseTask(h, started.id as string, 'second');
    expect(await caseIsEnded(h, started.id as string)).toBe(true);
  });
});

describe('attributes', () => {
  it('a fixed assignee, owner, priority, form key and category are the task’s (HumanTaskTest.testHumanTask)', async () => {
    const started = await startCase(h, 'htAttributes');
    const task = await onlyTask(started.id as string);
    expect(task).toMatchObject({
      name: 'Check papers',
      assignee: 'kermit',
      owner: 'gonzo',
      priority: 70,
      formKey: 'paperForm',
      category: 'paperwork',
    });
  });

  it('a fixed due date is the task’s due date (CmmnTaskDueDateTest)', async () => {
    const started = await startCase(h, 'htAttributes');
    const task = await onlyTask(started.id as string);
    expect(new Date(task.dueDate as string).toISOString()).toBe('2036-02-29T12:00:00.000Z');
  });

  it('the documentation becomes the task description (HumanTaskTest.testHumanTask)', async () => {
    const started = await startCase(h, 'htAttributes');
    const task = await onlyTask(started.id as string);
    expect(task.description).toBe('Check the papers of the applicant');
  });

  it('assignee, priority and due date expressions read case variables (HumanTaskTest.testHumanTask)', async () => {
    const started = await startCase(h, 'htExpressions', {
      subject: 'invoice',
      reviewer: 'fozzie',
      urgency: 80,
      deadline: '2035-06-01T08:00:00Z',
    });
    const task = await onlyTask(started.id as string);
    expect(task.assignee).toBe('fozzie');
    expect(task.priority).toBe(80);
    expect(new Date(task.dueDate as string).toISOString()).toBe('2035-06-01T08:00:00.000Z');
  });

  it('a name expression is resolved for the task and its plan item (HumanTaskTest.testHumanTask)', async () => {
    const started = await startCase(h, 'htExpressions', {
      subject: 'contract',
      reviewer: 'kermit',
      urgency: 10,
      deadline: '2035-06-01T08:00:00Z',
    });
    const task = await onlyTask(started.id as string);
    expect(task.name).toBe('Review contract');
    expect((await planItemOf(h, started.id as string, 'reviewItem')).name).toBe('Review contract');
  });

  it('a due date given as an ISO 8601 duration counts from the task’s creation (CmmnTaskDueDateTest)', async () => {
    const before = Date.now();
    const started = await startCase(h, 'htDueDuration');
    const task = await onlyTask(started.id as string);
    const due = Date.parse(task.dueDate as string);
    expect(due - before).toBeGreaterThanOrEqual(2 * 3600_000 - 1000);
    expect(due - Date.now()).toBeLessThanOrEqual(2 * 3600_000 + 1000);
  });
});

describe('candidates', () => {
  it('a candidate user finds the task (CmmnTaskServiceTest, candidate users)', async () => {
    const started = await startCase(h, 'htCandidates');
    const found = await listOf(
      h,
      `${CMMN}/cmmn-runtime/tasks?caseInstanceId=${started.id as string}&candidateUser=gonzo`,
    );
    expect(found.map((task) => task.taskDefinitionKey)).toEqual(['approve']);
  });

  it('a member of a candidate group finds the task (CmmnTaskServiceTest, candidate groups)', async () => {
    const started = await startCase(h, 'htCandidates');
    const byGroup = await listOf(
      h,
      `${CMMN}/cmmn-runtime/tasks?caseInstanceId=${started.id as string}&candidateGroup=sales`,
    );
    expect(byGroup).toHaveLength(1);
    const byMember = await listOf(
      h,
      `${CMMN}/cmmn-runtime/tasks?caseInstanceId=${started.id as string}&candidateUser=fozzie`,
    );
    expect(byMember).toHaveLength(1);
  });

  it('a user who is no candidate does not find the task (CmmnTaskServiceTest, candidate users)', async () => {
    const started = await startCase(h, 'htCandidates');
    const found = await listOf(
      h,
      `${CMMN}/cmmn-runtime/tasks?caseInstanceId=${started.id as string}&candidateUser=admin`,
    );
    expect(found).toHaveLength(0);
  });

  it('the task’s identity links list its candidates (TaskIdentityLinkResourceTest.testGetIdentityLinks)', async () => {
    const started = await startCase(h, 'htCandidates');
    const task = await onlyTask(started.id as string);
    const links = (await ok(h, 'GET', `${CMMN}/cmmn-runtime/tasks/${task.id}/identitylinks`)) as {
      user: string | null;
      group: string | null;
      type: string;
    }[];
    const described = links.map((link) => `${link.type}:${link.user ?? link.group}`).sort();
    expect(described).toEqual(['candidate:gonzo', 'candidate:kermit', 'candidate:sales']);
  });

  it('claiming a candidate task assigns it (TaskResourceTest.testClaimTask)', async () => {
    const started = await startCase(h, 'htCandidates');
    const task = await onlyTask(started.id as string);
    await ok(h, 'POST', `${CMMN}/cmmn-runtime/tasks/${task.id}`, { action: 'claim', assignee: 'kermit' });
    expect((await onlyTask(started.id as string)).assignee).toBe('kermit');
  });
});

describe('blocking', () => {
  it('a non-blocking human task is done at once, as a manual task: no task is created (HumanTaskTest.testTaskNonBlockingWithEntryAndExitCriterion)', async () => {
    const started = await startCase(h, 'htNonBlocking');
    const keys = (await caseTasksOf(h, started.id as string)).map((task) => task.taskDefinitionKey);
    expect(keys).toEqual(['wait']);
    const states = await statesOf(h, started.id as string, true);
    expect(states.noteItem).toBe('completed');
    expect(states.waitItem).toBe('active');
  });
});

describe('one task list for processes and cases', () => {
  it('a case task is listed by the process API’s task list with scope type cmmn (CmmnTaskServiceTest, shared task service)', async () => {
    const started = await startCase(h, 'htOne');
    const task = await onlyTask(started.id as string);
    const shared = await ok(h, 'GET', `/process-api/runtime/tasks/${task.id}`);
    expect(shared).toMatchObject({
      id: task.id,
      scopeType: 'cmmn',
      scopeId: started.id,
      processInstanceId: null,
    });
  });

  it('completing a case task through the process API drives the case (CmmnTaskServiceTest, shared task service)', async () => {
    const started = await startCase(h, 'htOne');
    const task = await onlyTask(started.id as string);
    await ok(h, 'POST', `/process-api/runtime/tasks/${task.id}`, { action: 'complete' });
    expect(await caseIsEnded(h, started.id as string)).toBe(true);
  });
});
