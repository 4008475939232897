/**
 * Management commands on waiting timer jobs: fire one now (move it to the executable jobs) or
 * give it another due date. The executor is woken so that a moved timer runs at once.
 */
import { WeirError } from '../errors.ts';
import { moveTimerToExecutable, rescheduleTimer } from '../persistence/rest-jobs-sql.ts';
import { JOBS_CHANNEL } from './channels.ts';
import { DUE_BEFORE_MOVE } from './job-execution.ts';
import type { EngineServices } from './services.ts';

const notFound = (jobId: string): never => {
  throw new WeirError('WEIR_NOT_FOUND', `Could not find a timer job with id '${jobId}'.`);
};

const wakeExecutor = (services: EngineServices): Promise<void> =>
  services.db.notify(JOBS_CHANNEL, '').catch(() => {});

export const moveTimerJobToExecutable = async (services: EngineServices, jobId: string): Promise<void> => {
  const moved = await moveTimerToExecutable(services.db, jobId, services.clock.now(), DUE_BEFORE_MOVE);
  if (!moved) notFound(jobId);
  await wakeExecutor(services);
};

export const rescheduleTimerJob = async (
  services: EngineServices,
  jobId: string,
  dueAt: Date,
): Promise<void> => {
  if (!(await rescheduleTimer(services.db, jobId, dueAt))) notFound(jobId);
  await wakeExecutor(services);
};
