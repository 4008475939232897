/**
 * The process the business rule task tests share: a `risk` decision table on `amount` (level
 * and limit), then a process that runs a decision task and routes on `level` through an
 * exclusive gateway to "Review" (high) or, by its default flow, "Auto approve".
 */
import { decisionTable } from './dmn-xml.ts';

export const riskTable = decisionTable({
  id: 'risk',
  name: 'Risk',
  hitPolicy: 'UNIQUE',
  inputs: [{ expr: 'amount', typeRef: 'number' }],
  outputs: [
    { name: 'level', typeRef: 'string' },
    { name: 'limit', typeRef: 'number' },
  ],
  rules: [
    ['> 1000', '"high"', '1000'],
    ['[0..1000]', '"low"', '5000'],
  ],
});

export const field = (name: string, value: string) =>
  `<flowable:field name="${name}"><flowable:string>${value}</flowable:string></flowable:field>`;

/** `task`: the decision task, with id `rules`. */
export const routedProcess = (id: string, task: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn" targetNamespace="http://weir.test">
  <process id="${id}" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="toRules" sourceRef="start" targetRef="rules"/>
    ${task}
    <sequenceFlow id="toChoice" sourceRef="rules" targetRef="choice"/>
    <exclusiveGateway id="choice" default="toAuto"/>
    <sequenceFlow id="toReview" sourceRef="choice" targetRef="review"><conditionExpression>\${execution.getVariable('level') == 'high'}</conditionExpression></sequenceFlow>
    <sequenceFlow id="toAuto" sourceRef="choice" targetRef="auto"/>
    <userTask id="review" name="Review"/>
    <userTask id="auto" name="Auto approve"/>
  </process>
</definitions>`;
