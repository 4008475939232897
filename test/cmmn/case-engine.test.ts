/**
 * The case engine through its commands: a case deployed, started, its human tasks in the shared
 * task table driving it through sentries to a milestone and completion.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deployCases, setCaseVariables, startCase } from '../../src/cmmn/index.ts';
import { createEngineHarness, describeEachDatabase, type EngineHarness } from '../engine/harness.ts';

const fixture = (name: string) => readFile(new URL(`../fixtures/cmmn/${name}`, import.meta.url));

describeEachDatabase('case engine', (kind) => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await createEngineHarness(kind);
    await deployCases(h.engine, {
      name: 'review',
      category: null,
      tenantId: '',
      resources: [{ name: 'review-case.cmmn', content: await fixture('review-case.cmmn') }],
    });
  });
  afterAll(() => h.close());

  const planItems = async (caseId: string) => {
    const { rows } = await h.engine.services.db.query<{ element_id: string; state: string }>(
      'SELECT element_id, state FROM weir_cmmn_plan_item WHERE case_instance_id = $1 ORDER BY created_at, element_id',
      [caseId],
    );
    return Object.fromEntries(rows.map((r) => [r.element_id, r.state]));
  };
  const caseTasks = async (caseId: string) => {
    const { rows } = await h.engine.services.db.query<{
      id: string;
      task_definition_key: string;
      assignee: string | null;
    }>(
      `SELECT id, task_definition_key, assignee FROM weir_task WHERE scope_id = $1 AND scope_type = 'cmmn'`,
      [caseId],
    );
    return rows;
  };

  it('a sentry on a completed task starts the next; a milestone with an if-part waits for its variable', async () => {
    const started = await startCase(h.engine, { caseDefinitionKey: 'reviewCase', startUserId: 'kermit' });
    expect(await planItems(started.id)).toEqual({
      draftItem: 'active',
      reviewItem: 'available',
      reviewedItem: 'available',
    });
    const [draft] = await caseTasks(started.id);
    expect(draft).toMatchObject({ task_definition_key: 'draft', assignee: 'kermit' });
    await h.engine.completeTask(draft.id, { variables: { approved: false } });
    expect(await planItems(started.id)).toEqual({
      draftItem: 'completed',
      reviewItem: 'active',
      reviewedItem: 'available',
    });
    const [review] = await caseTasks(started.id);
    await h.engine.completeTask(review.id);
    // the review completed but the if-part does not hold: the milestone waits, the case stays
    expect(await planItems(started.id)).toEqual({
      draftItem: 'completed',
      reviewItem: 'completed',
      reviewedItem: 'available',
    });
    await setCaseVariables(h.engine, started.id, { approved: true });
    expect(await planItems(started.id)).toEqual({
      draftItem: 'completed',
      reviewItem: 'completed',
      reviewedItem: 'completed',
    });
    const { rows } = await h.engine.services.db.query<{ state: string; ended_at: Date | null }>(
      'SELECT state, ended_at FROM weir_cmmn_hi_case_instance WHERE id = $1',
      [started.id],
    );
    expect(rows[0].state).toBe('completed');
    expect(rows[0].ended_at).not.toBeNull();
    const milestones = await h.engine.services.db.query(
      'SELECT element_id FROM weir_cmmn_hi_milestone WHERE case_instance_id = $1',
      [started.id],
    );
    expect(milestones.rows).toEqual([{ element_id: 'reviewedItem' }]);
  });
});
