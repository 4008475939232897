/**
 * Candidate starters of a case definition, as a process definition has them
 * (engine/candidate-starters.ts): who may start the case (with admins), and whom the case
 * definition list's `startableByUser` filter shows it to. A definition with none may be
 * started by every REST user. Changing them is a deployer's right.
 */
import { WeirError } from '../errors.ts';
import type { Engine } from '../engine/engine.ts';
import { forbidden, isAdmin, requireDeployer, type Principal } from '../engine/authorization.ts';
import { newId } from '../engine/ids.ts';
import type { Queryable } from '../persistence/database.ts';
import {
  candidateStartersOf,
  deleteCandidateStarter,
  insertCandidateStarter,
  type CandidateStarterRow,
  type Identity,
} from '../persistence/identity-links-sql.ts';
import { privilegeNamesOfUser } from '../persistence/idm-sql.ts';
import { PRIVILEGE_ADMIN } from '../engine/authorization.ts';
import { getCaseDefinition } from '../persistence/cmmn-sql.ts';

const TABLE = 'weir_cmmn_candidate_starter';

const requireDefinition = async (db: Queryable, definitionId: string) => {
  if (!(await getCaseDefinition(db, definitionId)))
    throw new WeirError('WEIR_NOT_FOUND', `Could not find a case definition with id '${definitionId}'.`);
};

export const caseCandidateStarters = async (
  db: Queryable,
  definitionId: string,
): Promise<CandidateStarterRow[]> => {
  await requireDefinition(db, definitionId);
  return candidateStartersOf(db, definitionId, TABLE);
};

/** Add a candidate starter; adding one already there changes nothing. */
export const addCaseCandidateStarter = (
  engine: Engine,
  definitionId: string,
  who: Identity,
  by?: Principal,
) => {
  requireDeployer(by, 'change the candidate starters of', `case definition '${definitionId}'`);
  return engine.command(async (ctx) => {
    await requireDefinition(ctx.tx, definitionId);
    await insertCandidateStarter(ctx.tx, { id: newId(), definitionId, createdAt: ctx.now, ...who }, TABLE);
  });
};

/** Remove a candidate starter; false when the definition has no such starter. */
export const removeCaseCandidateStarter = (
  engine: Engine,
  definitionId: string,
  who: Identity,
  by?: Principal,
) => {
  requireDeployer(by, 'change the candidate starters of', `case definition '${definitionId}'`);
  return engine.command(async (ctx) => {
    await requireDefinition(ctx.tx, definitionId);
    return deleteCandidateStarter(ctx.tx, definitionId, who, TABLE);
  });
};

/** Refuse a start by a person who is not among the case definition's candidate starters (when it has any). */
export const requireCaseStarter = async (
  db: Queryable,
  principal: Principal | undefined,
  definitionId: string,
): Promise<void> => {
  if (principal === undefined || isAdmin(principal)) return;
  const starters = await candidateStartersOf(db, definitionId, TABLE);
  if (starters.length === 0) return;
  const mine = starters.some(
    (s) => s.userId === principal.userId || (s.groupId !== null && principal.groups.includes(s.groupId)),
  );
  if (!mine) throw forbidden(principal, 'start', `case definition '${definitionId}'`);
};

/** The list's `startableByUser` filter: none for an admin (who may start every case). */
export const caseStartableFilter = async (
  db: Queryable,
  userId: string | undefined,
): Promise<{ startableByUser?: string }> => {
  if (userId === undefined) return {};
  if ((await privilegeNamesOfUser(db, userId)).includes(PRIVILEGE_ADMIN)) return {};
  return { startableByUser: userId };
};
