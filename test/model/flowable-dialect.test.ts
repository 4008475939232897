import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { loadBpmn, parseBpmn } from '../../src/model/index.ts';

const conformance = (name: string): string =>
  readFileSync(new URL(`../conformance/fixtures/${name}.bpmn20.xml`, import.meta.url), 'utf8');

describe('generated ids for elements written without one', () => {
  it('are the same every time the same XML is read', async () => {
    const xml = conformance('generated-ids');
    const [first] = (await loadBpmn(xml)).processes;
    const [second] = (await loadBpmn(xml)).processes;
    expect(Object.keys(first.flows)).toEqual(['sequenceFlow-1', 'sequenceFlow-2']);
    expect(second.flows).toEqual(first.flows);
    expect(first.nodes.review.outgoing).toEqual(['sequenceFlow-2']);
  });

  it('never take an id the document already uses', async () => {
    const xml = conformance('generated-ids').replace(
      '<endEvent id="done"/>',
      '<endEvent id="sequenceFlow-1"/>',
    );
    const edited = xml.replace('targetRef="done"', 'targetRef="sequenceFlow-1"');
    const [process] = (await loadBpmn(edited)).processes;
    expect(Object.keys(process.flows)).toEqual(['sequenceFlow-2', 'sequenceFlow-3']);
  });
});

describe('QName references', () => {
  it('resolve when the prefix is bound to the targetNamespace', async () => {
    const [process] = (await loadBpmn(conformance('qname-references'))).processes;
    expect(process.nodes.receive).toMatchObject({
      eventDefinition: { type: 'message', messageRef: 'invoiceReceived', messageName: 'invoiceReceived' },
    });
    expect(process.nodes.rejected).toMatchObject({
      eventDefinition: { type: 'error', errorRef: 'invoiceRejected', errorCode: 'REJECTED' },
    });
  });

  it('sequence flow ends may be QNames too', async () => {
    const xml = conformance('qname-references').replace('sourceRef="receive"', 'sourceRef="tns:receive"');
    const [process] = (await loadBpmn(xml)).processes;
    expect(process.flows.f1.sourceRef).toBe('receive');
  });
});

describe('multi-instance in the standard BPMN form', () => {
  it('loopDataInputRef is the collection and inputDataItem the element variable', async () => {
    const [parallel, sequential] = (await loadBpmn(conformance('multi-instance-data-input'))).processes;
    expect(parallel.nodes.approve.multiInstance).toEqual({
      sequential: false,
      collection: 'approvers',
      elementVariable: 'approver',
      elementIndexVariable: 'position',
      completionCondition: '${nrOfCompletedInstances >= 2}',
    });
    expect(sequential.nodes.sign.multiInstance).toMatchObject({ sequential: true, collection: '${signers}' });
  });
});

describe('data objects', () => {
  it('keep their typed default values in document order', async () => {
    const [process] = (await loadBpmn(conformance('data-objects'))).processes;
    expect(process.dataObjects).toEqual([
      { name: 'customerName', type: 'string', value: 'Kermit the Frog' },
      { name: 'itemCount', type: 'integer', value: 42 },
      { name: 'accountNumber', type: 'long', value: 9876543210 },
      { name: 'discount', type: 'double', value: 0.15 },
      { name: 'express', type: 'boolean', value: true },
      { name: 'orderedAt', type: 'date', value: '2024-03-01T10:30:00.000Z' },
      { name: 'notes', type: 'string', value: null },
    ]);
  });

  it('an int default out of range is a problem naming the data object', async () => {
    const xml = conformance('data-objects').replace('>42<', '>3000000000<');
    const { problems } = await parseBpmn(xml);
    expect(problems).toEqual([
      expect.objectContaining({
        elementId: 'doCount',
        message: "flowable:value '3000000000' is not a valid xsd:int",
      }),
    ]);
  });
});

describe('skip expressions', () => {
  it('are read on activities and sequence flows and must parse', async () => {
    const [process] = (await loadBpmn(conformance('skip-expression'))).processes;
    expect(process.nodes.review.skipExpression).toBe('${skipReview}');
    expect(process.flows.toAuto.skipExpression).toBe('${forceAuto}');
    const { problems } = await parseBpmn(
      conformance('skip-expression').replace('${skipCharge}', '${skipCharge &&}'),
    );
    expect(problems.map((problem) => problem.elementId)).toEqual(['charge']);
  });
});
