import { describe, expect, it } from 'vitest';

import { formatProblem, parseBpmn } from '../../src/model/index.ts';

/** a one-process resource; the body starts on line 4 */
const resource = (body: string, declarations = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:flowable="http://flowable.org/bpmn" targetNamespace="t">${declarations}
  <process id="p" isExecutable="true">
${body}
  </process>
</definitions>`;

const problems = async (body: string, declarations?: string): Promise<string[]> =>
  (await parseBpmn(resource(body, declarations))).problems.map(formatProblem);

const START = '<startEvent id="start"/>';

describe('what Weir does not over-validate', () => {
  it('accepts activities nobody reaches, activities without incoming flows and conditional flows from tasks', async () => {
    expect(
      await problems(`${START}
<userTask id="orphan"/>
<sequenceFlow id="toTask" sourceRef="start" targetRef="task"/>
<userTask id="task"/>
<sequenceFlow id="onlyIfBig" sourceRef="task" targetRef="big"><conditionExpression>\${big}</conditionExpression></sequenceFlow>
<userTask id="big"/>
<userTask id="unreachable"/>`),
    ).toEqual([]);
  });

  it('treats a process without isExecutable as executable, as Flowable does', async () => {
    const xml = resource(START).replace(' isExecutable="true"', '');
    const { definitions } = await parseBpmn(xml);
    expect(definitions?.processes.map((process) => process.id)).toEqual(['p']);
  });
});

describe('start events and scopes', () => {
  it('needs a start event in every process', async () => {
    expect(await problems('<userTask id="task"/>')).toEqual([
      "process 'p' (line 3): a process needs a start event",
    ]);
  });

  it('allows only one none start event per process', async () => {
    expect(await problems(`${START}\n<startEvent id="another"/>`)).toEqual([
      "process 'p' (line 3): a process can have only one none start event",
    ]);
  });

  it('allows error start events only in event subprocesses', async () => {
    expect(await problems('<startEvent id="start"><errorEventDefinition/></startEvent>')).toEqual([
      "startEvent 'start' (line 4): an error event definition is not allowed on a process start event (only in an event subprocess)",
    ]);
  });

  it('refuses sequence flows that cross a subprocess boundary', async () => {
    expect(
      await problems(`${START}
<sequenceFlow id="intoSub" sourceRef="start" targetRef="inner"/>
<subProcess id="sub"><startEvent id="subStart"/><userTask id="inner"/></subProcess>`),
    ).toEqual([
      "sequenceFlow 'intoSub' (line 5): targetRef 'inner' is not in the same (sub)process as the sequence flow",
    ]);
  });
});

describe('event definitions', () => {
  it('refuses a definition where its event cannot carry it', async () => {
    expect(
      await problems(
        `${START}\n<intermediateThrowEvent id="stop"><terminateEventDefinition/></intermediateThrowEvent>`,
      ),
    ).toEqual([
      "intermediateThrowEvent 'stop' (line 5): a terminate event definition is not allowed on an intermediateThrowEvent",
    ]);
  });

  it('refuses events with more than one definition, and cancel events', async () => {
    expect(
      await problems(`${START}
<endEvent id="twice"><terminateEventDefinition/><errorEventDefinition/></endEvent>
<endEvent id="cancel"><cancelEventDefinition/></endEvent>`),
    ).toEqual([
      "endEvent 'twice' (line 5): events with more than one event definition are not supported",
      "endEvent 'cancel' (line 6): cancelEventDefinition is not supported",
    ]);
  });

  it('needs an event definition on intermediate catch and boundary events', async () => {
    expect(
      await problems(`${START}
<intermediateCatchEvent id="waitForNothing"/>`),
    ).toEqual(["intermediateCatchEvent 'waitForNothing' (line 5): an event definition is required here"]);
  });

  it('checks the format of timer values that are not expressions', async () => {
    expect(
      await problems(`${START}
<intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>1 hour</timeDuration></timerEventDefinition></intermediateCatchEvent>
<intermediateCatchEvent id="when"><timerEventDefinition><timeDate>next tuesday</timeDate></timerEventDefinition></intermediateCatchEvent>
<intermediateCatchEvent id="cron"><timerEventDefinition><timeCycle>0 0/5 * * * ?</timeCycle></timerEventDefinition></intermediateCatchEvent>
<intermediateCatchEvent id="both"><timerEventDefinition><timeDate>2030-01-01T00:00:00Z</timeDate><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>`),
    ).toEqual([
      "intermediateCatchEvent 'wait' (line 5): timeDuration '1 hour' is not a valid ISO 8601 duration (like PT1H)",
      "intermediateCatchEvent 'when' (line 6): timeDate 'next tuesday' is not a valid ISO 8601 date-time",
      "intermediateCatchEvent 'both' (line 8): a timer must have only one of timeDate, timeDuration or timeCycle",
    ]);
  });

  it('needs every link throw to have a catch of the same name in its scope', async () => {
    expect(
      await problems(`${START}
<sequenceFlow id="toJump" sourceRef="start" targetRef="jump"/>
<intermediateThrowEvent id="jump"><linkEventDefinition name="nowhere"/></intermediateThrowEvent>
<intermediateCatchEvent id="landing"><linkEventDefinition name="somewhere"/></intermediateCatchEvent>`),
    ).toEqual([
      "intermediateThrowEvent 'jump' (line 6): no link catch event named 'nowhere' in the same (sub)process",
    ]);
  });

  it('uses the declared error code and accepts a signal declared with a bad scope only after reporting it', async () => {
    expect(
      await problems(
        `${START}\n<intermediateCatchEvent id="onSignal"><signalEventDefinition signalRef="s"/></intermediateCatchEvent>`,
        '\n<signal id="s" name="go" flowable:scope="tenant"/>',
      ),
    ).toEqual(["signal 's' (line 3): flowable:scope 'tenant' must be 'global' or 'processInstance'"]);
  });
});

describe('boundary events and compensation', () => {
  it('attaches boundary events only to activities', async () => {
    expect(
      await problems(`${START}
<parallelGateway id="gate"/>
<boundaryEvent id="onGate" attachedToRef="gate"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>`),
    ).toEqual(["boundaryEvent 'onGate' (line 6): attachedToRef 'gate' is not an activity (parallelGateway)"]);
  });

  it('needs an association from a compensation boundary event to a handler marked for compensation', async () => {
    expect(
      await problems(`${START}
<userTask id="book"/>
<boundaryEvent id="unhandled" attachedToRef="book"><compensateEventDefinition/></boundaryEvent>
<userTask id="pay"/>
<boundaryEvent id="badHandler" attachedToRef="pay"><compensateEventDefinition/></boundaryEvent>
<userTask id="refund"/>
<association id="link" sourceRef="badHandler" targetRef="refund"/>`),
    ).toEqual([
      "boundaryEvent 'unhandled' (line 6): a compensation boundary event needs an association to its compensation handler",
      'userTask \'refund\' (line 9): a compensation handler needs isForCompensation="true"',
    ]);
  });
});

describe('gateways and tasks', () => {
  it("lets an event-based gateway lead only to intermediate catch events, as Flowable's EventGatewayValidator", async () => {
    expect(
      await problems(`${START}
<eventBasedGateway id="race"/>
<sequenceFlow id="toTask" sourceRef="race" targetRef="task"/>
<userTask id="task"/>
<sequenceFlow id="toLetter" sourceRef="race" targetRef="letter"/>
<receiveTask id="letter"/>`),
    ).toEqual([
      "eventBasedGateway 'race' (line 5): sequence flow 'toTask' leads to userTask 'task'; an event-based gateway must lead to intermediate catch events",
      "eventBasedGateway 'race' (line 5): sequence flow 'toLetter' leads to receiveTask 'letter'; an event-based gateway must lead to intermediate catch events",
    ]);
  });

  it('refuses a delegate on a message throw or end event (Flowable calls it to send the message)', async () => {
    expect(
      await problems(`${START}
<intermediateThrowEvent id="notify"><messageEventDefinition flowable:class="SendIt"/></intermediateThrowEvent>
<endEvent id="done"><messageEventDefinition flowable:delegateExpression="\${sender}"/></endEvent>`),
    ).toEqual([
      'intermediateThrowEvent \'notify\' (line 5): flowable:class="SendIt" (a delegate that sends the message) is not supported',
      "intermediateThrowEvent 'notify' (line 5): messageEventDefinition has no messageRef",
      'endEvent \'done\' (line 6): flowable:delegateExpression="${sender}" (a delegate that sends the message) is not supported',
      "endEvent 'done' (line 6): messageEventDefinition has no messageRef",
    ]);
  });

  it('refuses standard loops, competing implementations and unsupported service task types', async () => {
    expect(
      await problems(`${START}
<task id="loop"><standardLoopCharacteristics/></task>
<serviceTask id="both" flowable:class="a" flowable:expression="\${b}"/>
<serviceTask id="camel" flowable:type="camel"/>`),
    ).toEqual([
      "task 'loop' (line 5): standard loops are not supported; use multiInstanceLoopCharacteristics",
      "serviceTask 'both' (line 6): only one of flowable:class, flowable:delegateExpression and flowable:expression may be given",
      "serviceTask 'camel' (line 7): flowable:type 'camel' is not supported (only 'external-worker', 'http', 'mail' and 'dmn' are)",
    ]);
  });

  it('needs a loop cardinality to be a number or an expression', async () => {
    expect(
      await problems(`${START}
<userTask id="thrice"><multiInstanceLoopCharacteristics><loopCardinality>three</loopCardinality></multiInstanceLoopCharacteristics></userTask>
<userTask id="counted"><multiInstanceLoopCharacteristics><loopCardinality>\${count}</loopCardinality></multiInstanceLoopCharacteristics></userTask>`),
    ).toEqual(["userTask 'thrice' (line 5): loopCardinality 'three' is neither a number nor an expression"]);
  });

  it('needs listeners to name an event and an implementation', async () => {
    expect(
      await problems(`${START}
<userTask id="task"><extensionElements>
  <flowable:executionListener class="audit"/>
  <flowable:taskListener event="create"/>
</extensionElements></userTask>`),
    ).toEqual([
      "userTask 'task' (line 5): execution listener needs an event (start, end)",
      "userTask 'task' (line 5): task listener needs a class, delegateExpression or expression",
    ]);
  });
});
