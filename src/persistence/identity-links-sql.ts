/**
 * Identity links of process instances (the people involved: `participant`, `starter` and any
 * other type a client names) and candidate starters of process definitions.
 */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';
import type { IdentityLinkRow } from '../engine/runtime-types.ts';

/** One user or group: exactly one of the two is set. */
export interface Identity {
  readonly userId: string | null;
  readonly groupId: string | null;
}

export const instanceLinkOf = async (
  db: Queryable,
  instanceId: string,
  link: Identity & { type: string },
): Promise<IdentityLinkRow | undefined> => {
  const { rows } = await db.query(
    `SELECT * FROM weir_identity_link WHERE process_instance_id = $1 AND task_id IS NULL AND type = $2
       AND (user_id = $3 OR group_id = $4) ORDER BY created_at, id LIMIT 1`,
    [instanceId, link.type, link.userId, link.groupId],
  );
  return rows[0] ? toCamelRow<IdentityLinkRow>(rows[0]) : undefined;
};

export const deleteInstanceLink = async (
  db: Queryable,
  instanceId: string,
  link: Identity & { type: string },
): Promise<boolean> => {
  const { rowCount } = await db.query(
    `DELETE FROM weir_identity_link WHERE process_instance_id = $1 AND task_id IS NULL AND type = $2
       AND (user_id = $3 OR group_id = $4)`,
    [instanceId, link.type, link.userId, link.groupId],
  );
  return rowCount > 0;
};

// --- candidate starters -------------------------------------------------------------------------

export interface CandidateStarterRow extends Identity {
  readonly id: string;
  readonly definitionId: string;
  readonly createdAt: Date;
}

/** Whose starters: a process definition's, or a case definition's (migration 025). */
export type StarterTable = 'weir_candidate_starter' | 'weir_cmmn_candidate_starter';

export const candidateStartersOf = async (
  db: Queryable,
  definitionId: string,
  table: StarterTable = 'weir_candidate_starter',
): Promise<CandidateStarterRow[]> => {
  const { rows } = await db.query(
    `SELECT * FROM ${table} WHERE definition_id = $1
     ORDER BY created_at, user_id NULLS LAST, group_id, id`,
    [definitionId],
  );
  return rows.map((r) => toCamelRow<CandidateStarterRow>(r));
};

/** Adds the starter unless it is there already; answers whether it was added. */
export const insertCandidateStarter = async (
  db: Queryable,
  row: CandidateStarterRow,
  table: StarterTable = 'weir_candidate_starter',
): Promise<boolean> => {
  const { rowCount } = await db.query(
    `INSERT INTO ${table} (id, definition_id, user_id, group_id, created_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [row.id, row.definitionId, row.userId, row.groupId, row.createdAt],
  );
  return rowCount > 0;
};

export const deleteCandidateStarter = async (
  db: Queryable,
  definitionId: string,
  who: Identity,
  table: StarterTable = 'weir_candidate_starter',
): Promise<boolean> => {
  const { rowCount } = await db.query(
    `DELETE FROM ${table} WHERE definition_id = $1 AND (user_id = $2 OR group_id = $3)`,
    [definitionId, who.userId, who.groupId],
  );
  return rowCount > 0;
};

/**
 * Marks a definition's starters as copied from its model. Answers true to exactly one caller:
 * the row lock makes a concurrent second caller wait, then find the flag already set.
 */
export const claimStarterSeeding = async (db: Queryable, definitionId: string): Promise<boolean> => {
  const { rowCount } = await db.query(
    `UPDATE weir_process_definition SET starters_seeded = true WHERE id = $1 AND NOT starters_seeded`,
    [definitionId],
  );
  return rowCount > 0;
};

/** Definitions whose starters have not been copied from their models yet (old deployments). */
export const definitionsWithoutSeededStarters = async (db: Queryable): Promise<string[]> => {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM weir_process_definition WHERE NOT starters_seeded ORDER BY id`,
  );
  return rows.map((r) => r.id);
};
