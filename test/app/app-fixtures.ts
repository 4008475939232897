/**
 * Weir's own app fixtures: an `.app` model, an order process that decides with a DMN table and
 * shows a form, the table and the form, and a way to pack them into a `.zip` as an app archive.
 */
import { strToU8, zipSync } from 'fflate';
import { decisionTable, definitions } from '../dmn/dmn-xml.ts';

export const appModel = (key: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    key,
    name: `App ${key}`,
    description: 'Orders, their discount and review form',
    ...extra,
  });

/** start -> decide the discount (sameDeployment by default) -> review with form `orderReview` -> end */
export const orderProcess = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
  targetNamespace="http://weir.test/app">
  <process id="appOrder" name="App order" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="discount"/>
    <businessRuleTask id="discount" name="Discount">
      <extensionElements>
        <flowable:field name="decisionTableReferenceKey"><flowable:string>orderDiscount</flowable:string></flowable:field>
      </extensionElements>
    </businessRuleTask>
    <sequenceFlow id="f2" sourceRef="discount" targetRef="review"/>
    <userTask id="review" name="Review order" flowable:formKey="orderReview"/>
    <sequenceFlow id="f3" sourceRef="review" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`;

/** A process whose sequence flow points at an element that is not there (line 5). */
export const brokenProcess = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="http://weir.test/app">
  <process id="appBroken" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="toNowhere" sourceRef="start" targetRef="missing"/>
  </process>
</definitions>`;

/** A process started by the message `orderPlaced`: a message starts one process per tenant. */
export const messageStarted = (id: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="http://weir.test/app">
  <message id="placed" name="orderPlaced"/>
  <process id="${id}" isExecutable="true">
    <startEvent id="start"><messageEventDefinition messageRef="placed"/></startEvent>
    <sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`;

export const discountTable = (rate: string) =>
  definitions(
    decisionTable({
      id: 'orderDiscount',
      name: 'Order discount',
      inputs: [{ expr: 'amount', typeRef: 'number' }],
      outputs: [{ name: 'rate', typeRef: 'number' }],
      rules: [['-', rate]],
    }),
  );

export const reviewForm = (name: string) =>
  JSON.stringify({
    key: 'orderReview',
    name,
    fields: [{ id: 'approved', name: 'Approved', type: 'boolean' }],
  });

export const zip = (files: Record<string, string>): Buffer =>
  Buffer.from(
    zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))),
  );

export const orderArchive = (rate = '0.1', extra: Record<string, string> = {}) =>
  zip({
    'order.app': appModel('orderApp'),
    'processes/order.bpmn20.xml': orderProcess,
    'decisions/discount.dmn': discountTable(rate),
    'forms/review.form': reviewForm('Review (app)'),
    ...extra,
  });
