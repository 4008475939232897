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
import type { Transaction } from '../persistence/database.ts';
import { isConnectionLoss } from '../persistence/connection-loss.ts';
import { limitLockWaits } from '../persistence/jobs-sql.ts';

export { JOBS_CHANNEL } from './channels.ts';

/**
 * PostgreSQL's deadlock (40P01): two commands took the same rows in opposite orders (a process
 * that ends locks its case after its own root; a case terminated on another node locks itself,
 * then its process). PostgreSQL rolls one back; that one answers 409, as any other collision
 * with a concurrent change does, rather than 500: nothing of it was written, it may be repeated.
 */
const sqlState = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;

const isDeadlock = (error: unknown): boolean => sqlState(error) === '40P01';

export interface CommandResult<T> {
  value: T;
  ctx: CommandContext;
}

/** The part of a command inside its transaction: work, agenda, flush, after-commit hand-off. */
const commandIn = async <T>(
  services: EngineServices,
  tx: Transaction,
  work: (ctx: CommandContext) => Promise<T>,
  started: (ctx: CommandContext) => void,
): Promise<CommandResult<T>> => {
  const ctx = new CommandContext(services, tx);
  started(ctx);
  const value = await work(ctx);
  await runAgenda(ctx);
  const flushed = await flush(ctx);
  tx.afterCommit(() => {
    ctx.reservedJobSlots = 0;
    if (flushed.localJobs.length > 0) services.dispatcher?.dispatch(flushed.localJobs);
    services.bus.publish(ctx.events);
  });
  return { value, ctx };
};

/** Give back the queue slots a command's flush reserved, when what it wrote did not commit. */
const releaseReserved = (services: EngineServices, ctx: CommandContext | undefined): void => {
  const reserved = ctx?.reservedJobSlots ?? 0;
  if (reserved > 0) {
    ctx!.reservedJobSlots = 0;
    services.dispatcher?.release(reserved);
  }
};

/** A command's failure as its caller sees it. */
const commandError = (error: unknown): Error => {
  // A BPMN error that reached here was thrown where no boundary can catch it (a listener, a
  // delegate outside an activity): the same catalogued failure as one no boundary caught.
  if (isBpmnError(error)) {
    return new WeirError(
      'WEIR_BPMN_ERROR_UNCAUGHT',
      `BPMN error '${error.errorCode}' was not caught: ${error.message}`,
      {
        cause: error,
        details: { errorCode: error.errorCode },
      },
    );
  }
  if (isDeadlock(error))
    return new WeirError(
      'WEIR_CONFLICT',
      'The command collided with a concurrent command on the same instances and was rolled back; it may be repeated',
      { cause: error },
    );
  return isWeirError(error) ? error : toWeirError(error);
};

export const runCommand = async <T>(
  services: EngineServices,
  work: (ctx: CommandContext) => Promise<T>,
): Promise<CommandResult<T>> => {
  let current: CommandContext | undefined;
  try {
    return await services.db.transaction((tx) => commandIn(services, tx, work, (ctx) => (current = ctx)));
  } catch (error) {
    // Reserved by the flush, but the write batch or the COMMIT failed: give the slots back.
    releaseReserved(services, current);
    throw commandError(error);
  }
};

/** One command of a group: its result, `busy` (it met a lock held elsewhere), or its error. */
export type GroupedResult<T> =
  | { readonly outcome: 'done'; readonly result: CommandResult<T> }
  | { readonly outcome: 'busy' }
  | { readonly outcome: 'failed'; readonly error: Error };

/**
 * PostgreSQL's lock_not_available (55P03, the group's lock timeout) and deadlock (40P01): the
 * command met rows another transaction holds. In a group it waits for no one (it would make
 * the commands before it hold their instances meanwhile); it runs again alone.
 */
const isLockWait = (error: unknown): boolean => isDeadlock(error) || sqlState(error) === '55P03';

/**
 * Run several commands in one transaction, each in a savepoint of its own, and commit them
 * together: one COMMIT (and one WAL flush) for all. A command that fails is rolled back to its
 * savepoint and the others go on; a command that would wait for a lock (longer than
 * `lockTimeoutMs`) is rolled back too and reported `busy`. When the transaction itself fails
 * (the COMMIT, the connection), nothing of the group stays and the error is thrown. After-commit
 * work of every command runs once the group has committed. Needs `Transaction.savepoint`.
 */
export const runCommandGroup = async <T>(
  services: EngineServices,
  works: readonly ((ctx: CommandContext) => Promise<T>)[],
  lockTimeoutMs: number,
): Promise<GroupedResult<T>[]> => {
  const done: CommandContext[] = [];
  try {
    return await services.db.transaction(async (tx) => {
      const savepoint = tx.savepoint;
      if (!savepoint) throw new Error('This database runs no command groups');
      await limitLockWaits(tx, lockTimeoutMs);
      const results: GroupedResult<T>[] = [];
      for (const work of works) {
        let current: CommandContext | undefined;
        try {
          const result = await savepoint((part) => commandIn(services, part, work, (ctx) => (current = ctx)));
          done.push(result.ctx);
          results.push({ outcome: 'done', result });
        } catch (error) {
          releaseReserved(services, current);
          // the transaction cannot go on without its connection: the whole group failed
          if (isConnectionLoss(error)) throw error;
          results.push(
            isLockWait(error) ? { outcome: 'busy' } : { outcome: 'failed', error: commandError(error) },
          );
        }
      }
      return results;
    });
  } catch (error) {
    for (const ctx of done) releaseReserved(services, ctx);
    throw isConnectionLoss(error) ? error : commandError(error);
  }
};
