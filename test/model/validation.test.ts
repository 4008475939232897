import { describe, expect, it } from 'vitest';

import { parseBpmn } from '../../src/model/index.ts';
import { fixtureXml, problemsOf } from './fixtures.ts';

describe('deployment validation names each problem with its element and line', () => {
  it.each([
    ['no-executable-process', ['definitions (line 2): no executable process']],
    [
      'dangling-sequence-flow',
      [
        "sequenceFlow 'toWork' (line 8): targetRef 'wrok' does not exist in this process",
        "sequenceFlow 'toEnd' (line 10): sourceRef 'wokr' does not exist in this process",
      ],
    ],
    [
      'unsupported-elements',
      [
        "complexGateway 'complex' (line 9): complex gateways are not supported",
        "transaction 'booking' (line 11): transaction subprocesses are not supported",
        "adHocSubProcess 'adHoc' (line 15): ad-hoc subprocesses are not supported",
      ],
    ],
    [
      'business-rule-task',
      [
        "businessRuleTask 'decide' (line 9): a DMN task needs the flowable:field decisionTableReferenceKey or decisionServiceReferenceKey naming the decision",
      ],
    ],
    [
      'gateway-default-with-condition',
      ["exclusiveGateway 'choice' (line 9): default flow 'toB' cannot have a condition"],
    ],
    [
      'default-flow-not-outgoing',
      [
        "exclusiveGateway 'choice' (line 9): default flow 'toChoice' is not an outgoing sequence flow of this gateway",
        "exclusiveGateway 'choice' (line 9): the only outgoing sequence flow 'toA' of an exclusive gateway cannot have a condition",
      ],
    ],
    [
      'default-on-non-gateway',
      [
        "parallelGateway 'fork' (line 9): a default flow is only supported on activities and exclusive and inclusive gateways",
      ],
    ],
    [
      'start-event-incoming',
      ["startEvent 'start' (line 7): a start event cannot have incoming sequence flows"],
    ],
    ['end-event-outgoing', ["endEvent 'end' (line 9): an end event cannot have outgoing sequence flows"]],
    [
      'subprocess-without-start',
      ["subProcess 'sub' (line 9): an embedded subprocess needs a none start event"],
    ],
    [
      'event-subprocess-start',
      [
        "startEvent 'plainStart' (line 9): the start event of an event subprocess needs an event definition",
        "subProcess 'twoStarts' (line 11): an event subprocess needs exactly one start event, not 2",
      ],
    ],
    [
      'boundary-unknown-host',
      [
        "boundaryEvent 'lost' (line 10): attachedToRef 'wrok' does not exist in this process",
        "boundaryEvent 'floating' (line 13): a boundary event needs an attachedToRef",
      ],
    ],
    [
      'timer-without-value',
      ["intermediateCatchEvent 'wait' (line 9): a timer needs one of timeDate, timeDuration or timeCycle"],
    ],
    [
      'undeclared-references',
      [
        "startEvent 'start' (line 8): messageRef 'orderMessage' does not refer to a declared <message>",
        "intermediateCatchEvent 'signal' (line 12): signalRef 'alarm' does not refer to a declared <signal>",
        "intermediateCatchEvent 'wrongType' (line 20): signalRef 'declaredMessage' refers to a <message>, not a <signal>",
      ],
    ],
    [
      'script-task-problems',
      [
        "scriptTask 'groovy' (line 9): scriptFormat 'groovy' is not supported; scripts are JavaScript",
        "scriptTask 'empty' (line 13): a script task needs a <script>",
      ],
    ],
    [
      'external-worker-no-topic',
      ["serviceTask 'book' (line 9): an external-worker service task needs a flowable:topic"],
    ],
    [
      'service-task-no-implementation',
      [
        `serviceTask 'doSomething' (line 9): a service task needs flowable:class, flowable:delegateExpression, flowable:expression or flowable:type="external-worker"`,
      ],
    ],
    [
      'task-listener-bad-event',
      [
        "userTask 'review' (line 9): task listener event 'completed' is not one of create, assignment, complete, delete, all",
      ],
    ],
    [
      'call-activity-no-called-element',
      ["callActivity 'call' (line 9): a call activity needs a calledElement"],
    ],
    [
      'multi-instance-no-collection',
      [
        "userTask 'vote' (line 9): multi-instance needs a loopCardinality, a flowable:collection or a loopDataInputRef",
      ],
    ],
    ['duplicate-ids', ["userTask 'work' (line 10): duplicate id 'work' (first used on line 9)"]],
  ])('%s', async (name, expected) => {
    expect(await problemsOf(name)).toEqual(expected);
  });

  it('refuses a class delegate that is not registered, only when delegate names are given', async () => {
    expect(await problemsOf('unknown-delegate', { delegateNames: new Set(['recordApproval']) })).toEqual([
      "serviceTask 'send' (line 10): unknown delegate 'sendInvoice'",
    ]);
    expect((await parseBpmn(fixtureXml('invalid/unknown-delegate'))).problems).toEqual([]);
  });

  it('compiles every expression and reports the ones that do not parse', async () => {
    const problems = await problemsOf('bad-expressions');
    // the reason after the colon is the expression module's wording
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^userTask 'work' \(line 9\): flowable:assignee: .*\$\{user\.\}/);
    expect(problems[1]).toMatch(/^sequenceFlow 'toCheck' \(line 10\): condition: .*\$\{amount >\}/);
    expect(problems[2]).toMatch(
      /^serviceTask 'check' \(line 13\): flowable:expression: .*\$\{checker\.check\(\}/,
    );
  });

  it('lists every problem of a file at once, in document order', async () => {
    const problems = await problemsOf('everything-wrong', { delegateNames: new Set(['recordApproval']) });
    expect(problems.filter((problem) => !problem.startsWith("userTask 'badAssignee'"))).toEqual([
      "startEvent 'start' (line 10): a start event cannot have incoming sequence flows",
      "sequenceFlow 'dangling' (line 11): targetRef 'nowhere' does not exist in this process",
      "complexGateway 'complex' (line 12): complex gateways are not supported",
      "businessRuleTask 'rules' (line 13): a DMN task needs the flowable:field decisionTableReferenceKey or decisionServiceReferenceKey naming the decision",
      "serviceTask 'unknownDelegate' (line 15): unknown delegate 'sendInvoice'",
      "exclusiveGateway 'choice' (line 16): default flow 'choiceToB' cannot have a condition",
      "exclusiveGateway 'wrongDefault' (line 23): default flow 'choiceToA' is not an outgoing sequence flow of this gateway",
      "parallelGateway 'fork' (line 24): a default flow is only supported on activities and exclusive and inclusive gateways",
      "endEvent 'end' (line 26): an end event cannot have outgoing sequence flows",
      "subProcess 'noStart' (line 28): an embedded subprocess needs a none start event",
      "startEvent 'plainEventSubStart' (line 32): the start event of an event subprocess needs an event definition",
      "boundaryEvent 'lostBoundary' (line 34): attachedToRef 'missingTask' does not exist in this process",
      "intermediateCatchEvent 'emptyTimer' (line 37): a timer needs one of timeDate, timeDuration or timeCycle",
      "intermediateCatchEvent 'undeclaredMessage' (line 40): messageRef 'orderMessage' does not refer to a declared <message>",
      "scriptTask 'groovy' (line 43): scriptFormat 'groovy' is not supported; scripts are JavaScript",
      "serviceTask 'noTopic' (line 46): an external-worker service task needs a flowable:topic",
      `serviceTask 'noImplementation' (line 47): a service task needs flowable:class, flowable:delegateExpression, flowable:expression or flowable:type="external-worker"`,
      "userTask 'badListener' (line 48): task listener event 'completed' is not one of create, assignment, complete, delete, all",
      "callActivity 'noCalledElement' (line 53): a call activity needs a calledElement",
      "userTask 'noCollection' (line 54): multi-instance needs a loopCardinality, a flowable:collection or a loopDataInputRef",
      "userTask 'taskB' (line 57): duplicate id 'taskB' (first used on line 22)",
    ]);
    expect(problems[4]).toMatch(/^userTask 'badAssignee' \(line 14\): flowable:assignee: /);
  });
});
