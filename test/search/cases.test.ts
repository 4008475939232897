/**
 * Case instances in the search index (`POST /search-api/query/case-instances` and its counts):
 * written by each case command, running and ended, found by full text, variables, definition
 * key and state; each user finds the cases they may see, as the case API shows them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, basic, createHttpHarness, type HttpHarness } from '../http/harness.ts';
import { deployCase } from '../conformance/cmmn-support.ts';
import { reindex } from '../../src/search/reindex.ts';

const CASE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:flowable="http://flowable.org/cmmn"
             targetNamespace="http://weir.dev/test/search">
  <case id="searchClaim" name="Claim handling">
    <casePlanModel id="plan" name="Claim handling">
      <planItem id="assessItem" name="Assess" definitionRef="assess"/>
      <humanTask id="assess" name="Assess the claim"/>
    </casePlanModel>
  </case>
</definitions>`;

let h: HttpHarness;
let glass: string;
let roof: string;

const startCase = async (
  businessKey: string,
  variables: { name: string; type?: string; value: unknown }[],
) => {
  const response = await h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
    body: { caseDefinitionKey: 'searchClaim', businessKey, variables },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
};

const search = async (body: Record<string, unknown>, as = 'admin') => {
  // any user, also one the harness does not know (rowlf, a deployer)
  const response = await h.app.inject({
    method: 'POST',
    url: '/search-api/query/case-instances',
    headers: { authorization: basic(as) },
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { data: Record<string, unknown>[]; total: number };
};

const keysOf = async (body: Record<string, unknown>) =>
  (await search(body)).data.map((c) => c.businessKey).sort();

beforeAll(async () => {
  h = await createHttpHarness();
  await addUser(h.db, 'rowlf', ['access-rest-api', 'deploy-definitions']);
  const deployed = await deployCase(h, 'search-claim.cmmn', CASE_XML);
  expect(deployed.statusCode, deployed.body).toBe(201);
  glass = await startCase('glass', [
    { name: 'note', value: 'broken windscreen on the motorway' },
    { name: 'amount', type: 'integer', value: 700 },
  ]);
  roof = await startCase('roof', [
    { name: 'note', value: 'storm took the roof tiles' },
    { name: 'amount', type: 'integer', value: 4200 },
  ]);
});
afterAll(() => h.close());

describe('case instances in the search index', () => {
  it('are found by the words of their string variables, with the case shape', async () => {
    const found = await search({ text: 'windscreen' });
    expect(found.total).toBe(1);
    expect(found.data[0]).toMatchObject({
      id: glass,
      businessKey: 'glass',
      caseDefinitionKey: 'searchClaim',
      state: 'active',
      endTime: null,
      url: expect.stringContaining(`/cmmn-api/cmmn-history/historic-case-instances/${glass}`),
    });
  });

  it('are found by variable conditions and by definition key', async () => {
    expect(await keysOf({ variables: [{ name: 'amount', operation: 'greaterThan', value: 1000 }] })).toEqual([
      'roof',
    ]);
    expect(await keysOf({ caseDefinitionKey: 'searchClaim' })).toEqual(['glass', 'roof']);
  });

  it('follow a variable set through the case API in the same request', async () => {
    const set = await h.request('PUT', `/cmmn-api/cmmn-runtime/case-instances/${glass}/variables`, {
      body: [{ name: 'amount', type: 'integer', value: 5000 }],
    });
    expect(set.statusCode, set.body).toBe(201);
    expect(await keysOf({ variables: [{ name: 'amount', operation: 'greaterThan', value: 1000 }] })).toEqual([
      'glass',
      'roof',
    ]);
  });

  it('stay found when the case ends, as terminated and finished', async () => {
    expect((await h.request('DELETE', `/cmmn-api/cmmn-runtime/case-instances/${roof}`)).statusCode).toBe(204);
    const ended = await search({ finished: true });
    expect(ended.data.map((c) => c.id)).toEqual([roof]);
    expect(ended.data[0]).toMatchObject({ state: 'terminated', endTime: expect.any(String) });
    expect(await keysOf({ state: 'active' })).toEqual(['glass']);
    const counts = await h.request('POST', '/search-api/counts/case-instances', {
      body: { groupBy: 'state' },
    });
    expect(counts.json().data).toEqual(
      expect.arrayContaining([
        { key: 'active', count: 1 },
        { key: 'terminated', count: 1 },
      ]),
    );
  });

  it('are found only by those who may see the case: its starter, not an uninvolved deployer', async () => {
    const started = await h.request('POST', '/cmmn-api/cmmn-runtime/case-instances', {
      as: 'kermit',
      body: { caseDefinitionKey: 'searchClaim', businessKey: 'kermits-claim' },
    });
    expect(started.statusCode, started.body).toBe(201);
    expect((await search({}, 'kermit')).data.map((c) => c.businessKey)).toEqual(['kermits-claim']);
    // rowlf may deploy, but has no part in any of these cases (as processes, deployers are filtered)
    expect((await search({}, 'rowlf')).total).toBe(0);
    expect((await search({})).total).toBe(3);
    // the process lists are not touched by cases
    const instances = await h.request('POST', '/search-api/query/historic-process-instances', { body: {} });
    expect(instances.json().total).toBe(0);
  });
});

describe('weir reindex and cases', () => {
  it('rebuilds running and ended cases with their variables, and removes a deleted case', async () => {
    const before = {
      active: await keysOf({ state: 'active' }),
      finished: await keysOf({ finished: true }),
      big: await keysOf({ variables: [{ name: 'amount', operation: 'greaterThan', value: 1000 }] }),
      words: await keysOf({ text: 'storm' }),
    };
    expect(before).toEqual({
      active: ['glass', 'kermits-claim'],
      finished: ['roof'],
      big: ['glass', 'roof'],
      words: ['roof'],
    });
    await h.db.query(`DELETE FROM weir_search_document WHERE kind = 'case'`);
    await h.db.query(`DELETE FROM weir_search_variable WHERE scope = 'case'`);
    // a case document nothing backs any more (the case is gone from runtime and history)
    await h.db.query(
      `INSERT INTO weir_search_document (kind, id, title, body) VALUES ('case', 'gone-case', 'Gone', to_tsvector('gone'))`,
    );
    expect(await keysOf({})).toEqual([]);

    const result = await reindex(h.db, { language: 'simple', batchSize: 1 });
    expect(result).toMatchObject({ cases: 3, removed: 1 });
    expect({
      active: await keysOf({ state: 'active' }),
      finished: await keysOf({ finished: true }),
      big: await keysOf({ variables: [{ name: 'amount', operation: 'greaterThan', value: 1000 }] }),
      words: await keysOf({ text: 'storm' }),
    }).toEqual(before);
    // the visibility rule still applies to rebuilt documents
    expect((await search({}, 'kermit')).data.map((c) => c.businessKey)).toEqual(['kermits-claim']);
  });
});
