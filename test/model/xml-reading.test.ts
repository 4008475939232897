import { describe, expect, it } from 'vitest';

import { isWeirError } from '../../src/errors.ts';
import { formatProblem, loadBpmn, parseBpmn } from '../../src/model/index.ts';
import { fixtureXml, problemsOf } from './fixtures.ts';

const formatted = async (xml: string): Promise<string[]> =>
  (await parseBpmn(xml)).problems.map(formatProblem);

const DEFINITIONS = '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">';

describe('reading XML safely', () => {
  it('refuses a DOCTYPE with entities outright, without expanding anything', async () => {
    const { definitions, problems } = await parseBpmn(fixtureXml('invalid/doctype-entity'));
    expect(definitions).toBeNull();
    expect(problems).toEqual([
      {
        line: 2,
        column: 1,
        message: '<!DOCTYPE> is refused: DOCTYPE and ENTITY declarations are not allowed in BPMN files',
      },
    ]);
  });

  it('refuses an internal entity declaration ("billion laughs")', async () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;">\n]>\n${DEFINITIONS}</definitions>`;
    expect(await formatted(xml)).toEqual([
      'line 2: <!DOCTYPE> is refused: DOCTYPE and ENTITY declarations are not allowed in BPMN files',
    ]);
  });

  it('does not mistake markup inside CDATA or comments for declarations or elements', async () => {
    const xml = fixtureXml('script-task')
      .replace('base * 2;', 'base * 2; // <!DOCTYPE x> <userTask id="score">')
      .replace('<endEvent id="end"/>', '<!-- <!ENTITY y "z"> <task id="end"/> --> <endEvent id="end"/>');
    const { problems, definitions } = await parseBpmn(xml);
    expect(problems).toEqual([]);
    expect(definitions?.processes[0].nodes.end).toMatchObject({ line: 17, column: 47 });
  });

  it('reports the tag left open, not only where the reader noticed', async () => {
    expect(await problemsOf('malformed-xml')).toEqual([
      'line 10: XML is not well-formed: </process> found where </startEvent> should close the tag opened on line 7',
    ]);
  });

  it('reports a file cut short', async () => {
    const xml = fixtureXml('parallel-fork-join').split('\n').slice(0, 10).join('\n');
    expect(await formatted(xml)).toEqual([
      'line 10: XML is not well-formed: <process> opened on line 6 is never closed',
    ]);
  });

  it('reports text that is not XML at all, and an empty resource', async () => {
    expect(await formatted('hello')).toEqual(['line 1: XML is not well-formed: missing start tag']);
    expect(await formatted('  \n')).toEqual(['the resource is empty']);
  });

  it('reports a document that is not BPMN', async () => {
    expect(await formatted('<?xml version="1.0"?>\n<html><body/></html>')).toEqual([
      'line 2: the document element must be BPMN <definitions>',
    ]);
  });

  it('reports an element the BPMN schema does not know', async () => {
    const xml = fixtureXml('parallel-fork-join').replace(
      '<parallelGateway id="join"/>',
      '<parallelGateway id="join"/><joinGateway id="x"/>',
    );
    expect(await formatted(xml)).toEqual(['joinGateway (line 16): <joinGateway> is not a BPMN 2.0 element']);
  });
});

describe('reporting problems', () => {
  it('names the resource when there is one', async () => {
    const { problems } = await parseBpmn(fixtureXml('invalid/gateway-default-with-condition'), {
      resourceName: 'choice.bpmn20.xml',
    });
    expect(problems).toEqual([
      {
        resource: 'choice.bpmn20.xml',
        elementId: 'choice',
        elementType: 'exclusiveGateway',
        line: 9,
        column: 5,
        message: "default flow 'toB' cannot have a condition",
      },
    ]);
    expect(formatProblem(problems[0])).toBe(
      "exclusiveGateway 'choice' (choice.bpmn20.xml, line 9): default flow 'toB' cannot have a condition",
    );
  });

  it('formats problems without an element or a line', () => {
    expect(formatProblem({ message: 'the resource is empty' })).toBe('the resource is empty');
    expect(formatProblem({ elementType: 'process', message: 'm' })).toBe('process: m');
  });

  it('makes loadBpmn throw WEIR_DEPLOYMENT_INVALID with every problem, one per line', async () => {
    const error = await loadBpmn(fixtureXml('invalid/script-task-problems')).catch(
      (thrown: unknown) => thrown,
    );
    expect(isWeirError(error)).toBe(true);
    if (!isWeirError(error)) return;
    expect(error.code).toBe('WEIR_DEPLOYMENT_INVALID');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      "scriptTask 'groovy' (line 9): scriptFormat 'groovy' is not supported; scripts are JavaScript\n" +
        "scriptTask 'empty' (line 13): a script task needs a <script>",
    );
    expect(error.details).toHaveLength(2);
  });
});
