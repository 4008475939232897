/**
 * Case variables over REST: given at start, listed, read one by one, created (POST, 409 on an
 * existing name), created or updated (PUT), updated one by one, deleted; types as Flowable names
 * them; the initiator variable. After Flowable's `VariablesTest` and the CMMN REST
 * `CaseInstanceVariablesCollectionResourceTest` and `CaseInstanceVariableResourceTest`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpHarness } from '../http/harness.ts';
import { CMMN, caseTasksOf, caseVariablesOf, startCase, useCmmnFamily } from './cmmn-support.ts';
import { ok, restVariables } from './support.ts';

const { harness } = useCmmnFamily('variables');
let h: HttpHarness;
beforeAll(() => {
  h = harness();
});

const started = async (variables: Record<string, unknown> = {}) =>
  (await startCase(h, 'varCase', variables)).id as string;

const variablesUrl = (id: string) => `${CMMN}/cmmn-runtime/case-instances/${id}/variables`;

describe('reading variables', () => {
  it('variables given at start are the case’s, with Flowable’s types (VariablesTest.testGetVariables)', async () => {
    const id = await started({ name: 'Kermit', age: 7, tall: false, ratio: 0.5, tags: { a: 1 } });
    const variables = await caseVariablesOf(h, id);
    expect(variables.name).toMatchObject({ type: 'string', value: 'Kermit' });
    expect(variables.age).toMatchObject({ type: 'integer', value: 7 });
    expect(variables.tall).toMatchObject({ type: 'boolean', value: false });
    expect(variables.ratio).toMatchObject({ type: 'double', value: 0.5 });
    expect(variables.tags).toMatchObject({ type: 'json', value: { a: 1 } });
  });

  it('one variable can be read by name (CaseInstanceVariableResourceTest.testGetCaseInstanceVariable)', async () => {
    const id = await started({ colour: 'teal' });
    const variable = await ok(h, 'GET', `${variablesUrl(id)}/colour`);
    expect(variable).toMatchObject({ name: 'colour', type: 'string', value: 'teal' });
  });

  it('an unknown variable is a 404 (CaseInstanceVariableResourceTest.testGetCaseInstanceVariable)', async () => {
    const id = await started();
    const response = await h.request('GET', `${variablesUrl(id)}/nothing`);
    expect(response.statusCode).toBe(404);
  });

  it('the variables of an unknown case are a 404 (CaseInstanceVariablesCollectionResourceTest)', async () => {
    const response = await h.request('GET', variablesUrl('no-such-case'));
    expect(response.statusCode).toBe(404);
  });
});

describe('writing variables', () => {
  it('POST creates variables, answering 201 (CaseInstanceVariablesCollectionResourceTest.testCreateSingleCaseInstanceVariable)', async () => {
    const id = await started();
    const response = await h.request('POST', variablesUrl(id), {
      body: restVariables({ fresh: 'yes', n: 3 }),
    });
    expect(response.statusCode).toBe(201);
    const variables = await caseVariablesOf(h, id);
    expect(variables.fresh.value).toBe('yes');
    expect(variables.n.value).toBe(3);
  });

  it('POST of an existing name is a 409, and the value stays (CaseInstanceVariablesCollectionResourceTest.testCreateSingleCaseVariableEdgeCases)', async () => {
    const id = await started({ taken: 'first' });
    const response = await h.request('POST', variablesUrl(id), { body: restVariables({ taken: 'second' }) });
    expect(response.statusCode).toBe(409);
    expect((await caseVariablesOf(h, id)).taken.value).toBe('first');
  });

  it('PUT creates new and overwrites existing variables (CaseInstanceVariablesCollectionResourceTest.testCreateMultipleCaseVariablesWithOverride)', async () => {
    const id = await started({ kept: 1, changed: 'old' });
    await ok(h, 'PUT', variablesUrl(id), restVariables({ changed: 'new', added: true }));
    const variables = await caseVariablesOf(h, id);
    expect(variables.kept.value).toBe(1);
    expect(variables.changed.value).toBe('new');
    expect(variables.added.value).toBe(true);
  });

  it('PUT on one variable updates it (CaseInstanceVariableResourceTest.testUpdateCaseVariable)', async () => {
    const id = await started({ level: 1 });
    const updated = await ok(h, 'PUT', `${variablesUrl(id)}/level`, {
      name: 'level',
      type: 'integer',
      value: 2,
    });
    expect(updated).toMatchObject({ name: 'level', value: 2 });
    expect((await caseVariablesOf(h, id)).level.value).toBe(2);
  });

  it('DELETE removes a variable, answering 204 (CaseInstanceVariableResourceTest.testDeleteProcessVariable)', async () => {
    const id = await started({ doomed: 'x', spared: 'y' });
    const response = await h.request('DELETE', `${variablesUrl(id)}/doomed`);
    expect(response.statusCode).toBe(204);
    const variables = await caseVariablesOf(h, id);
    expect(variables).not.toHaveProperty('doomed');
    expect(variables.spared.value).toBe('y');
  });

  it('a variable of an unknown type is a 400 and nothing is written (CaseInstanceVariablesCollectionResourceTest)', async () => {
    const id = await started();
    const response = await h.request('POST', variablesUrl(id), {
      body: [
        { name: 'good', type: 'string', value: 'fine' },
        { name: 'bad', type: 'no-such-type', value: 1 },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(await caseVariablesOf(h, id)).not.toHaveProperty('good');
  });
});

describe('the initiator', () => {
  it('flowable:initiatorVariableName stores the starting user in a variable (CaseInstanceCollectionResourceTest, initiator)', async () => {
    const response = await h.request('POST', `${CMMN}/cmmn-runtime/case-instances`, {
      as: 'kermit',
      body: { caseDefinitionKey: 'varInitiator' },
    });
    expect(response.statusCode).toBe(201);
    const id = response.json().id as string;
    expect((await caseVariablesOf(h, id)).starter.value).toBe('kermit');
    expect((await caseTasksOf(h, id))[0].assignee).toBe('kermit');
  });
});
