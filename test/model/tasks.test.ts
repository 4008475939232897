import { describe, expect, it } from 'vitest';

import { loadFixture, nodeOf, processOf } from './fixtures.ts';

describe('user tasks', () => {
  it('reads assignee, owner, candidates, form, due date, priority and category', async () => {
    const process = await processOf('user-task-approval');
    const approve = nodeOf(process, 'approve', 'userTask');
    expect(approve).toMatchObject({
      name: 'Approve',
      assignee: '${initiator}',
      owner: 'fozzie',
      candidateUsers: ['kermit', '${deputy}'],
      candidateGroups: ['management', 'finance'],
      formKey: 'approve-form',
      dueDate: '${dueDate}',
      priority: '60',
      category: 'expenses',
      taskListeners: [],
      line: 11,
      column: 5,
    });
  });

  it('reads the start event initiator, form and the process candidate starters', async () => {
    const process = await processOf('user-task-approval');
    expect(nodeOf(process, 'start', 'startEvent')).toMatchObject({
      initiator: 'initiator',
      formKey: 'request-form',
      interrupting: true,
    });
    expect(process).toMatchObject({
      id: 'approval',
      name: 'Approval',
      documentation: 'One person approves or rejects a request.',
      isExecutable: true,
      candidateStarterUsers: ['kermit', 'gonzo'],
      candidateStarterGroups: ['sales'],
      initialStartEventId: 'start',
      startEventIds: ['start'],
      childIds: ['start', 'approve', 'decision', 'approved', 'rejected'],
    });
  });

  it('reads BPMN potentialOwner and humanPerformer as candidates and assignee', async () => {
    const process = await processOf('user-task-potential-owner');
    expect(nodeOf(process, 'review', 'userTask')).toMatchObject({
      candidateUsers: ['kermit'],
      candidateGroups: ['management', 'accountancy'],
    });
    expect(nodeOf(process, 'sign', 'userTask').assignee).toBe('gonzo');
  });
});

describe('service tasks', () => {
  it('names a class delegate with its injected fields in all four notations', async () => {
    const record = nodeOf(await processOf('service-class-delegate'), 'record', 'serviceTask');
    expect(record.implementation).toEqual({ type: 'class', value: 'recordApproval' });
    expect(record.fields).toEqual([
      { name: 'ledger', stringValue: 'approvals' },
      { name: 'amount', expression: '${amount * 100}' },
      { name: 'note', stringValue: 'Approved by the board' },
      { name: 'approver', expression: '${approver.name}' },
    ]);
  });

  it('accepts a class delegate that is among the registered delegate names', async () => {
    await expect(
      loadFixture('service-class-delegate', { delegateNames: new Set(['recordApproval']) }),
    ).resolves.toBeDefined();
  });

  it('reads a delegate expression', async () => {
    const notify = nodeOf(await processOf('service-delegate-expression'), 'notify', 'serviceTask');
    expect(notify.implementation).toEqual({ type: 'delegateExpression', value: '${notifier}' });
  });

  it('reads an expression with its result variable', async () => {
    const total = nodeOf(await processOf('service-expression-result'), 'total', 'serviceTask');
    expect(total).toMatchObject({
      implementation: { type: 'expression', value: '${price * quantity}' },
      resultVariable: 'total',
    });
  });

  it('reads an external worker task with its topic', async () => {
    const book = nodeOf(await processOf('external-worker'), 'book', 'serviceTask');
    expect(book.implementation).toEqual({ type: 'external-worker', value: 'invoices' });
  });
});

describe('other tasks', () => {
  it('reads a JavaScript script task', async () => {
    const score = nodeOf(await processOf('script-task'), 'score', 'scriptTask');
    expect(score).toMatchObject({
      scriptFormat: 'javascript',
      resultVariable: 'score',
      autoStoreVariables: false,
    });
    expect(score.script).toContain('var base = amount < 1000 ? 10 : 5;');
  });

  it('reads receive tasks with and without a message', async () => {
    const process = await processOf('receive-task');
    const plain = nodeOf(process, 'waitForTrigger', 'receiveTask');
    expect(plain.messageRef).toBeUndefined();
    expect(nodeOf(process, 'waitForPayment', 'receiveTask')).toMatchObject({
      messageRef: 'paymentMessage',
      messageName: 'payment-received',
    });
  });

  it('reads abstract, manual and send tasks', async () => {
    const process = await processOf('manual-and-send-task');
    expect(process.nodes.abstract.kind).toBe('task');
    expect(process.nodes.manual.kind).toBe('manualTask');
    expect(nodeOf(process, 'sendNothing', 'sendTask').implementation).toBeUndefined();
    expect(nodeOf(process, 'sendMail', 'sendTask').implementation).toEqual({
      type: 'delegateExpression',
      value: '${mailer}',
    });
  });
});
