/**
 * Case diagrams over `/cmmn-api`: a case definition's image and a running case's diagram, drawn
 * as SVG from the file's CMMN diagram interchange, the active plan items marked; a case whose
 * file does not draw it answers 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, type HttpHarness } from '../http/harness.ts';

let h: HttpHarness;

const DRAWN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn"
             xmlns:cmmndi="http://www.omg.org/spec/CMMN/20151109/CMMNDI"
             xmlns:dc="http://www.omg.org/spec/CMMN/20151109/DC" xmlns:di="http://www.omg.org/spec/CMMN/20151109/DI"
             targetNamespace="http://weir.test/cmmn">
  <case id="drawnCase" name="Drawn">
    <casePlanModel id="drawnPlan" name="Drawn plan">
      <planItem id="checkItem" name="Check &lt;it&gt;" definitionRef="check"/>
      <planItem id="checkedItem" definitionRef="checked">
        <entryCriterion id="afterCheck" sentryRef="checkDone"/>
      </planItem>
      <sentry id="checkDone">
        <planItemOnPart id="checkComplete" sourceRef="checkItem"><standardEvent>complete</standardEvent></planItemOnPart>
      </sentry>
      <humanTask id="check" name="Check"/>
      <milestone id="checked" name="Checked"/>
    </casePlanModel>
  </case>
  <cmmndi:CMMNDI>
    <cmmndi:CMMNDiagram id="drawnDiagram">
      <cmmndi:CMMNShape id="s1" cmmnElementRef="drawnPlan"><dc:Bounds x="20" y="20" width="500" height="240"/></cmmndi:CMMNShape>
      <cmmndi:CMMNShape id="s2" cmmnElementRef="checkItem"><dc:Bounds x="60" y="80" width="120" height="80"/></cmmndi:CMMNShape>
      <cmmndi:CMMNShape id="s3" cmmnElementRef="checkedItem"><dc:Bounds x="300" y="100" width="140" height="40"/></cmmndi:CMMNShape>
      <cmmndi:CMMNShape id="s4" cmmnElementRef="afterCheck"><dc:Bounds x="292" y="110" width="16" height="22"/></cmmndi:CMMNShape>
      <cmmndi:CMMNEdge id="e1" cmmnElementRef="checkComplete" sourceCMMNElementRef="checkItem" targetCMMNElementRef="afterCheck">
        <di:waypoint x="180" y="120"/><di:waypoint x="292" y="121"/>
      </cmmndi:CMMNEdge>
    </cmmndi:CMMNDiagram>
  </cmmndi:CMMNDI>
</definitions>`;

const UNDRAWN = DRAWN.replace(/<cmmndi:CMMNDI>[\s\S]*<\/cmmndi:CMMNDI>/, '').replaceAll('drawn', 'plain');

beforeAll(async () => {
  h = await createHttpHarness();
  for (const [name, content] of [
    ['drawn.cmmn', DRAWN],
    ['plain.cmmn', UNDRAWN],
  ]) {
    const res = await h.upload('/cmmn-api/cmmn-repository/deployments', [{ name, content }]);
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => {
  await h?.close();
});

const definitionId = async (key: string) =>
  (
    (await h.request('GET', `/cmmn-api/cmmn-repository/case-definitions?key=${key}`)).json() as {
      data: { id: string }[];
    }
  ).data[0].id;

describe('case diagrams', () => {
  it("draws a case definition's image from its diagram interchange, each plan item as its definition", async () => {
    const res = await h.request(
      'GET',
      `/cmmn-api/cmmn-repository/case-definitions/${await definitionId('drawnCase')}/image`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.body).toMatch(/^<svg /);
    expect(res.body).toContain('class="shape casePlanModel" data-element-id="drawnPlan"');
    expect(res.body).toContain('class="shape humanTask" data-element-id="checkItem"');
    expect(res.body).toContain('class="shape milestone" data-element-id="checkedItem"');
    expect(res.body).toContain('class="shape entryCriterion" data-element-id="afterCheck"');
    expect(res.body).toContain('class="edge planItemOnPart"');
    // names are escaped, never markup
    expect(res.body).toContain('Check &lt;it&gt;');
    expect(res.body).not.toContain('<it>');
    expect(res.body).not.toContain(' active"');
  });

  it("marks a running case's active plan items, and no longer once they are done", async () => {
    const started = await h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
      body: { caseDefinitionKey: 'drawnCase' },
    });
    const caseId = (started.json() as { id: string }).id;
    const res = await h.request('GET', `/cmmn-api/cmmn-runtime/case-instances/${caseId}/diagram`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('class="shape humanTask active" data-element-id="checkItem"');
    expect(res.body).not.toContain('class="shape milestone active"');
    expect(
      (await h.request('GET', `/cmmn-api/cmmn-runtime/case-instances/${caseId}/diagram`, { as: 'fozzie' }))
        .statusCode,
    ).toBe(404);
  });

  it('answers 400 for a case whose file does not draw it, and 404 for unknown ids', async () => {
    const id = await definitionId('plainCase');
    const image = await h.request('GET', `/cmmn-api/cmmn-repository/case-definitions/${id}/image`);
    expect(image.statusCode).toBe(400);
    expect((image.json() as { exception: string }).exception).toContain('has no image');
    const started = await h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
      body: { caseDefinitionKey: 'plainCase' },
    });
    const caseId = (started.json() as { id: string }).id;
    const diagram = await h.request('GET', `/cmmn-api/cmmn-runtime/case-instances/${caseId}/diagram`);
    expect(diagram.statusCode).toBe(400);
    expect((diagram.json() as { exception: string }).exception).toContain('no graphical notation');
    expect((await h.request('GET', '/cmmn-api/cmmn-repository/case-definitions/x/image')).statusCode).toBe(
      404,
    );
    expect((await h.request('GET', '/cmmn-api/cmmn-runtime/case-instances/x/diagram')).statusCode).toBe(404);
  });
});
