/**
 * Flowable attributes and extension elements that Weir used to read past: each is now either run
 * as Flowable runs it or refused at deployment with a 400 naming the element, the attribute and
 * the line. After Flowable's `UserTaskTest.testTaskCompleterVariableName` and its BPMN converter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import { basic, multipart } from '../http/harness.ts';
import {
  complete,
  deployXml,
  familyFixtures,
  fixture,
  listOf,
  ok,
  start,
  tasksOf,
  useConformanceHarness,
  variablesOf,
} from './support.ts';

let h: HttpHarness;
const use = useConformanceHarness(familyFixtures('attributes'));
beforeAll(() => {
  h = use();
});

/**
 * A process whose line 4 is `snippet`; the flows lead from the start event through the element
 * with id `x` to the end. `processAttributes` and `processChildren` go on and into `<process>`
 * (line 2 and 3).
 */
const model = (snippet: string, processAttributes = '', processChildren = '') =>
  `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn" targetNamespace="t">
<process id="atModel"${processAttributes}>
<startEvent id="start"/>${processChildren}
${snippet}
<sequenceFlow id="f0" sourceRef="start" targetRef="x"/><sequenceFlow id="f1" sourceRef="x" targetRef="end"/><endEvent id="end"/>
</process></definitions>`;

const refusal = async (xml: string): Promise<string> => {
  const response = await deployXml(h, 'at-model.bpmn20.xml', xml);
  expect(response.statusCode, response.body).toBe(400);
  return (response.json() as { exception: string }).exception;
};

describe('flowable:taskCompleterVariableName', () => {
  it('stores the completing user in the named variable; the name may be an expression (UserTaskTest.testTaskCompleterVariableName)', async () => {
    const instance = await start(h, 'atTaskCompleter', { prefix: 'final' });
    const [review] = await tasksOf(h, instance.id);
    const asKermit = await h.request('POST', `/process-api/runtime/tasks/${review.id}`, {
      as: 'kermit',
      body: { action: 'complete' },
    });
    expect(asKermit.statusCode, asKermit.body).toBe(200);
    expect((await variablesOf(h, instance.id)).reviewer).toMatchObject({ type: 'string', value: 'kermit' });

    const [approve] = await tasksOf(h, instance.id);
    await complete(h, approve.id);
    const variables = await variablesOf(h, instance.id);
    expect(variables.finalApprover).toMatchObject({ type: 'string', value: 'admin' });
    expect(variables.prefixApprover).toBeUndefined();
  });
});

describe('flowable:errorVariableName', () => {
  it('a catching error boundary event stores the caught code in a process variable (ErrorVariableTest, BoundaryErrorEventTest)', async () => {
    const instance = await start(h, 'atErrorVariable');
    const [task] = await tasksOf(h, instance.id);
    expect(task.name).toBe('Handle PAY_FAILED');
    expect((await variablesOf(h, instance.id)).caughtCode).toMatchObject({
      type: 'string',
      value: 'PAY_FAILED',
    });
  });

  it('errorVariableLocalScope keeps the variable in the event subprocess', async () => {
    const instance = await start(h, 'atErrorVariableLocal');
    const [task] = await tasksOf(h, instance.id);
    expect(task.name).toBe('Local PAY_FAILED');
    expect((await variablesOf(h, instance.id)).localCode).toBeUndefined();
  });

  it('errorVariableTransient makes it transient: used on the way, never stored', async () => {
    const instance = await start(h, 'atErrorVariableTransient');
    const [task] = await tasksOf(h, instance.id);
    expect(task.name).toBe('Transient PAY_FAILED');
    expect((await variablesOf(h, instance.id)).transientCode).toBeUndefined();
  });
});

/** the instance started by the call activity of `callerId` */
const childOf = async (callerId: string) => {
  const children = await listOf<{ id: string; name: string | null; tenantId: string }>(
    h,
    `/process-api/runtime/process-instances?superProcessInstanceId=${callerId}`,
  );
  expect(children).toHaveLength(1);
  return children[0];
};

describe('call activity options', () => {
  it('processInstanceName names the called instance from its variables, idVariableName stores its id, useLocalScopeForOutParameters keeps out parameters local (CallActivityTest)', async () => {
    const caller = await start(h, 'atCaller', { customer: 'acme', idName: 'childId' });
    const child = await childOf(caller.id);
    expect(child.name).toBe('Order of acme');
    const historic = await ok(h, 'GET', `/process-api/history/historic-process-instances/${child.id}`);
    expect(historic.name).toBe('Order of acme');
    expect((await variablesOf(h, caller.id)).childId).toMatchObject({ type: 'string', value: child.id });

    const [childTask] = await tasksOf(h, child.id);
    await complete(h, childTask.id);
    const [after] = await tasksOf(h, caller.id);
    expect(after.name).toBe('After acme');
    expect((await variablesOf(h, caller.id)).echoed).toBeUndefined();
  });

  it('sameDeployment calls the definition deployed with the caller, not a later version (CallActivityTest.testCallSubProcessWithSameDeployment)', async () => {
    const later = (await fixture('attributes/atSameDeployment.bpmn20.xml'))
      .replace('name="Deployed together"', 'name="Deployed later"')
      .replace(/<process id="atSameCaller">[\s\S]*?<\/process>/, '')
      .replace(/<process id="atLatestCaller">[\s\S]*?<\/process>/, '');
    expect((await deployXml(h, 'at-same-child.bpmn20.xml', later)).statusCode).toBe(201);
    const same = await start(h, 'atSameCaller');
    expect((await tasksOf(h, (await childOf(same.id)).id)).map((task) => task.name)).toEqual([
      'Deployed together',
    ]);
    const latest = await start(h, 'atLatestCaller');
    expect((await tasksOf(h, (await childOf(latest.id)).id)).map((task) => task.name)).toEqual([
      'Deployed later',
    ]);
  });

  it('fallbackToDefaultTenant finds a key missing in the tenant among the definitions without tenant; the child keeps the tenant (CallActivityTest.testCallSubProcessWithFallbackToDefaultTenant)', async () => {
    const caller = (fallback: boolean) =>
      model(
        `<callActivity id="x" calledElement="atChild"${fallback ? ' flowable:fallbackToDefaultTenant="true"' : ''}/>`,
      ).replace('id="atModel"', `id="${fallback ? 'atFallback' : 'atNoFallback'}"`);
    for (const fallback of [true, false]) {
      const { payload, contentType } = multipart(
        [{ name: `at-fallback-${fallback}.bpmn20.xml`, content: caller(fallback) }],
        { tenantId: 'acme' },
      );
      const deployed = await h.app.inject({
        method: 'POST',
        url: '/process-api/repository/deployments',
        headers: { authorization: basic('admin'), 'content-type': contentType },
        payload,
      });
      expect(deployed.statusCode, deployed.body).toBe(201);
    }
    const started = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 'atFallback', tenantId: 'acme' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const child = await childOf(started.json().id);
    expect(child.tenantId).toBe('acme');
    expect((await tasksOf(h, child.id)).map((task) => task.name)).toEqual(['Child task']);

    const refused = await h.request('POST', '/process-api/runtime/process-instances', {
      body: { processDefinitionKey: 'atNoFallback', tenantId: 'acme' },
    });
    // without the attribute the key is not found in the tenant; Flowable's start resource turns
    // the engine's not-found into a 400, as Weir's does
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("no process definition with key 'atChild'");
  });
});

describe('data objects', () => {
  it('a data object inside an embedded subprocess is a local variable of the subprocess (DataObjectTest, the subprocess data objects)', async () => {
    const instance = await start(h, 'atSubprocessDataObject');
    const [inside] = await tasksOf(h, instance.id);
    expect(inside.name).toBe('Limit 500, process level');
    const variables = await variablesOf(h, instance.id);
    expect(variables.shared).toMatchObject({ type: 'string', value: 'process level' });
    expect(variables.limit).toBeUndefined();
    const executions = await listOf<{ id: string; activityId: string | null }>(
      h,
      `/process-api/runtime/executions?processInstanceId=${instance.id}&activityId=sub`,
    );
    expect(executions).toHaveLength(1);
    const local = await ok(
      h,
      'GET',
      `/process-api/runtime/executions/${executions[0].id}/variables?scope=local`,
    );
    expect(local).toEqual([expect.objectContaining({ name: 'limit', type: 'integer', value: 500 })]);
    await complete(h, inside.id);
    expect((await tasksOf(h, instance.id)).map((task) => task.name)).toEqual(['After']);
    expect((await variablesOf(h, instance.id)).limit).toBeUndefined();
  });
});

describe('refused at deployment, naming the element, the attribute and the line', () => {
  const cases: [string, string, string, string][] = [
    [
      'a business calendar on a user task',
      '<userTask id="x" flowable:dueDate="PT1H" flowable:businessCalendarName="workdays"/>',
      'x',
      'flowable:businessCalendarName="workdays"',
    ],
    [
      'a business calendar on a timer',
      '<intermediateCatchEvent id="x"><timerEventDefinition flowable:businessCalendarName="workdays"><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>',
      'x',
      'flowable:businessCalendarName="workdays"',
    ],
    ...['completeAsync="true"'].map((attribute): [string, string, string, string] => [
      `${attribute} on a call activity`,
      `<callActivity id="x" calledElement="atTaskCompleter" flowable:${attribute}/>`,
      'x',
      `flowable:${attribute}`,
    ]),
    [
      'mapException on a service task',
      '<serviceTask id="x" flowable:expression="${1}"><extensionElements><flowable:mapException errorCode="e">java.lang.Exception</flowable:mapException></extensionElements></serviceTask>',
      'x',
      '<flowable:mapException>',
    ],
    [
      'a job category',
      '<serviceTask id="x" flowable:async="true" flowable:expression="${1}"><extensionElements><flowable:jobCategory>batch</flowable:jobCategory></extensionElements></serviceTask>',
      'x',
      '<flowable:jobCategory>',
    ],
    [
      'variable aggregation of a multi-instance',
      '<userTask id="x"><multiInstanceLoopCharacteristics isSequential="false"><extensionElements><flowable:variableAggregation target="reviews"><variable source="score"/></flowable:variableAggregation></extensionElements><loopCardinality>2</loopCardinality></multiInstanceLoopCharacteristics></userTask>',
      'x',
      '<flowable:variableAggregation>',
    ],
    [
      'noWaitStatesAsyncLeave on a multi-instance',
      '<serviceTask id="x" flowable:expression="${1}"><multiInstanceLoopCharacteristics isSequential="false" flowable:noWaitStatesAsyncLeave="true"><loopCardinality>2</loopCardinality></multiInstanceLoopCharacteristics></serviceTask>',
      'x',
      'flowable:noWaitStatesAsyncLeave="true"',
    ],
    [
      'a listener bound to the transaction',
      '<userTask id="x"><extensionElements><flowable:executionListener event="end" expression="${1}" onTransaction="committed"/></extensionElements></userTask>',
      'x',
      'onTransaction="committed"',
    ],
    [
      'data associations',
      '<userTask id="x"><ioSpecification><dataInput id="di"/><inputSet><dataInputRefs>di</dataInputRefs></inputSet><outputSet/></ioSpecification><dataInputAssociation><sourceRef>amount</sourceRef><targetRef>di</targetRef></dataInputAssociation></userTask><dataObject id="amount" itemSubjectRef="xsd:string"/>',
      'x',
      'dataInputAssociation',
    ],
    [
      'a data object inside an event subprocess',
      '<task id="x"/><subProcess id="onSignal" triggeredByEvent="true"><dataObject id="local" name="local" itemSubjectRef="xsd:string"/><startEvent id="s1"><signalEventDefinition signalRef="go"/></startEvent><sequenceFlow id="g" sourceRef="s1" targetRef="e1"/><endEvent id="e1"/></subProcess>',
      'local',
      'data objects inside an event subprocess',
    ],
  ];

  it.each(cases)('%s', async (_name, snippet, id, attribute) => {
    const message = await refusal(model(snippet));
    expect(message).toContain(`'${id}'`);
    expect(message).toContain('line 4');
    expect(message).toContain(attribute);
    expect(message).toContain('not supported');
  });

  it('a process-level event listener', async () => {
    const message = await refusal(
      model(
        '<task id="x"/>',
        '',
        '<extensionElements><flowable:eventListener class="org.example.Listener"/></extensionElements>',
      ),
    );
    expect(message).toContain("'atModel' (at-model.bpmn20.xml, line 2)");
    expect(message).toContain('<flowable:eventListener>');
  });

  it('a process-level history level other than full', async () => {
    const message = await refusal(
      model(
        '<task id="x"/>',
        '',
        '<extensionElements><flowable:historyLevel>activity</flowable:historyLevel></extensionElements>',
      ),
    );
    expect(message).toContain("'atModel' (at-model.bpmn20.xml, line 2)");
    expect(message).toContain('<flowable:historyLevel>activity</flowable:historyLevel>');
  });

  it('potentialStarter and customResource', async () => {
    const starter = await refusal(
      model(
        '<task id="x"/>',
        '',
        '<potentialStarter><resourceAssignmentExpression><formalExpression>group(management)</formalExpression></resourceAssignmentExpression></potentialStarter>',
      ),
    );
    expect(starter).toMatch(
      /potentialStarter \(at-model\.bpmn20\.xml, line 3\): <potentialStarter> is not supported/,
    );
    const custom = await refusal(
      model(
        '<userTask id="x"><customResource flowable:name="businessAdministrator"><resourceAssignmentExpression><formalExpression>user(kermit)</formalExpression></resourceAssignmentExpression></customResource></userTask>',
      ),
    );
    expect(custom).toMatch(
      /customResource \(at-model\.bpmn20\.xml, line 4\): <customResource> \(custom identity links\) is not supported/,
    );
  });
});

describe('accepted with no effect, because Flowable shows no difference either', () => {
  it('hints, full history, form field validation and a bare ioSpecification deploy and run', async () => {
    const xml = model(
      '<userTask id="x" flowable:async="true" flowable:asyncLeaveExclusive="false" flowable:formFieldValidation="false"><ioSpecification><inputSet/><outputSet/></ioSpecification></userTask>',
      ' flowable:isEagerExecutionFetching="true"',
      '<extensionElements><flowable:historyLevel>full</flowable:historyLevel></extensionElements>',
    ).replace('id="atModel"', 'id="atHints"');
    const response = await deployXml(h, 'at-hints.bpmn20.xml', xml);
    expect(response.statusCode, response.body).toBe(201);
  });

  it('the harmless values of refused attributes deploy', async () => {
    const xml = model(
      '<callActivity id="x" calledElement="atTaskCompleter" flowable:completeAsync="false"/><userTask id="dated" flowable:dueDate="PT1H" flowable:businessCalendarName="dueDate"/><intermediateCatchEvent id="timer"><timerEventDefinition flowable:businessCalendarName="duration"><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent><sequenceFlow id="d0" sourceRef="dated" targetRef="timer"/>',
    ).replace('id="atModel"', 'id="atHarmless"');
    const response = await deployXml(h, 'at-harmless.bpmn20.xml', xml);
    expect(response.statusCode, response.body).toBe(201);
  });
});
