/**
 * Dead letters back to work: what an operator does (through the management API) once the
 * cause of a job's failures is fixed. Callable on any node, with or without an executor.
 */
import { WeirError } from '../errors.ts';
import { JOBS_CHANNEL } from '../engine/index.ts';
import type { Database } from '../persistence/database.ts';
import { moveDeadLetterJob } from '../persistence/jobs-sql.ts';

const requireRetries = (retries: number): void => {
  if (!Number.isInteger(retries) || retries < 1) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Retries must be a whole number of at least 1, not ${retries}`,
    );
  }
};

/**
 * Make dead-letter job `jobId` executable again with `retries` attempts, due at `now`, and
 * wake idle nodes so it runs at once rather than at the next poll.
 */
export const moveDeadLetterJobToExecutable = async (
  db: Database,
  jobId: string,
  retries: number,
  now: Date = new Date(),
): Promise<void> => {
  requireRetries(retries);
  if (!(await moveDeadLetterJob(db, jobId, retries, now))) {
    throw new WeirError('WEIR_NOT_FOUND', `Could not find a dead-letter job with id '${jobId}'.`);
  }
  await db.notify(JOBS_CHANNEL, '');
};

/**
 * The same move for many jobs, all or none: in one transaction, so that when one id is not a
 * dead letter (unknown, or moved meanwhile, or of another engine than `scopeType` when given)
 * nothing moves and the answer names every such id.
 */
export const moveDeadLetterJobsToExecutable = async (
  db: Database,
  jobIds: readonly string[],
  retries: number,
  now: Date = new Date(),
  scopeType?: 'cmmn',
): Promise<void> => {
  requireRetries(retries);
  await db.transaction(async (tx) => {
    const missing: string[] = [];
    for (const id of new Set(jobIds))
      if (!(await moveDeadLetterJob(tx, id, retries, now, scopeType))) missing.push(id);
    if (missing.length > 0) {
      throw new WeirError(
        'WEIR_NOT_FOUND',
        `Could not find a dead letter job(s) with id(s) {${missing.join(',')}}`,
      );
    }
  });
  await db.notify(JOBS_CHANNEL, '');
};
