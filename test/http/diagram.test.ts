import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDiagram } from '../../src/diagram/di.ts';
import { renderSvg } from '../../src/diagram/svg.ts';
import { createHttpHarness, startInstance, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let drawn: { id: string; graphicalNotationDefined: boolean };
let undrawn: { id: string; graphicalNotationDefined: boolean };
const definitions = '/process-api/repository/process-definitions';

beforeAll(async () => {
  h = await createHttpHarness();
  const deployment = await h.deploy(['links-diagram.bpmn20.xml']);
  const list = await h.request('GET', `${definitions}?deploymentId=${deployment.id as string}&sort=key`);
  [drawn, undrawn] = list.json().data;
});
afterAll(() => h.close());

/** The drawn elements of an SVG answer, by their data-element-id. */
const drawnIds = (svg: string) => [...svg.matchAll(/data-element-id="([^"]+)"/g)].map((m) => m[1]);

describe('process diagrams as SVG', () => {
  it('a definition says whether its resource draws it', () => {
    expect([drawn.graphicalNotationDefined, undrawn.graphicalNotationDefined]).toEqual([true, false]);
  });

  it("draws a definition's pool, shapes and flows from its diagram interchange", async () => {
    const response = await h.request('GET', `${definitions}/${drawn.id}/image`, { as: 'kermit' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    const svg = response.body;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="-10 -10 620 264"')).toBe(true);
    expect(drawnIds(svg)).toEqual(['pool', 'start', 'review', 'decide', 'approved', 'rejected']);
    expect(svg).toContain('<circle cx="75" cy="105" r="15"'); // the start event
    expect(svg).toContain('<rect x="140" y="65" width="120" height="80" rx="10"/>'); // the task
    expect(svg).toContain('<polygon points="330,85 350,105 330,125 310,105"/>'); // the gateway
    expect(svg).toContain('<path d="M330 85L330 54L420 54" fill="none" marker-end="url(#arrow)"/>');
    expect(svg).toContain('>yes</text>'); // the flow's name at its label
    expect(svg).toContain('>Orders &amp; returns</text>');
    expect(svg).not.toContain('class="shape userTask active"');
  });

  it('escapes every name: markup in a name is shown as text, never as markup', async () => {
    const svg = (await h.request('GET', `${definitions}/${drawn.id}/image`)).body;
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('&quot;now&quot;');
  });

  it("marks the instance's active activities", async () => {
    const instance = await startInstance(h, { processDefinitionId: drawn.id }, 'kermit');
    const response = await h.request('GET', `/process-api/runtime/process-instances/${instance.id}/diagram`, {
      as: 'kermit',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(response.body).toContain('<g class="shape userTask active" data-element-id="review">');
    expect(response.body).toContain('stroke="#d22" stroke-width="3"');
    expect(response.body.match(/ active"/g)).toHaveLength(1);
  });

  it('a process its resource does not draw: 400 with the message Flowable gives', async () => {
    const image = await h.request('GET', `${definitions}/${undrawn.id}/image`);
    expect([image.statusCode, image.json().exception]).toEqual([
      400,
      `Process definition with id '${undrawn.id}' has no image.`,
    ]);
    const instance = await startInstance(h, { processDefinitionId: undrawn.id });
    const diagram = await h.request('GET', `/process-api/runtime/process-instances/${instance.id}/diagram`);
    expect([diagram.statusCode, diagram.json().exception]).toEqual([
      400,
      `Process instance with id '${instance.id}' has no graphical notation defined.`,
    ]);
  });

  it('404 for unknown ids and for an instance the caller may not see; 401 without credentials', async () => {
    const image = await h.request('GET', `${definitions}/nope/image`);
    expect([image.statusCode, image.json().exception]).toEqual([
      404,
      "Could not find a process definition with id 'nope'.",
    ]);
    const diagram = await h.request('GET', '/process-api/runtime/process-instances/nope/diagram');
    expect(diagram.statusCode).toBe(404);
    const adminsOwn = await startInstance(h, { processDefinitionId: undrawn.id });
    const hidden = await h.request('GET', `/process-api/runtime/process-instances/${adminsOwn.id}/diagram`, {
      as: 'fozzie',
    });
    expect(hidden.statusCode).toBe(404);
    expect((await h.request('GET', `${definitions}/${drawn.id}/image`, { as: null })).statusCode).toBe(401);
  });

  it('draws an open subprocess under the flows inside it, and event markers as drawings', () => {
    const svg = renderSvg(
      readDiagram(`<definitions><process id="p"><subProcess id="s"><startEvent id="a"><timerEventDefinition/></startEvent>
        <sequenceFlow id="f" sourceRef="a" targetRef="b"/><task id="b"/></subProcess></process>
        <BPMNDiagram><BPMNPlane bpmnElement="p">
        <BPMNShape bpmnElement="a"><Bounds x="20" y="20" width="30" height="30"/></BPMNShape>
        <BPMNShape bpmnElement="s" isExpanded="true"><Bounds x="0" y="0" width="300" height="100"/></BPMNShape>
        <BPMNShape bpmnElement="b"><Bounds x="100" y="10" width="100" height="80"/></BPMNShape>
        <BPMNEdge bpmnElement="f"><waypoint x="50" y="35"/><waypoint x="100" y="35"/></BPMNEdge>
        </BPMNPlane></BPMNDiagram></definitions>`),
    );
    const order = [
      'data-element-id="s"',
      'class="edge sequenceFlow"',
      'data-element-id="a"',
      'data-element-id="b"',
    ];
    const at = order.map((part) => svg.indexOf(part));
    expect(at.every((index) => index >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    // the timer's clock face, not a font glyph
    expect(svg).toContain('<circle cx="35" cy="35" r="8"/><path d="M35 29V35H39" fill="none"/>');
  });

  it('reads diagram interchange whatever the prefixes, ignoring comments and label bounds', () => {
    const diagram = readDiagram(`<definitions xmlns="m" xmlns:di="d"><process id="p">
      <!-- <task id="fake"/> --><task id="t" name="A &amp; B"/></process>
      <di:BPMNDiagram><di:BPMNPlane bpmnElement="p"><di:BPMNShape bpmnElement="t" isExpanded="false">
      <Bounds x="1" y="2" width="3" height="4"/><di:BPMNLabel><Bounds x="9" y="9" width="9" height="9"/></di:BPMNLabel>
      </di:BPMNShape></di:BPMNPlane></di:BPMNDiagram></definitions>`);
    expect(diagram.shapes).toEqual([
      { elementId: 't', expanded: false, bounds: { x: 1, y: 2, width: 3, height: 4 } },
    ]);
    expect(diagram.elements.get('t')).toEqual({ tag: 'task', name: 'A & B', process: 'p' });
    expect(diagram.elements.has('fake')).toBe(false);
  });

  it('keeps names holding ">" and tells the elements of two processes apart', () => {
    const diagram = readDiagram(`<definitions><process id="one"><task id="a" name="amount > 100"/>
      <sequenceFlow id="f" name='x > y' sourceRef="a" targetRef="a"/></process>
      <process id="two"><task id="b"/></process></definitions>`);
    expect(diagram.elements.get('a')).toEqual({ tag: 'task', name: 'amount > 100', process: 'one' });
    expect(diagram.elements.get('f')).toMatchObject({ name: 'x > y', process: 'one' });
    expect(diagram.elements.get('b')).toEqual({ tag: 'task', process: 'two' });
  });
});

describe("a definition's model, decisions and forms", () => {
  it('answers the parsed model with Flowable field names and the diagram locations', async () => {
    const response = await h.request('GET', `${definitions}/${drawn.id}/model`, { as: 'kermit' });
    expect(response.statusCode).toBe(200);
    const model = response.json();
    expect(model.processes).toHaveLength(1);
    expect(model.mainProcess).toMatchObject({ id: 'linksDiagram', name: 'Drawn process', executable: true });
    const elements = model.mainProcess.flowElements as { id: string; kind: string }[];
    expect(elements.map((e) => e.id).sort()).toEqual(
      [
        'approved',
        'decide',
        'rejected',
        'review',
        'start',
        'toApproved',
        'toDecide',
        'toRejected',
        'toReview',
      ].sort(),
    );
    expect(elements.find((e) => e.id === 'review')).toMatchObject({
      kind: 'userTask',
      name: 'Review <script>alert(1)</script> "now"',
      assignee: 'kermit',
      incomingFlows: ['toReview'],
      outgoingFlows: ['toDecide'],
      xmlRowNumber: 16,
    });
    expect(elements.find((e) => e.id === 'toApproved')).toMatchObject({
      kind: 'sequenceFlow',
      sourceRef: 'decide',
      targetRef: 'approved',
      conditionExpression: '${ok}',
    });
    expect(model.locationMap.review).toEqual({ x: 140, y: 65, width: 120, height: 80, expanded: true });
    expect(model.flowLocationMap.toReview).toEqual([
      { x: 90, y: 105 },
      { x: 140, y: 105 },
    ]);
    const plain = (await h.request('GET', `${definitions}/${undrawn.id}/model`)).json();
    expect([plain.mainProcess.id, plain.locationMap]).toEqual(['linksUndrawn', {}]);
  });

  it('lists no decisions, decision tables or form definitions (none is deployed with this model, and it names no form)', async () => {
    for (const path of ['decisions', 'decision-tables', 'form-definitions']) {
      const response = await h.request('GET', `${definitions}/${drawn.id}/${path}`, { as: 'kermit' });
      expect([path, response.statusCode, response.json()]).toEqual([path, 200, []]);
      const unknown = await h.request('GET', `${definitions}/nope/${path}`);
      expect([path, unknown.statusCode]).toEqual([path, 404]);
    }
    expect((await h.request('GET', `${definitions}/nope/model`)).statusCode).toBe(404);
    expect((await h.request('GET', `${definitions}/${drawn.id}/model`, { as: null })).statusCode).toBe(401);
  });
});
