/**
 * Running one command: begin, work (which locks the root instance first), run the agenda,
 * flush, commit; after commit only, hand local jobs to this node's queue, wake other nodes,
 * publish events. A failure anywhere rolls everything back and returns job reservations.
 */
import { WeirError, toWeirError, isWeirError } from '../errors.ts';
import { isBpmnError } from './bpmn-error.ts';
import { CommandContext } from './context.ts';
import { runAgenda } from './operations.ts';
import { flush } from './flush.ts';
import type { EngineServices } from './services.ts';

export { JOBS_CHANNEL } from './channels.ts';

/**
 * PostgreSQL's deadlock (40P01): two commands took the same rows in opposite orders (a process
 * that ends locks its case after its own root; a case terminated on another node locks itself,
 * then its process). PostgreSQL rolls one back; that one answers 409, as any other collision
 * with a concurrent change does, rather than 500: nothing of it was written, it may be repeated.
 */
const isDeadlock = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '40P01';

export interface CommandResult<T> {
  value: T;
  ctx: CommandContext;
}

export const runCommand = async <T>(
  services: EngineServices,
  work: (ctx: CommandContext) => Promise<T>,
): Promise<CommandResult<T>> => {
  let current: CommandContext | undefined;
  try {
    const result = await services.db.transaction(async (tx) => {
      const ctx = new CommandContext(services, tx);
      current = ctx;
      const value = await work(ctx);
      await runAgenda(ctx);
      const flushed = await flush(ctx);
      tx.afterCommit(() => {
        ctx.reservedJobSlots = 0;
        if (flushed.localJobs.length > 0) services.dispatcher?.dispatch(flushed.localJobs);
        services.bus.publish(ctx.events);
      });
      return { value, ctx };
    });
    return result;
  } catch (error) {
    // Reserved by the flush, but the write batch or the COMMIT failed: give the slots back.
    const reserved = current?.reservedJobSlots ?? 0;
    if (reserved > 0) services.dispatcher?.release(reserved);
    // A BPMN error that reached here was thrown where no boundary can catch it (a listener, a
    // delegate outside an activity): the same catalogued failure as one no boundary caught.
    if (isBpmnError(error)) {
      throw new WeirError(
        'WEIR_BPMN_ERROR_UNCAUGHT',
        `BPMN error '${error.errorCode}' was not caught: ${error.message}`,
        { cause: error, details: { errorCode: error.errorCode } },
      );
    }
    if (isDeadlock(error))
      throw new WeirError(
        'WEIR_CONFLICT',
        'The command collided with a concurrent command on the same instances and was rolled back; it may be repeated',
        { cause: error },
      );
    throw isWeirError(error) ? error : toWeirError(error);
  }
};
