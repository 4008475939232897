/**
 * Flowable's BPMN dialect as Flowable's own tests exercise it: models that Flowable deploys
 * deploy and run the same in Weir; what Weir cannot run is refused naming element and line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import {
  activitiesOf,
  complete,
  deployFixtures,
  deployXml,
  fixture,
  isEnded,
  start,
  tasksOf,
  variablesOf,
  openTaskKeys,
  useConformanceHarness,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness([
  'generated-ids.bpmn20.xml',
  'qname-references.bpmn20.xml',
  'multi-instance-data-input.bpmn20.xml',
  'data-objects.bpmn20.xml',
  'initiator.bpmn20.xml',
  'skip-expression.bpmn20.xml',
  'user-task-expressions.bpmn20.xml',
]);
beforeAll(() => {
  h = use();
});

/** Deploy a fixture with some text replaced, expecting a refusal; returns its message. */
const refusalOf = async (name: string, resource: string, edits: [string, string][]): Promise<string> => {
  const xml = edits.reduce((text, [from, to]) => text.replace(from, to), await fixture(name));
  const response = await deployXml(h, resource, xml);
  expect(response.statusCode).toBe(400);
  return (response.json() as { exception: string }).exception;
};

describe('elements without an id (Flowable generates one)', () => {
  it('a process whose sequence flows have no id deploys and runs', async () => {
    const instance = await start(h, 'noIds');
    const [task] = await tasksOf(h, instance.id);
    expect(task.taskDefinitionKey).toBe('review');
    await complete(h, task.id);
    expect(await isEnded(h, instance.id)).toBe(true);
    // RuntimeActivityInstanceTest.testSequenceFlowActivityInstanceWithoutSequenceFlowId
    expect(await activitiesOf(h, instance.id)).toEqual([
      'start',
      '_flow_start__review',
      'review',
      '_flow_review__done',
      'done',
    ]);
  });

  it('a generated id is named in a problem, at the line of the element that contains it', async () => {
    expect(
      await refusalOf('generated-ids.bpmn20.xml', 'broken.bpmn20.xml', [
        ['id="noIds"', 'id="noIdsBroken"'],
        ['targetRef="done"', 'targetRef="nowhere"'],
      ]),
    ).toContain(
      "sequenceFlow 'sequenceFlow-2' (broken.bpmn20.xml, line 6): targetRef 'nowhere' does not exist in this process",
    );
  });
});

describe('QName references resolved against the targetNamespace', () => {
  it('a message start event with messageRef="tns:..." starts by the message name', async () => {
    const response = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { message: 'invoiceReceived', variables: [{ name: 'amount', type: 'integer', value: 10 }] },
    });
    expect(response.statusCode).toBe(201);
    const instance = response.json() as { id: string };
    expect(await activitiesOf(h, instance.id)).toContain('waitPayment');
  });

  it('signalRef="tns:..." catches the signal by its name', async () => {
    const instance = (
      await h.request('POST', '/process-api/runtime/process-instances', {
        body: { message: 'invoiceReceived', variables: [{ name: 'amount', type: 'integer', value: 5 }] },
      })
    ).json() as { id: string };
    const signal = await h.request('POST', '/process-api/runtime/signals', {
      body: { signalName: 'paymentCleared' },
    });
    expect([200, 204]).toContain(signal.statusCode);
    expect(await isEnded(h, instance.id)).toBe(true);
  });

  it('errorRef="tns:..." on an error end event is caught by a boundary event with the same QName', async () => {
    const instance = (
      await h.request('POST', '/process-api/runtime/process-instances', {
        body: { message: 'invoiceReceived', variables: [{ name: 'amount', type: 'integer', value: -3 }] },
      })
    ).json() as { id: string };
    expect(await openTaskKeys(h, instance.id)).toEqual(['fixInvoice']);
  });

  it('a prefix bound to another namespace does not resolve and is refused naming the element', async () => {
    const message = await refusalOf('qname-references.bpmn20.xml', 'foreign.bpmn20.xml', [
      ['id="qnameInvoice"', 'id="qnameForeign"'],
      ['xmlns:tns="urn:weir:invoices"', 'xmlns:tns="urn:somewhere:else"'],
    ]);
    expect(message).toContain(
      "startEvent 'receive' (foreign.bpmn20.xml, line 11): messageRef 'tns:invoiceReceived' does not refer to a declared <message>",
    );
  });
});

describe('multi-instance with loopDataInputRef and inputDataItem', () => {
  it('creates one task per element of the collection variable, with the element variable', async () => {
    const instance = await start(h, 'miDataInput', { approvers: ['kermit', 'fozzie', 'gonzo'] });
    const tasks = await tasksOf(h, instance.id);
    expect(tasks.map((task) => task.assignee).sort()).toEqual(['fozzie', 'gonzo', 'kermit']);
  });

  it('flowable:elementIndexVariable holds each instance index', async () => {
    const instance = await start(h, 'miDataInput', { approvers: ['kermit', 'fozzie', 'gonzo'] });
    expect((await tasksOf(h, instance.id)).map((task) => task.name)).toEqual([
      'Approve 0',
      'Approve 1',
      'Approve 2',
    ]);
  });

  it('the completionCondition ends the multi-instance early', async () => {
    const instance = await start(h, 'miDataInput', { approvers: ['kermit', 'fozzie', 'gonzo'] });
    const tasks = await tasksOf(h, instance.id);
    await complete(h, tasks[0].id);
    await complete(h, tasks[1].id);
    expect(await openTaskKeys(h, instance.id)).toEqual(['after']);
  });

  it('a sequential loop over an expression collection runs one element at a time', async () => {
    const instance = await start(h, 'miDataInputSequential', { signers: ['kermit', 'fozzie'] });
    const first = await tasksOf(h, instance.id);
    expect(first.map((task) => task.assignee)).toEqual(['kermit']);
    await complete(h, first[0].id);
    const second = await tasksOf(h, instance.id);
    expect(second.map((task) => task.assignee)).toEqual(['fozzie']);
    await complete(h, second[0].id);
    expect(await isEnded(h, instance.id)).toBe(true);
  });
});

describe('data objects with default values', () => {
  it('become variables at start, typed as Flowable types them', async () => {
    const instance = await start(h, 'dataObjects');
    const variables = await variablesOf(h, instance.id);
    expect(variables.customerName).toMatchObject({ type: 'string', value: 'Kermit the Frog' });
    expect(variables.itemCount).toMatchObject({ type: 'integer', value: 42 });
    expect(variables.accountNumber).toMatchObject({ type: 'long', value: 9876543210 });
    expect(variables.discount).toMatchObject({ type: 'double', value: 0.15 });
    expect(variables.express).toMatchObject({ type: 'boolean', value: true });
    expect(variables.orderedAt.type).toBe('date');
    expect(new Date(variables.orderedAt.value as string).toISOString()).toBe('2024-03-01T10:30:00.000Z');
  });

  it('a data object without a value is a variable holding null', async () => {
    const instance = await start(h, 'dataObjects');
    expect((await variablesOf(h, instance.id)).notes?.value ?? null).toBeNull();
    expect(Object.keys(await variablesOf(h, instance.id))).toContain('notes');
  });

  it('a variable given at start overrides the default, and expressions see the value', async () => {
    const instance = await start(h, 'dataObjects', { customerName: 'Fozzie' });
    expect((await variablesOf(h, instance.id)).customerName.value).toBe('Fozzie');
    expect((await tasksOf(h, instance.id))[0].name).toBe('Handle Fozzie');
  });

  it('a default that does not fit its item type is refused at deployment', async () => {
    expect(
      await refusalOf('data-objects.bpmn20.xml', 'bad-data.bpmn20.xml', [
        ['id="dataObjects"', 'id="dataObjectsBroken"'],
        ['<flowable:value>42</flowable:value>', '<flowable:value>many</flowable:value>'],
      ]),
    ).toContain(
      "dataObject 'doCount' (bad-data.bpmn20.xml, line 11): flowable:value 'many' is not a valid xsd:int",
    );
  });
});

describe('flowable:initiator and the authenticated user', () => {
  it('the initiator variable holds the user who started the instance', async () => {
    const instance = await start(h, 'initiator', {}, 'kermit');
    const variables = await variablesOf(h, instance.id);
    expect(variables.requester).toMatchObject({ type: 'string', value: 'kermit' });
    expect((await tasksOf(h, instance.id))[0].assignee).toBe('kermit');
  });

  it('a variable given at start with the same name overrides the initiator, as Flowable sets it first', async () => {
    const instance = await start(h, 'initiator', { requester: 'fozzie' }, 'kermit');
    expect((await variablesOf(h, instance.id)).requester.value).toBe('fozzie');
  });

  it('${authenticatedUserId} is the starting user at start and the completing user on completion', async () => {
    const instance = await start(h, 'initiator', {}, 'kermit');
    const [task] = await tasksOf(h, instance.id);
    const response = await h.request('POST', `/process-api/runtime/tasks/${task.id}`, {
      as: 'kermit',
      body: { action: 'complete' },
    });
    expect(response.statusCode).toBe(200);
    const variables = await variablesOf(h, instance.id);
    expect(variables.startedBy.value).toBe('kermit');
    expect(variables.completedBy.value).toBe('kermit');
  });
});

describe('flowable:skipExpression', () => {
  const enabled = { _FLOWABLE_SKIP_EXPRESSION_ENABLED: true };

  it('skips a user task when skipping is enabled and the expression holds', async () => {
    const instance = await start(h, 'skipping', {
      ...enabled,
      skipReview: true,
      skipCharge: false,
      forceAuto: false,
      amount: 50,
    });
    expect(await isEnded(h, instance.id)).toBe(true);
    const activities = await activitiesOf(h, instance.id);
    expect(activities).toContain('review');
    expect(activities).toContain('charge');
  });

  it('does not skip without _FLOWABLE_SKIP_EXPRESSION_ENABLED, whatever the expression says', async () => {
    const instance = await start(h, 'skipping', {
      skipReview: true,
      skipCharge: true,
      forceAuto: true,
      amount: 50,
    });
    expect(await openTaskKeys(h, instance.id)).toEqual(['review']);
  });

  it('does not skip when the expression is false', async () => {
    const instance = await start(h, 'skipping', {
      ...enabled,
      skipReview: false,
      skipCharge: true,
      forceAuto: false,
      amount: 50,
    });
    expect(await openTaskKeys(h, instance.id)).toEqual(['review']);
  });

  it('a skipped service task does not run: its result variable is never set', async () => {
    const instance = await start(h, 'skipping', {
      ...enabled,
      skipReview: true,
      skipCharge: true,
      forceAuto: false,
      amount: 500,
    });
    const variables = await variablesOf(h, instance.id);
    expect(variables.charged).toBeUndefined();
    expect(await openTaskKeys(h, instance.id)).toEqual(['manual']);
  });

  it('a sequence flow whose skip expression holds is taken whatever its condition', async () => {
    const instance = await start(h, 'skipping', {
      ...enabled,
      skipReview: true,
      skipCharge: false,
      forceAuto: true,
      amount: 500,
    });
    expect(await isEnded(h, instance.id)).toBe(true);
    expect(await activitiesOf(h, instance.id)).not.toContain('manual');
  });
});

describe('user task due date, priority and category expressions', () => {
  it('are evaluated when the task is created', async () => {
    const instance = await start(h, 'taskExpressions', [
      { name: 'due', type: 'date', value: '2030-05-06T07:08:09.000Z' },
      { name: 'urgency', type: 'integer', value: 8 },
      { name: 'department', type: 'string', value: 'finance' },
    ]);
    const [task] = await tasksOf(h, instance.id);
    expect(task).toMatchObject({ priority: 80, category: 'finance' });
    expect(new Date(task.dueDate!).toISOString()).toBe('2030-05-06T07:08:09.000Z');
  });

  it('take fixed values, a duration due date counting from task creation', async () => {
    const instance = await start(h, 'taskExpressions', [
      { name: 'due', type: 'date', value: '2030-05-06T07:08:09.000Z' },
      { name: 'urgency', type: 'integer', value: 1 },
      { name: 'department', type: 'string', value: 'finance' },
    ]);
    const before = Date.now();
    await complete(h, (await tasksOf(h, instance.id))[0].id);
    const [task] = await tasksOf(h, instance.id);
    expect(task).toMatchObject({ taskDefinitionKey: 'fixed', priority: 7, category: 'plain' });
    const due = new Date(task.dueDate!).getTime();
    expect(due).toBeGreaterThanOrEqual(before + 2 * 3600_000 - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 2 * 3600_000 + 1000);
  });
});

describe('what Weir cannot run is refused at deployment, naming element, attribute and line', () => {
  it('an unknown expression function', async () => {
    expect(
      await refusalOf('skip-expression.bpmn20.xml', 'unknown-fn.bpmn20.xml', [
        ['id="skipping"', 'id="skippingBroken"'],
        ['${skipReview}', '${variables:nope(skipReview)}'],
      ]),
    ).toContain(
      "userTask 'review' (unknown-fn.bpmn20.xml, line 9): flowable:skipExpression: Expression '${variables:nope(skipReview)}' does not parse at column 3: unknown function 'variables:nope'",
    );
  });

  it('a Flowable attribute that changes how the element runs: flowable:triggerable on a send task', async () => {
    expect(
      await refusalOf('initiator.bpmn20.xml', 'triggerable.bpmn20.xml', [
        ['id="initiator"', 'id="triggerable"'],
        ['<serviceTask id="whoStarted"', '<sendTask id="whoStarted" flowable:triggerable="true"'],
      ]),
    ).toContain(
      'sendTask \'whoStarted\' (triggerable.bpmn20.xml, line 9): flowable:triggerable="true" is not supported on a send task',
    );
  });

  it('a complex gateway', async () => {
    expect(
      await refusalOf('generated-ids.bpmn20.xml', 'complex.bpmn20.xml', [
        ['id="noIds"', 'id="complex"'],
        ['<endEvent id="done"/>', '<endEvent id="done"/><complexGateway id="cg"/>'],
      ]),
    ).toContain("complexGateway 'cg' (complex.bpmn20.xml, line 11): complex gateways are not supported");
  });
});

describe('what Flowable deploys although a stricter reader would not', () => {
  beforeAll(() => deployFixtures(h, ['lenient-parsing.bpmn20.xml']));

  it('an exclusive gateway takes the first outgoing flow without a condition', async () => {
    const instance = await start(h, 'unconditionalGateway');
    expect(await openTaskKeys(h, instance.id)).toEqual(['second']);
  });

  it('ids inside extensionElements may repeat an element id, and DI content there is read past', async () => {
    const instance = await start(h, 'unconditionalGateway');
    expect(await activitiesOf(h, instance.id)).toContain('start');
  });

  it('a task listener on event "all" hears create, complete and then delete', async () => {
    const instance = await start(h, 'unconditionalGateway');
    expect((await variablesOf(h, instance.id)).lastTaskEvent.value).toBe('create');
    const [task] = await tasksOf(h, instance.id);
    await complete(h, task.id);
    const history = await h.request(
      'GET',
      `/process-api/history/historic-variable-instances?processInstanceId=${instance.id}&variableName=lastTaskEvent`,
    );
    // Flowable deletes a completed task and fires its delete listeners after complete
    // (TaskListenerTest.testTaskListenersOnDeleteByComplete), so "all" hears delete last
    expect(history.json().data[0].variable.value).toBe('delete');
  });

  it("an activity's default flow is taken when no conditional flow holds", async () => {
    const small = await start(h, 'activityDefaultFlow', { amount: 5 });
    await complete(h, (await tasksOf(h, small.id))[0].id);
    expect(await openTaskKeys(h, small.id)).toEqual(['fallback']);
    const big = await start(h, 'activityDefaultFlow', { amount: 5000 });
    await complete(h, (await tasksOf(h, big.id))[0].id);
    expect(await openTaskKeys(h, big.id)).toEqual(['special']);
  });

  it('an escalationRef naming no <escalation> is the escalation code', async () => {
    const instance = await start(h, 'undeclaredEscalation');
    expect(await openTaskKeys(h, instance.id)).toEqual(['handle']);
  });
});

describe('what Flowable refuses, Weir refuses', () => {
  it('a default flow with a condition on an exclusive gateway', async () => {
    expect(
      await refusalOf('lenient-parsing.bpmn20.xml', 'default-condition.bpmn20.xml', [
        ['id="unconditionalGateway"', 'id="conditionalDefault"'],
        ['<exclusiveGateway id="choose"/>', '<exclusiveGateway id="choose" default="toFirst"/>'],
      ]),
    ).toContain(
      "exclusiveGateway 'choose' (default-condition.bpmn20.xml, line 16): default flow 'toFirst' cannot have a condition",
    );
  });
});
