/**
 * A case definition over `/cmmn-repository` beyond its row: its category, its candidate
 * starters (who may start it, and whom `startableByUser` lists it for), its model as JSON, the
 * decisions and forms deployed with it, its start form, and one resource of its deployment.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHarness, type HttpHarness } from '../http/harness.ts';

let h: HttpHarness;
const D = '/cmmn-api/cmmn-repository/case-definitions';
const fixture = (path: string) => readFile(new URL(`../fixtures/${path}`, import.meta.url));

const caseXml = (key: string, formKey?: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn"
             targetNamespace="http://weir.test/cmmn">
  <case id="${key}" name="Case ${key}">
    <casePlanModel id="${key}Plan"${formKey ? ` flowable:formKey="${formKey}"` : ''}>
      <planItem id="${key}Item" definitionRef="${key}Task"/>
      <humanTask id="${key}Task" name="Look" flowable:formKey="orderReview"/>
    </casePlanModel>
  </case>
</definitions>`;

/** The one case definition of a key. */
const definitionOf = async (key: string) => {
  const list = await h.request('GET', `${D}?key=${key}`);
  return (list.json() as { data: { id: string; deploymentId: string; category: string | null }[] }).data[0];
};

let packaged = { id: '', deploymentId: '' };
let alone = { id: '', deploymentId: '' };

beforeAll(async () => {
  h = await createHttpHarness();
  // a process deployment carrying a case, a DMN file and two forms: deployed together
  const together = await h.upload('/process-api/repository/deployments', [
    { name: 'packaged.cmmn', content: caseXml('packagedCase', 'orderStart') },
    { name: 'shipping-drd.dmn', content: await fixture('dmn/shipping-drd.dmn') },
    { name: 'ui-order-start.form', content: await fixture('forms/ui-order-start.form') },
    { name: 'ui-order-review.form', content: await fixture('forms/ui-order-review.form') },
  ]);
  expect(together.statusCode, together.body).toBe(201);
  const single = await h.upload('/cmmn-api/cmmn-repository/deployments', [
    { name: 'alone.cmmn', content: caseXml('aloneCase') },
  ]);
  expect(single.statusCode).toBe(201);
  packaged = await definitionOf('packagedCase');
  alone = await definitionOf('aloneCase');
});
afterAll(async () => {
  await h?.close();
});

describe('PUT case-definitions/{id}', () => {
  it("changes the category, shown on the definition and found by the list's filter", async () => {
    const res = await h.request('PUT', `${D}/${alone.id}`, { body: { category: 'claims' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: alone.id, category: 'claims' });
    expect((await h.request('GET', `${D}/${alone.id}`)).json()).toMatchObject({ category: 'claims' });
    const found = await h.request('GET', `${D}?category=claims`);
    expect((found.json() as { data: { id: string }[] }).data.map((d) => d.id)).toEqual([alone.id]);
  });

  it('refuses a body without a category, a non-deployer, and an unknown definition', async () => {
    const none = await h.request('PUT', `${D}/${alone.id}`, { body: { action: 'suspend' } });
    expect(none.statusCode).toBe(400);
    expect((none.json() as { exception: string }).exception).toContain("Invalid action: 'suspend'");
    const user = await h.request('PUT', `${D}/${alone.id}`, { as: 'kermit', body: { category: 'mine' } });
    expect(user.statusCode).toBe(403);
    expect((await h.request('PUT', `${D}/no-such-case`, { body: { category: 'x' } })).statusCode).toBe(404);
    expect((await h.request('GET', `${D}/${alone.id}`)).json()).toMatchObject({ category: 'claims' });
  });
});

describe('candidate starters of a case definition', () => {
  const links = () => `${D}/${packaged.id}/identitylinks`;
  const startAs = (as: 'kermit' | 'fozzie') =>
    h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
      as,
      body: { caseDefinitionId: packaged.id },
    });
  const startable = async (user: string) =>
    ((await h.request('GET', `${D}?startableByUser=${user}`)).json() as { data: { id: string }[] }).data.map(
      (d) => d.id,
    );

  it('a definition without any is started and listed for every REST user', async () => {
    expect((await h.request('GET', links())).json()).toEqual([]);
    expect((await startAs('fozzie')).statusCode).toBe(201);
    expect(await startable('fozzie')).toContain(packaged.id);
  });

  it('once it has one, only they (and admins) start it and see it as startable', async () => {
    const added = await h.request('POST', links(), { body: { user: 'kermit', type: 'ignored' } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      user: 'kermit',
      group: null,
      type: 'candidate',
      url: expect.stringContaining(
        `/case-definitions/${encodeURIComponent(packaged.id)}/identitylinks/users/kermit`,
      ),
    });
    expect((await h.request('GET', links())).json()).toMatchObject([{ user: 'kermit', type: 'candidate' }]);
    expect((await h.request('GET', `${links()}/users/kermit`)).statusCode).toBe(200);

    expect((await startAs('kermit')).statusCode).toBe(201);
    expect((await startAs('fozzie')).statusCode).toBe(403);
    expect(await startable('kermit')).toContain(packaged.id);
    expect(await startable('fozzie')).not.toContain(packaged.id);
    expect(await startable('fozzie')).toContain(alone.id);

    // fozzie is in group sales
    expect((await h.request('POST', links(), { body: { group: 'sales' } })).statusCode).toBe(201);
    expect((await startAs('fozzie')).statusCode).toBe(201);
    expect(await startable('fozzie')).toContain(packaged.id);
  });

  it('removing them opens it again; changing them is for deployers', async () => {
    expect((await h.request('POST', links(), { as: 'kermit', body: { user: 'fozzie' } })).statusCode).toBe(
      403,
    );
    expect((await h.request('DELETE', `${links()}/users/kermit`, { as: 'kermit' })).statusCode).toBe(403);
    const both = await h.request('POST', links(), { body: { user: 'kermit', group: 'sales' } });
    expect(both.statusCode).toBe(400);
    expect((await h.request('DELETE', `${links()}/users/kermit`)).statusCode).toBe(204);
    expect((await h.request('DELETE', `${links()}/groups/sales`)).statusCode).toBe(204);
    expect((await h.request('DELETE', `${links()}/groups/sales`)).statusCode).toBe(404);
    expect((await h.request('GET', `${links()}/users/kermit`)).statusCode).toBe(404);
    expect((await startAs('fozzie')).statusCode).toBe(201);
  });
});

describe('what a case definition came with', () => {
  it('lists the decisions deployed with it (decision-tables: the same), none for a case deployed alone', async () => {
    for (const path of ['decisions', 'decision-tables']) {
      const res = await h.request('GET', `${D}/${packaged.id}/${path}`);
      expect(res.statusCode).toBe(200);
      // the DRD's decision service and its two decisions
      expect((res.json() as { key: string }[]).map((d) => d.key).sort()).toEqual([
        'carrier',
        'shipping',
        'zone',
      ]);
      expect((await h.request('GET', `${D}/${alone.id}/${path}`)).json()).toEqual([]);
    }
    expect((await h.request('GET', `${D}/no-such-case/decisions`)).statusCode).toBe(404);
  });

  it('lists the form definitions its plan model and human tasks name', async () => {
    const res = await h.request('GET', `${D}/${packaged.id}/form-definitions`);
    expect((res.json() as { key: string }[]).map((f) => f.key).sort()).toEqual(['orderReview', 'orderStart']);
  });

  it("answers its start form (the plan model's formKey), and 404 when it has none", async () => {
    const res = await h.request('GET', `${D}/${packaged.id}/start-form`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ key: 'orderStart', name: 'New order' });
    expect((res.json() as { fields: { id: string }[] }).fields.map((f) => f.id)).toContain('customer');
    expect((await h.request('GET', `${D}/${packaged.id}`)).json()).toMatchObject({ startFormDefined: true });
    const none = await h.request('GET', `${D}/${alone.id}/start-form`);
    expect(none.statusCode).toBe(404);
    expect((none.json() as { exception: string }).exception).toContain('does not have a start form');
  });

  it('answers its model as JSON, with the case, its plan model and plan items', async () => {
    const res = await h.request('GET', `${D}/${alone.id}/model`);
    expect(res.statusCode).toBe(200);
    const model = res.json() as {
      primaryCase: {
        id: string;
        planModel: { id: string };
        planItems: { id: string; planItemDefinition: { kind: string } }[];
      };
      cases: unknown[];
    };
    expect(model.cases).toHaveLength(1);
    expect(model.primaryCase).toMatchObject({
      id: 'aloneCase',
      name: 'Case aloneCase',
      planModel: { id: 'aloneCasePlan' },
    });
    expect(model.primaryCase.planItems).toMatchObject([
      {
        id: 'aloneCaseItem',
        planItemDefinition: { id: 'aloneCaseTask', kind: 'humanTask', formKey: 'orderReview' },
      },
    ]);
  });

  it('answers one resource of its deployment, as the resource list names it', async () => {
    const R = `/cmmn-api/cmmn-repository/deployments/${alone.deploymentId}/resources`;
    const [listed] = (await h.request('GET', R)).json() as { id: string; url: string }[];
    const res = await h.request('GET', `${R}/${listed.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(listed);
    expect(res.json()).toMatchObject({ type: 'caseDefinition', mediaType: 'text/xml' });
    const missing = await h.request('GET', `${R}/other/missing.cmmn`);
    expect(missing.statusCode).toBe(404);
    expect((missing.json() as { exception: string }).exception).toContain('other/missing.cmmn');
  });
});
