/**
 * Dead letters back to work: what an operator does (through the management API) once the
 * cause of a job's failures is fixed. Callable on any node, with or without an executor.
 */
import { WeirError } from '../errors.ts';
import { JOBS_CHANNEL } from '../engine/index.ts';
import type { Database } from '../persistence/database.ts';
import { moveDeadLetterJob } from '../persistence/jobs-sql.ts';

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
  if (!Number.isInteger(retries) || retries < 1) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Retries must be a whole number of at least 1, not ${retries}`,
    );
  }
  if (!(await moveDeadLetterJob(db, jobId, retries, now))) {
    throw new WeirError('WEIR_NOT_FOUND', `Could not find a dead-letter job with id '${jobId}'.`);
  }
  await db.notify(JOBS_CHANNEL, '');
};
