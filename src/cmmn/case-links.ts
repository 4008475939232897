/**
 * The people involved in a case instance, added and removed as commands under the case lock.
 * A link makes its user (or its group's members) involved: the case is visible to them. The
 * starter is recorded on the case itself, shown as a `starter` link, and cannot be removed.
 */
import { WeirError } from '../errors.ts';
import type { Principal } from '../engine/authorization.ts';
import type { Engine } from '../engine/engine.ts';
import { newId } from '../engine/ids.ts';
import { keepsHistory } from '../engine/task-records.ts';
import { caseLinkOf, deleteCaseLink, insertCaseLink } from '../persistence/case-links-sql.ts';
import type { Identity } from '../persistence/identity-links-sql.ts';
import { requireVisibleCase } from './case-access.ts';
import { loadCase } from './runtime/case-context.ts';

export interface CaseLink extends Identity {
  readonly type: string;
}

export const isCaseStarter = (startUserId: string | null, who: Identity, type: string): boolean =>
  type === 'starter' && who.userId !== null && who.userId === startUserId;

/** Adds the link; one already there (or the recorded starter) is answered as it is. */
export const addCaseIdentityLink = (
  engine: Engine,
  caseId: string,
  who: Identity,
  type: string,
  by: Principal | undefined,
): Promise<CaseLink> =>
  engine.command(async (ctx) => {
    const c = await loadCase(ctx, caseId);
    await requireVisibleCase(ctx.tx, by, caseId);
    const link = { ...who, type };
    if (isCaseStarter(c.row.startUserId, who, type) || (await caseLinkOf(ctx.tx, caseId, link))) return link;
    await insertCaseLink(
      ctx.tx,
      { id: newId(), ...link, caseInstanceId: caseId, createdAt: ctx.now },
      keepsHistory(ctx),
    );
    return link;
  });

/** Removes the link: 404 when there is none, 409 for the starter. */
export const removeCaseIdentityLink = (
  engine: Engine,
  caseId: string,
  who: Identity,
  type: string,
  by: Principal | undefined,
): Promise<void> =>
  engine.command(async (ctx) => {
    const c = await loadCase(ctx, caseId);
    await requireVisibleCase(ctx.tx, by, caseId);
    if (await deleteCaseLink(ctx.tx, caseId, { ...who, type })) return;
    if (isCaseStarter(c.row.startUserId, who, type))
      throw new WeirError(
        'WEIR_CONFLICT',
        `User '${who.userId}' started case instance '${caseId}'; the starter link cannot be removed`,
      );
    throw new WeirError('WEIR_NOT_FOUND', 'Could not find the requested identity link.');
  });
