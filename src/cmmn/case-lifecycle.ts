/**
 * The case lifecycle beyond start and terminate: a running case renamed (name, business key,
 * business status), cases deleted or terminated in bulk, and the history of ended cases
 * deleted. Each is one command; a bulk locks its cases in id order (no deadlock between two
 * bulks) and is all or none: one unknown, invisible or running id changes nothing.
 *
 * Flowable's `deleteCaseInstance` removes the runtime case and records its end as terminated
 * without the plan items' own terminate transitions; Weir ends it as `terminate` does (its
 * plan items terminated, their tasks and timers removed), so that no task or job of a case is
 * left behind. Either way the history shows a terminated case.
 */
import { WeirError } from '../errors.ts';
import type { Engine } from '../engine/engine.ts';
import { notFoundError, type Principal } from '../engine/authorization.ts';
import { deleteHistoricCase, lockHistoricCase } from '../persistence/cmmn-lifecycle-sql.ts';
import { loadVisibleCase } from './case-commands.ts';
import { requireVisibleCase } from './case-access.ts';
import { runCaseAgenda } from './runtime/agenda.ts';
import { terminateCase } from './runtime/case-end.ts';

export interface CaseChanges {
  name?: string;
  businessKey?: string;
  businessStatus?: string;
}

/** Change what names a running case; its history row follows in the same flush. */
export const updateCaseInstance = (engine: Engine, caseId: string, changes: CaseChanges, by?: Principal) =>
  engine.command(async (ctx) => {
    const c = await loadVisibleCase(ctx, caseId, by);
    if (changes.name !== undefined) c.row.name = changes.name;
    if (changes.businessKey !== undefined) c.row.businessKey = changes.businessKey;
    if (changes.businessStatus !== undefined) c.row.businessStatus = changes.businessStatus;
    c.renamed = true;
  });

/** End running cases as `terminate` does (see above for `delete`), all or none. */
export const endCaseInstances = (engine: Engine, caseIds: readonly string[], by?: Principal) =>
  engine.command(async (ctx) => {
    for (const id of [...new Set(caseIds)].sort()) {
      const c = await loadVisibleCase(ctx, id, by);
      terminateCase(ctx, c, 'terminate', null);
    }
    await runCaseAgenda(ctx);
  });

/**
 * Delete the history of ended cases, all or none. A running case is refused (400): its
 * commands still write the rows that would go.
 */
export const deleteHistoricCaseInstances = (engine: Engine, caseIds: readonly string[], by?: Principal) =>
  engine.command(async (ctx) => {
    for (const id of [...new Set(caseIds)].sort()) {
      const state = await lockHistoricCase(ctx.tx, id);
      if (!state) throw notFoundError('historic case instance', id);
      await requireVisibleCase(ctx.tx, by, id);
      if (!state.ended || state.running)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Case instance '${id}' is still running, cannot delete its history; terminate it first`,
        );
      await deleteHistoricCase(ctx.tx, id);
      ctx.deletedHistoricCaseIds.add(id);
    }
  });
