/**
 * The BPMN processes the Weir scenarios run, deployed once per scenario database.
 * Deliberately small: the figures are the engine's and the executor's own cost per instance,
 * not the cost of any work a task might do.
 */
import { fileURLToPath } from 'node:url';
import { Engine } from '../../src/engine/index.ts';
import type { Database } from '../../src/persistence/database.ts';

/** The delegates the processes name (`noop`, `pause`), as every bench node loads them. */
export const delegatesFolder = fileURLToPath(new URL('./delegates/', import.meta.url));

const definitions = (id: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn"
             targetNamespace="http://weir.dev/bench">
  <process id="${id}" isExecutable="true">
${body}
  </process>
</definitions>
`;

const flow = (from: string, to: string) =>
  `    <sequenceFlow id="${from}-${to}" sourceRef="${from}" targetRef="${to}"/>`;

/** Scenario 1: start -> three expression service tasks -> end, all in the starting transaction. */
export const STRAIGHT_THROUGH = 'benchStraightThrough';
const straightThrough = definitions(
  STRAIGHT_THROUGH,
  [
    '    <startEvent id="start"/>',
    flow('start', 'add1'),
    ...['add1', 'add2', 'add3'].flatMap((id, i, all) => [
      `    <serviceTask id="${id}" flowable:expression="\${x + 1}" flowable:resultVariable="x"/>`,
      flow(id, all[i + 1] ?? 'end'),
    ]),
    '    <endEvent id="end"/>',
  ].join('\n'),
);

/** Scenarios 2, 5 and 6: start -> async service task (delegate `noop`) -> end: two transactions. */
export const ASYNC_NOOP = 'benchAsyncNoop';
const asyncNoop = definitions(
  ASYNC_NOOP,
  [
    '    <startEvent id="start"/>',
    flow('start', 'work'),
    '    <serviceTask id="work" flowable:async="true" flowable:class="noop"/>',
    flow('work', 'end'),
    '    <endEvent id="end"/>',
  ].join('\n'),
);

/** Scenario 5: like ASYNC_NOOP, but the job takes a while (delegate `pause`), so nodes hold some. */
export const ASYNC_PAUSE = 'benchAsyncPause';
const asyncPause = definitions(
  ASYNC_PAUSE,
  [
    '    <startEvent id="start"/>',
    flow('start', 'work'),
    '    <serviceTask id="work" flowable:async="true" flowable:class="pause"/>',
    flow('work', 'end'),
    '    <endEvent id="end"/>',
  ].join('\n'),
);

/** Scenario 3: start -> user task assigned to the starter -> end. */
export const USER_TASK = 'benchUserTask';
const userTask = definitions(
  USER_TASK,
  [
    '    <startEvent id="start"/>',
    flow('start', 'approve'),
    '    <userTask id="approve" name="Approve" flowable:assignee="${assignee}"/>',
    flow('approve', 'end'),
    '    <endEvent id="end"/>',
  ].join('\n'),
);

/** Scenario 4: start -> timer at the date in variable `due` -> end. */
export const TIMER = 'benchTimer';
const timer = definitions(
  TIMER,
  [
    '    <startEvent id="start"/>',
    flow('start', 'wait'),
    '    <intermediateCatchEvent id="wait">',
    '      <timerEventDefinition><timeDate>${due}</timeDate></timerEventDefinition>',
    '    </intermediateCatchEvent>',
    flow('wait', 'end'),
    '    <endEvent id="end"/>',
  ].join('\n'),
);

/** Deploy every bench process through the engine API (which checks that their delegates exist). */
export const deployModels = async (db: Database): Promise<void> => {
  const engine = new Engine({ db, nodeId: 'bench-deployer' });
  await engine.delegates.loadFolder(delegatesFolder);
  await engine.deploy({
    name: 'weir-bench',
    resources: [
      { name: 'straight-through.bpmn20.xml', content: straightThrough },
      { name: 'async-noop.bpmn20.xml', content: asyncNoop },
      { name: 'async-pause.bpmn20.xml', content: asyncPause },
      { name: 'user-task.bpmn20.xml', content: userTask },
      { name: 'timer.bpmn20.xml', content: timer },
    ],
  });
};
