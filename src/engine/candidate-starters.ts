/**
 * Candidate starters of a process definition: who may start it (with admins), and whom the
 * definition list's `startableByUser` filter shows it to. A definition with none may be started
 * by every REST user. They live in their own rows, copied from the model's
 * `flowable:candidateStarterUsers`/`candidateStarterGroups` the first time they are needed
 * (see the migration that added them), and are changed through the REST API.
 */
import type { Transaction } from '../persistence/database.ts';
import {
  candidateStartersOf,
  claimStarterSeeding,
  insertCandidateStarter,
  type CandidateStarterRow,
} from '../persistence/identity-links-sql.ts';
import { forbidden, isAdmin, type Principal } from './authorization.ts';
import { newId } from './ids.ts';
import type { EngineServices } from './services.ts';

/** Copy the model's starters into rows, once per definition (a no-op after the first time). */
export const seedCandidateStarters = async (
  services: EngineServices,
  tx: Transaction,
  definitionId: string,
): Promise<void> => {
  if (!(await claimStarterSeeding(tx, definitionId))) return;
  const { model } = await services.definitions.get(tx, definitionId);
  const createdAt = services.clock.now();
  const rows = [
    ...model.candidateStarterUsers.map((userId) => ({ userId, groupId: null })),
    ...model.candidateStarterGroups.map((groupId) => ({ userId: null, groupId })),
  ];
  for (const who of rows) {
    await insertCandidateStarter(tx, { id: newId(), definitionId, createdAt, ...who });
  }
};

export const currentCandidateStarters = async (
  services: EngineServices,
  tx: Transaction,
  definitionId: string,
): Promise<CandidateStarterRow[]> => {
  await seedCandidateStarters(services, tx, definitionId);
  return candidateStartersOf(tx, definitionId);
};

/** Refuse a start by a person who is not among the definition's candidate starters (when it has any). */
export const requireCandidateStarter = async (
  services: EngineServices,
  tx: Transaction,
  principal: Principal | undefined,
  definitionId: string,
): Promise<void> => {
  if (principal === undefined || isAdmin(principal)) return;
  const starters = await currentCandidateStarters(services, tx, definitionId);
  if (starters.length === 0) return;
  const mine = starters.some(
    (s) => s.userId === principal.userId || (s.groupId !== null && principal.groups.includes(s.groupId)),
  );
  if (!mine) throw forbidden(principal, 'start', `process definition '${definitionId}'`);
};
