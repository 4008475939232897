import { describe, expect, it } from 'vitest';

import { parseBpmn } from '../../src/model/index.ts';
import { fixtureXml } from './fixtures.ts';

const asFlowable = (xml: string): string =>
  xml
    .replaceAll('xmlns:activiti="http://activiti.org/bpmn"', 'xmlns:flowable="http://flowable.org/bpmn"')
    .replaceAll('activiti:', 'flowable:');

const asActiviti = (xml: string): string =>
  xml
    .replaceAll('xmlns:flowable="http://flowable.org/bpmn"', 'xmlns:activiti="http://activiti.org/bpmn"')
    .replaceAll('flowable:', 'activiti:');

describe('the Activiti namespace', () => {
  it.each(['listeners', 'call-activity-child'])('reads %s the same under either namespace', async (name) => {
    const activiti = fixtureXml(name);
    expect(activiti).toContain('http://activiti.org/bpmn');
    const fromActiviti = await parseBpmn(activiti);
    const fromFlowable = await parseBpmn(asFlowable(activiti));
    expect(fromActiviti.problems).toEqual([]);
    expect(fromActiviti.definitions).toEqual(fromFlowable.definitions);
  });

  it.each(['user-task-approval', 'async-continuations', 'call-activity-parent', 'multi-instance-parallel'])(
    'reads the Flowable fixture %s the same when rewritten to Activiti',
    async (name) => {
      const flowable = fixtureXml(name);
      const fromFlowable = await parseBpmn(flowable);
      const fromActiviti = await parseBpmn(asActiviti(flowable));
      expect(fromFlowable.problems).toEqual([]);
      expect(fromActiviti.definitions).toEqual(fromFlowable.definitions);
    },
  );

  it('reads a prefix of its own choosing bound to the Flowable namespace', async () => {
    const xml = fixtureXml('external-worker')
      .replaceAll('flowable', 'fl')
      .replace('http://fl.org', 'http://flowable.org');
    const { definitions } = await parseBpmn(xml);
    expect(definitions?.processes[0].nodes.book).toMatchObject({
      implementation: { type: 'external-worker', value: 'invoices' },
    });
  });
});
