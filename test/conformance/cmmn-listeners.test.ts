/**
 * Flowable's CMMN listeners: task listeners on human tasks (create, assignment, complete,
 * delete, all; class, expression and delegate expression, with fields), plan item lifecycle
 * listeners filtered by source and target state, and case lifecycle listeners. After
 * Flowable's `TaskListenerTest`, `PlanItemLifecycleListenerTest` and
 * `CaseInstanceLifecycleListenerTest`, with Weir's own models (delegates are registered
 * TypeScript values where Flowable names Java classes). What Weir does not run is refused at
 * deployment, naming it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  CMMN,
  caseIsEnded,
  caseRefusal,
  caseTasksOf,
  caseVariablesOf,
  completeCaseTask,
  deployCase,
  tryStartCase,
  useCmmnFamily,
} from './cmmn-support.ts';
import { listOf } from './support.ts';

interface Facade {
  id: string;
  name?: string | null;
  eventName?: string;
  elementId?: string;
  getVariable: (name: string) => unknown;
  setVariable: (name: string, value: unknown) => void;
}

const { harness, started } = useCmmnFamily('listeners');
let h: HttpHarness;
const caseEnds: { caseId: string; from: unknown; to: unknown }[] = [];
beforeAll(() => {
  h = harness();
  const delegates = h.engine.delegates;
  delegates.register('RecordingTaskListener', {
    notify: (task: Facade, fields: Record<string, unknown>) =>
      task.setVariable('classListener', `${String(fields.label)} on ${task.eventName} of ${task.name}`),
  });
  delegates.register('taskEvents', {
    notify: (task: Facade) => {
      const seen = (task.getVariable('archiveEvents') as string | null) ?? '';
      task.setVariable('archiveEvents', seen === '' ? task.eventName : `${seen},${task.eventName}`);
    },
  });
  delegates.register('stateLog', {
    stateChanged: (item: Facade, from: string | null, to: string) => {
      const seen = (item.getVariable('gatherStates') as string | null) ?? '';
      item.setVariable('gatherStates', `${seen}${from ?? 'none'}>${to};`);
    },
  });
  delegates.register('CaseEndRecorder', {
    stateChanged: (c: Facade, from: string | null, to: string) => caseEnds.push({ caseId: c.id, from, to }),
  });
  delegates.register('throwingListener', {
    notify: () => {
      throw new Error('the listener refuses this task');
    },
  });
});

const variables = async (caseId: string) =>
  Object.fromEntries(Object.entries(await caseVariablesOf(h, caseId)).map(([name, v]) => [name, v.value]));

const taskOf = async (caseId: string, key: string) => {
  const task = (await caseTasksOf(h, caseId)).find((t) => t.taskDefinitionKey === key);
  if (!task) throw new Error(`no open task ${key}`);
  return task;
};

describe('task listeners', () => {
  it('create listeners run when the task is made: expression, class with fields, delegate expression (TaskListenerTest.testCreateEvent)', async () => {
    const id = await started('lsTaskListeners');
    const vars = await variables(id);
    expect(vars).toMatchObject({
      createdTask: 'Review',
      createdItem: 'byExpressionItem',
      classListener: 'from a field on create of Approve',
      archiveEvents: 'create',
    });
  });

  it('a task created with an assignee hears assignment after create (TaskListenerTest.testAssignEventOnCreateByHumanTaskActivityBehaviour)', async () => {
    const id = await started('lsTaskListeners');
    expect((await variables(id)).assignedTo).toBe('kermit');
  });

  it('assignment listeners run when the task is given to someone over REST (TaskListenerTest.testAssignEvent)', async () => {
    const id = await started('lsTaskListeners');
    const task = await taskOf(id, 'byExpression');
    const claimed = await h.request('PUT', `${CMMN}/cmmn-runtime/tasks/${task.id}`, {
      body: { assignee: 'fozzie' },
    });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect((await variables(id)).assignedTo).toBe('fozzie');
    const archive = await taskOf(id, 'byBean');
    const assigned = await h.request('POST', `/process-api/runtime/tasks/${archive.id}`, {
      body: { action: 'claim', assignee: 'kermit' },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect((await variables(id)).archiveEvents).toBe('create,assignment');
  });

  it('complete listeners run, then delete, before the plan item completes (TaskListenerTest.testCompleteEvent)', async () => {
    const id = await started('lsTaskListeners');
    await completeCaseTask(h, id, 'byExpression');
    await completeCaseTask(h, id, 'byBean');
    const vars = await variables(id);
    expect(vars.completedBy).toBe('kermit');
    expect(vars.archiveEvents).toBe('create,complete,delete');
  });

  it('a task ended by the termination of its case hears delete (TaskListenerTest, delete event)', async () => {
    const id = await started('lsTaskListeners');
    const archive = await taskOf(id, 'byBean');
    const terminated = await h.request('DELETE', `${CMMN}/cmmn-runtime/case-instances/${id}`);
    expect(terminated.statusCode).toBe(204);
    const history = await listOf<{ variable: { name: string; value: unknown } }>(
      h,
      `${CMMN}/cmmn-history/historic-variable-instances?caseInstanceId=${id}&size=100`,
    );
    expect(history.find((v) => v.variable.name === 'archiveEvents')?.variable.value).toBe('create,delete');
    expect((await h.request('GET', `/process-api/runtime/tasks/${archive.id}`)).statusCode).toBe(404);
  });

  it('a listener that throws fails the start, and nothing of the case is written (TaskListenerTest.testListenerWithClassThrowsNonFlowableException)', async () => {
    const before = await listOf(h, `${CMMN}/cmmn-runtime/case-instances?caseDefinitionKey=lsFailing`);
    const response = await tryStartCase(h, 'lsFailing');
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.body).toContain('the listener refuses this task');
    expect(await listOf(h, `${CMMN}/cmmn-runtime/case-instances?caseDefinitionKey=lsFailing`)).toEqual(
      before,
    );
    expect(
      await listOf(h, `${CMMN}/cmmn-history/historic-case-instances?caseDefinitionKey=lsFailing`),
    ).toEqual([]);
  });
});

describe('plan item lifecycle listeners', () => {
  it('a listener for available to active runs as the item starts, and its variable satisfies an if-part in the same command (PlanItemLifecycleListenerTest)', async () => {
    const id = await started('lsLifecycle');
    const vars = await variables(id);
    expect(vars.gatherStarted).toBe(true);
    expect((await caseTasksOf(h, id)).map((t) => t.taskDefinitionKey).sort()).toEqual(['gather', 'report']);
  });

  it('a listener without states hears every transition, with the old and new state (PlanItemLifecycleListenerTest.testListenerWithoutSourceAndTargetState)', async () => {
    const id = await started('lsLifecycle');
    expect((await variables(id)).gatherStates).toBe('none>available;available>active;');
    await completeCaseTask(h, id, 'gather');
    const vars = await variables(id);
    expect(vars.gatherStates).toBe('none>available;available>active;active>completed;');
    expect(vars.gatherEnded).toBe('completed');
  });

  it('a milestone listener for completed sees the state it came from (PlanItemLifecycleListenerTest, milestone)', async () => {
    const id = await started('lsLifecycle');
    expect((await variables(id)).milestoneFrom).toBeUndefined();
    await completeCaseTask(h, id, 'gather');
    expect((await variables(id)).milestoneFrom).toBe('available');
    await completeCaseTask(h, id, 'report');
    expect(await caseIsEnded(h, id)).toBe(true);
  });
});

describe('case lifecycle listeners', () => {
  it('the start listener runs after the start variables are set (CaseInstanceLifecycleListenerTest.testActiveListeners)', async () => {
    const id = await started('lsCase', { given: 1 });
    expect(await variables(id)).toEqual({ given: 1, startedAs: 'active' });
  });

  it('completion and termination each call their listener with the states (CaseInstanceLifecycleListenerTest)', async () => {
    const done = await started('lsCase');
    await completeCaseTask(h, done, 'only');
    const stopped = await started('lsCase');
    expect((await h.request('DELETE', `${CMMN}/cmmn-runtime/case-instances/${stopped}`)).statusCode).toBe(
      204,
    );
    expect(caseEnds.filter((e) => e.caseId === done || e.caseId === stopped)).toEqual([
      { caseId: done, from: 'active', to: 'completed' },
      { caseId: stopped, from: 'active', to: 'terminated' },
    ]);
  });
});

describe('refused at deployment', () => {
  const model = (extensions: string, on = 'humanTask') => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn" targetNamespace="http://weir.test/cmmn">
  <case id="lsRefused">
    <casePlanModel id="lsRefusedPlan">
      <planItem id="item" definitionRef="element"/>
      <${on} id="element" name="Element">
        <extensionElements>
${extensions}
        </extensionElements>
      </${on}>
    </casePlanModel>
  </case>
</definitions>`;

  it('a script task listener, naming the element (Weir runs no CMMN scripts)', async () => {
    const message = await caseRefusal(
      h,
      'script.cmmn',
      model(
        '<flowable:taskListener event="create" type="script"><flowable:script language="groovy">1</flowable:script></flowable:taskListener>',
      ),
    );
    expect(message).toMatch(/element.*taskListener.*type 'script'/s);
  });

  it('onTransaction, an unknown state and an unknown event', async () => {
    expect(
      await caseRefusal(
        h,
        'tx.cmmn',
        model(
          '<flowable:planItemLifecycleListener targetState="active" onTransaction="committed" expression="${x}"/>',
        ),
      ),
    ).toContain("onTransaction 'committed'");
    expect(
      await caseRefusal(
        h,
        'state.cmmn',
        model('<flowable:planItemLifecycleListener targetState="running" expression="${x}"/>'),
      ),
    ).toContain("targetState 'running' is not a state");
    expect(
      await caseRefusal(h, 'event.cmmn', model('<flowable:taskListener event="claim" expression="${x}"/>')),
    ).toContain("event 'claim'");
  });

  it("an extension element Flowable runs and Weir does not is refused; Flowable Design's metadata is not", async () => {
    expect(
      await caseRefusal(h, 'eventType.cmmn', model('<flowable:eventType>orderPlaced</flowable:eventType>')),
    ).toMatch(/element.*eventType.*not supported/s);
    const metadata = await deployCase(
      h,
      'metadata.cmmn',
      model(
        '<flowable:work-form-field-validation>false</flowable:work-form-field-validation><flowable:task-candidates-type>all</flowable:task-candidates-type>',
      ),
    );
    expect(metadata.statusCode, metadata.body).toBe(201);
  });

  it('a task listener where no task is (a milestone)', async () => {
    expect(
      await caseRefusal(
        h,
        'milestone.cmmn',
        model('<flowable:taskListener event="create" expression="${x}"/>', 'milestone'),
      ),
    ).toMatch(/element.*taskListener.*not supported/s);
  });
});
