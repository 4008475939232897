/**
 * Flowable's stage overview of a case, running or ended: its stages and milestones in plan
 * order, each current (active), ended (with the time) or still ahead, from the plan item
 * instances history keeps (the same rows for both routes).
 */
import type { Answer } from '../schemas/common.ts';
import type { StageOverviewItem } from '../schemas/cmmn.ts';
import type { Queryable } from '../../../persistence/database.ts';
import { caseModelOf } from '../../../cmmn/index.ts';
import { getCaseDefinition } from '../../../persistence/cmmn-sql.ts';
import { listPlanItems } from '../../../persistence/cmmn-rest-sql.ts';
import { WeirError } from '../../../errors.ts';
import { iso } from '../context.ts';

export const stageOverview = async (
  db: Queryable,
  c: { id: string; definitionId: string },
): Promise<Answer<typeof StageOverviewItem>[]> => {
  const definition = await getCaseDefinition(db, c.definitionId);
  if (!definition)
    throw new WeirError(
      'WEIR_NOT_FOUND',
      `Case definition '${c.definitionId}' of case instance '${c.id}' is no longer deployed`,
    );
  const model = await caseModelOf(db, definition);
  const items = (
    await listPlanItems(
      db,
      { caseInstanceId: c.id },
      { start: 0, size: 10_000, sort: 'createTime', order: 'asc' },
      false,
    )
  ).rows;
  return Object.values(model.planItems)
    .filter((p) => p.definition.kind === 'stage' || p.definition.kind === 'milestone')
    .map((p, index) => {
      const last = items.filter((i) => i.elementId === p.id).at(-1);
      const ended = last !== undefined && last.endedAt !== null;
      return {
        // Flowable names the stage or milestone by its definition's id, not its plan item's
        id: p.definitionId,
        name: p.name,
        current: last?.state === 'active',
        ended,
        endTime: ended ? iso(last.endedAt) : null,
        displayOrder: index,
      };
    });
};
